// Package tgauth signs admins in with the Telegram Login Widget (DESIGN.md §3):
// POST /api/auth/telegram checks the widget's hash against the login bot's token and
// answers like PocketBase's auth-with-password; GET /api/auth/telegram/config tells
// the dashboard which bot the widget must use and whether to show it at all ({bot_username,
// widget}; 404 without a login bot, or 200 with an empty name when asked ?optional=1). The login bot is admin_config
// login_bot_id only: the first bot added claims it (ClaimLoginBot), owners change it,
// and while it is inactive or deleted both routes fail closed (LoginBot).
//
//	tgauth.Register(app, tgauth.Config{Open: sealer.Open})
package tgauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	c "github.com/nezuko/nezuko/collections"
)

// Routes served by Register.
const (
	LoginPath  = "/api/auth/telegram"
	ConfigPath = "/api/auth/telegram/config"
)

// AuthMethod is the auth method name passed to PocketBase's auth hooks.
const AuthMethod = "telegram"

// failMessage is the one answer to every refused login, whatever the reason.
const failMessage = "Telegram login failed: the login is invalid, expired, or not linked to an active admin."

// maxBody bounds the widget payload.
const maxBody = 16 << 10

// Config are the dependencies of the routes.
type Config struct {
	// Open decrypts a bot's stored token (bottoken.Sealer.Open).
	Open func(*c.BotInstance) (string, error)
	// Now is the clock; nil = time.Now.
	Now func() time.Time
	// NoWidget says the bots are not Telegram's (the demo's fake Bot API): the
	// widget, served by telegram.org, could only fail to load, so the config route
	// answers widget false and the dashboard hides it.
	NoWidget bool
}

// loginConfig is the answer of the config route.
type loginConfig struct {
	BotUsername string `json:"bot_username"`
	// Widget is false with Config.NoWidget (the widget would fail to load) or, with
	// ?optional=1, when there is no login bot.
	Widget bool `json:"widget"`
}

// Register binds both routes on serve, and lets the first bot ever added claim
// login_bot_id (ClaimLoginBot).
func Register(app core.App, cfg Config) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	app.OnRecordAfterCreateSuccess(c.BotInstances).BindFunc(ClaimLoginBot)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(LoginPath, cfg.login)
		se.Router.GET(ConfigPath, cfg.config)
		return se.Next()
	})
}

// config answers {bot_username, widget} of the login bot, or 404 when there is none.
// With ?optional=1 (the sign-in page, which must not log a failed request on every
// load of an installation without a login bot) "none" is 200 {bot_username: "",
// widget: false}.
func (cfg Config) config(e *core.RequestEvent) error {
	bot, err := LoginBot(e.App)
	if err != nil {
		if e.Request.URL.Query().Get("optional") == "1" {
			return e.JSON(http.StatusOK, loginConfig{})
		}
		return e.NotFoundError("Telegram login is unavailable: "+err.Error()+".", err)
	}
	return e.JSON(http.StatusOK, loginConfig{BotUsername: bot.BotUsername(), Widget: !cfg.NoWidget})
}

// login verifies the widget payload and answers {token, record}.
func (cfg Config) login(e *core.RequestEvent) error {
	fields, err := readFields(e.Request.Body)
	if rr, ok := e.Request.Body.(router.Rereader); ok {
		rr.Reread() // RecordAuthResponse reads the body again
	}
	if err != nil {
		return e.BadRequestError("The body must be the Telegram Login Widget's JSON object.", err)
	}
	fail := func(err error) error { return e.UnauthorizedError(failMessage, err) }
	bot, err := LoginBot(e.App)
	if err != nil { // fails closed: no other bot stands in for the chosen one
		return e.UnauthorizedError("Telegram login is unavailable: "+err.Error()+".", err)
	}
	token, err := cfg.Open(bot)
	if err != nil {
		return fail(err)
	}
	tgID, err := Check(token, fields, cfg.Now())
	if err != nil {
		return fail(err)
	}
	user, err := e.App.FindFirstRecordByFilter(c.AdminUsers,
		c.FieldTelegramID+" = {:id} && "+c.FieldIsActive+" = true && "+c.FieldIsDeleted+" = false",
		map[string]any{"id": tgID})
	if err != nil {
		return fail(err)
	}
	return apis.RecordAuthResponse(e, user, AuthMethod, nil)
}

// readFields decodes a flat JSON object into strings, numbers kept as sent.
func readFields(body io.Reader) (map[string]string, error) {
	data, err := io.ReadAll(io.LimitReader(body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBody {
		return nil, errors.New("body too large")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	fields := make(map[string]string, len(raw))
	for k, v := range raw {
		switch v := v.(type) {
		case nil:
		case string:
			fields[k] = v
		case json.Number:
			fields[k] = v.String()
		case bool:
			fields[k] = strconv.FormatBool(v)
		default:
			return nil, errors.New("field " + strconv.Quote(k) + " is not a scalar")
		}
	}
	return fields, nil
}
