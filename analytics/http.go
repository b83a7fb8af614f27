package analytics

import (
	"errors"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Route is the path of the RPC endpoint (GET and POST); {name} is one of Functions().
const Route = "/api/rpc/{name}"

// Handle answers GET or POST /api/rpc/{name}: parameters from the query string and,
// for POST, a JSON (or form) body, whose values win.
func (s *Service) Handle(e *core.RequestEvent) error {
	name := e.Request.PathValue("name")
	if _, ok := functions[name]; !ok {
		return e.NotFoundError("Unknown analytics function.", nil)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("Invalid request body.", err)
	}
	p := Params{}
	for k, v := range info.Query {
		p[k] = v
	}
	for k, v := range info.Body {
		p[k] = v
	}
	res, err := s.Call(e.Request.Context(), name, p)
	var verrs validation.Errors
	switch {
	case errors.As(err, &verrs):
		return e.BadRequestError(errorMessage(verrs), verrs)
	case err != nil:
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, res)
}
