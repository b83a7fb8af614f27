// Package botfunctions serves the dashboard's server functions of DESIGN.md §3:
// POST /api/functions/manage-bot and POST /api/functions/test-webhook.
//
//	botfunctions.Register(app, botfunctions.Config{Sealer: sealer, APIURL: cfg.APIURL})
package botfunctions

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/audit"
	"github.com/nezuko/nezuko/bottoken"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/policy"
	"github.com/nezuko/nezuko/telegram"
)

// maxBody bounds the JSON bodies of the functions.
const maxBody = 64 << 10

// Config is what the functions need.
type Config struct {
	Sealer *bottoken.Sealer
	APIURL string // TELEGRAM_API_URL
	// WebhookTimeout bounds one test-webhook call (default 10 s).
	WebhookTimeout time.Duration
}

// Register serves the two functions (admin users with write access) once the app serves.
func Register(app core.App, d Config) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		writer := policy.RequireAdmin(policy.Writer)
		se.Router.POST("/api/functions/manage-bot", d.manageBot).Bind(writer, apis.BodyLimit(maxBody))
		se.Router.POST("/api/functions/test-webhook", d.testWebhook).Bind(writer, apis.BodyLimit(maxBody))
		return se.Next()
	})
}

type manageBotRequest struct {
	Action string `json:"action"`
	Token  string `json:"token"`
}

func fieldError(e *core.RequestEvent, field, code, msg string) error {
	return e.BadRequestError(msg, validation.Errors{field: validation.NewError(code, msg)})
}

func (d Config) manageBot(e *core.RequestEvent) error {
	var req manageBotRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("The body must be JSON: {\"action\": \"verify\"|\"add\", \"token\": \"…\"}.", nil)
	}
	if req.Action != "verify" && req.Action != "add" {
		return fieldError(e, "action", "validation_invalid_action", `action must be "verify" or "add".`)
	}
	token := strings.TrimSpace(req.Token)
	if !telegram.ValidToken(token) {
		return fieldError(e, "token", bottoken.CodeMalformed, bottoken.MsgMalformed)
	}
	me, err := telegram.Identify(e.Request.Context(), d.APIURL, token)
	if err != nil {
		code, msg := bottoken.Explain(err)
		if errors.Is(err, telegram.ErrUnreachable) {
			return apis.NewApiError(http.StatusBadGateway, msg, nil)
		}
		return fieldError(e, "token", code, msg)
	}
	if req.Action == "verify" {
		return e.JSON(http.StatusOK, map[string]any{
			"is_valid": true, "bot_id": me.ID, "username": me.Username, "first_name": me.FirstName,
			"can_join_groups": me.CanJoinGroups, "can_read_all_group_messages": me.CanReadAllGroupMessages,
		})
	}
	bot, err := d.store(e, token, me)
	if err != nil {
		return err
	}
	if err := apis.EnrichRecord(e, bot.Record); err != nil {
		return e.InternalServerError("", err)
	}
	bot.Hide(c.FieldTokenEncrypted)
	return e.JSON(http.StatusOK, bot.Record)
}

// store creates the bot, or revives its soft-deleted row; a live duplicate is a 409.
func (d Config) store(e *core.RequestEvent, token string, me telegram.Identity) (*c.BotInstance, error) {
	var bot *c.BotInstance
	existing, err := e.App.FindFirstRecordByFilter(c.BotInstances, c.FieldBotID+" = {:id}", dbx.Params{"id": me.ID})
	switch {
	case err == nil && !existing.GetBool(c.FieldIsDeleted):
		return nil, apis.NewApiError(http.StatusConflict, "This bot is already added.", nil)
	case err == nil:
		bot = c.Wrap(&c.BotInstance{}, existing)
		bot.Revive()
	default:
		if bot, err = c.NewBotInstance(e.App); err != nil {
			return nil, e.InternalServerError("", err)
		}
	}
	if caller := policy.CallerAdmin(e); caller != nil {
		bot.SetOwnerTelegramID(caller.TelegramID())
	}
	var before map[string]any
	action := c.ActionCreate
	if existing != nil {
		before, action = audit.Snapshot(existing.Original()), c.ActionUpdate
	}
	if err := d.Sealer.Store(bot, token, me); err != nil {
		return nil, e.InternalServerError("", err)
	}
	// The bot and its audit row are saved together, like every audited API change.
	outer := e.App
	err = outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		defer func() { e.App = outer }()
		if err := tx.SaveWithContext(context.WithoutCancel(e.Request.Context()), bot); err != nil {
			return err
		}
		return audit.Write(e, action, c.BotInstances, bot.Id, before, audit.Snapshot(bot.Record))
	})
	if err != nil {
		if existing == nil && isUniqueViolation(err) {
			return nil, apis.NewApiError(http.StatusConflict, "This bot is already added.", nil)
		}
		return nil, e.BadRequestError("The bot could not be saved.", err)
	}
	return bot, nil
}

func isUniqueViolation(err error) bool {
	var verr validation.Errors
	if errors.As(err, &verr) {
		for _, fe := range verr {
			var ve validation.Error
			if errors.As(fe, &ve) && ve.Code() == "validation_not_unique" {
				return true
			}
		}
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}
