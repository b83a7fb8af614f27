package analytics

import (
	"context"
	"errors"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
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

// Bind schedules the per-minute rollup job and the daily retention job on the app's
// cron (which runs while the app serves), starts the Notify loop (stopped when the app
// terminates), and re-syncs after a log row is deleted
// through PocketBase: if the newest rows go, SQLite hands their rowids to the next rows,
// and the watermark must step back before those arrive.
func (s *Service) Bind() {
	s.app.Cron().MustAdd("nezukoAnalyticsRollup", "* * * * *", s.cronSync)
	s.app.Cron().MustAdd("nezukoLogRetention", "17 3 * * *", s.cronPrune)
	s.startNotified()
	s.app.OnRecordAfterDeleteSuccess(c.VerificationLog, c.APICallLog).BindFunc(func(e *core.RecordEvent) error {
		if err := s.Sync(context.Background()); err != nil {
			e.App.Logger().Error("analytics rollup after delete failed", "error", err)
		}
		return e.Next()
	})
}
