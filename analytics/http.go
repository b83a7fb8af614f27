package analytics

import (
	"errors"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	c "github.com/nezuko/nezuko/collections"
)

// Route is the path of the RPC endpoint; {name} is one of Functions().
const Route = "/api/rpc/{name}"

// RequireActiveAdmin lets through superusers and active, not deleted admin_users; it
// answers 401 without a valid token and 403 to any other authenticated record (an
// inactive or deleted admin keeps a valid token until it expires, so the flags are
// checked on every request).
func RequireActiveAdmin() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: "nezukoRequireActiveAdmin",
		Func: func(e *core.RequestEvent) error {
			switch {
			case e.Auth == nil:
				return e.UnauthorizedError("The request requires valid record authorization token.", nil)
			case e.HasSuperuserAuth():
				return e.Next()
			case e.Auth.Collection().Name == c.AdminUsers && c.Wrap(&c.AdminUser{}, e.Auth).Usable():
				return e.Next()
			}
			return e.ForbiddenError("Only active admin users may use this endpoint.", nil)
		},
	}
}

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

// Bind registers the route (GET and POST, active admins and superusers only), the
// per-minute rollup cron and the daily retention cron on the app.
func (s *Service) Bind() {
	s.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(Route, s.Handle).Bind(RequireActiveAdmin())
		se.Router.POST(Route, s.Handle).Bind(RequireActiveAdmin())
		return se.Next()
	})
	s.app.Cron().MustAdd("nezukoAnalyticsRollup", "* * * * *", s.cronSync)
	s.app.Cron().MustAdd("nezukoLogRetention", "17 3 * * *", s.cronPrune)
}
