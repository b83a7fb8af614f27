package botmanager

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/go-telegram/bot/models"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// SecretHeader is the header Telegram sends the webhook secret_token in.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBody bounds a webhook body (Telegram updates are small).
const maxUpdateBody = 1 << 20

// RegisterWebhook serves POST /api/telegram/webhook/{bot_id} (DESIGN.md §3): the secret
// is checked first (401), then the bot (404), then the body (400); the update is handled
// in the background and the call answers at once. Without webhook mode the route is 404.
func (m *Manager) RegisterWebhook(se *core.ServeEvent) {
	se.Router.POST("/api/telegram/webhook/{bot_id}", m.webhook).Bind(&hook.Handler[*core.RequestEvent]{
		Id: "nezukoWebhookSecret", Func: m.checkSecret,
		// Before the body limit: a caller without the secret gets 401 whatever it sends,
		// and the body is not read for it.
		Priority: apis.DefaultBodyLimitMiddlewarePriority - 5,
	}, apis.BodyLimit(maxUpdateBody))
}

// checkSecret answers 404 without webhook mode and 401 without the right secret header.
func (m *Manager) checkSecret(e *core.RequestEvent) error {
	if m.opts.WebhookURL == "" {
		return e.NotFoundError("Webhook mode is off: the bots poll Telegram.", nil)
	}
	got := e.Request.Header.Get(SecretHeader)
	if subtle.ConstantTimeCompare([]byte(got), []byte(m.opts.WebhookSecret)) != 1 {
		return e.UnauthorizedError("Wrong or missing webhook secret.", nil)
	}
	return e.Next()
}

func (m *Manager) webhook(e *core.RequestEvent) error {
	botID, err := strconv.ParseInt(e.Request.PathValue("bot_id"), 10, 64)
	if err != nil {
		return e.NotFoundError("Unknown bot.", nil)
	}
	r := m.runnerByBotID(botID)
	if r == nil {
		return e.NotFoundError("Unknown bot.", nil)
	}
	var u models.Update
	if err := json.NewDecoder(e.Request.Body).Decode(&u); err != nil || u.ID <= 0 {
		return e.BadRequestError("The body is not a Telegram update.", nil)
	}
	r.mu.Lock()
	eng, client := r.engine, r.client
	r.mu.Unlock()
	if eng == nil || client == nil {
		// Not running right now: Telegram retries the update later.
		return e.JSON(http.StatusServiceUnavailable, map[string]any{"status": 503, "message": "The bot is starting; retry later.", "data": map[string]any{}})
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		eng.Handle(r.ctx, client, &u)
	}()
	return e.NoContent(http.StatusOK)
}
