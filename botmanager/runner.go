package botmanager

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"

	c "github.com/nezuko/nezuko/collections"
)

// Reasons stored in bot_status.metadata.reason when a bot stops in error.
const (
	ReasonUnauthorized = "unauthorized"
	ReasonRestarts     = "too_many_restarts"
	ReasonNoToken      = "token_unreadable"
	ReasonConflict     = "conflict"
)

// failureGap: poll errors further apart than this do not add up to a failing loop
// (go-telegram/bot retries a failed getUpdates within at most 5 s).
const failureGap = time.Minute

var errUnauthorized = errors.New("Telegram refused the bot token (401 Unauthorized)")

// conflictError is a 409 to getUpdates: another process polls this token or set a
// webhook for it.
type conflictError struct{ telegram string }

func (c conflictError) Error() string {
	cause := "another process polls this bot's token"
	if strings.Contains(c.telegram, "webhook") || strings.Contains(c.telegram, "setWebhook") {
		cause = "another process set a webhook for this bot's token"
	}
	return fmt.Sprintf("%s (Telegram: %s); this server stopped polling it: run one instance per token, then restart the bot", cause, c.telegram)
}

// newConflict wraps the engine's getUpdates error.
func newConflict(err error) conflictError {
	msg := err.Error()
	if i := strings.Index(msg, "Conflict:"); i >= 0 {
		msg = msg[i:]
	}
	return conflictError{telegram: msg}
}

// runner runs one bot: its engine, its go-telegram/bot client, its supervision.
type runner struct {
	m           *Manager
	recordID    string
	botID       int64
	username    string
	fingerprint string

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu          sync.Mutex // guards the fields below
	engine      Engine
	client      *bot.Bot
	status      string
	startedAt   time.Time
	lastStart   time.Time
	lastError   string
	reason      string
	failures    int
	lastFailure time.Time
	restarts    []time.Time
	failed      chan error // closed-over signal of the current attempt
}

func newRunner(m *Manager, b *c.BotInstance) *runner {
	ctx, cancel := context.WithCancel(m.ctx)
	return &runner{m: m, recordID: b.Id, botID: b.BotID(), username: b.BotUsername(),
		fingerprint: fingerprint(b), ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

func (r *runner) start() {
	r.m.wg.Add(1)
	go func() {
		defer r.m.wg.Done()
		defer close(r.done)
		r.loop()
	}()
}

// stop cancels the bot and waits (bounded) until it has stopped and written its status.
func (r *runner) stop(ctx context.Context) {
	r.cancel()
	t := time.NewTimer(r.m.opts.StopTimeout)
	defer t.Stop()
	select {
	case <-r.done:
	case <-t.C:
		r.m.log.Error("bot did not stop in time", "bot_id", r.botID)
	case <-ctx.Done():
		select {
		case <-r.done:
		case <-t.C:
		}
	}
}

// loop runs attempts until the bot is stopped, refused, or out of restarts.
func (r *runner) loop() {
	for attempt := 0; ; attempt++ {
		err := r.runOnce()
		if r.ctx.Err() != nil {
			r.setStatus(c.BotStopped, "", "")
			return
		}
		switch {
		case errors.Is(err, errUnauthorized):
			r.setStatus(c.BotError, err.Error(), ReasonUnauthorized)
			r.m.log.Error("bot stopped: Telegram refused its token", "bot_id", r.botID, "reason", ReasonUnauthorized)
			return
		case errors.As(err, new(conflictError)):
			r.setStatus(c.BotError, err.Error(), ReasonConflict)
			r.m.log.Error("bot stopped: another process uses its token", "bot_id", r.botID,
				"reason", ReasonConflict, "error", err.Error())
			return
		case errors.Is(err, errTokenUnreadable):
			r.setStatus(c.BotError, err.Error(), ReasonNoToken)
			r.m.log.Error("bot stopped: its token cannot be decrypted with this ENCRYPTION_KEY", "bot_id", r.botID)
			return
		}
		if !r.allowRestart(time.Now()) {
			r.setStatus(c.BotError, err.Error(), ReasonRestarts)
			r.m.log.Error("bot stopped after repeated failures", "bot_id", r.botID,
				"restarts", MaxRestarts, "error", err.Error())
			return
		}
		r.setStatus(c.BotStarting, err.Error(), "")
		r.m.log.Warn("bot loop failed, restarting", "bot_id", r.botID, "error", err.Error())
		delay := r.m.opts.RestartBackoff << min(attempt, 6)
		select {
		case <-r.ctx.Done():
			r.setStatus(c.BotStopped, "", "")
			return
		case <-time.After(delay):
		}
	}
}

// allowRestart records a restart at now if fewer than MaxRestarts happened in the window.
func (r *runner) allowRestart(now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	kept := r.restarts[:0]
	for _, t := range r.restarts {
		if now.Sub(t) < r.m.opts.RestartWindow {
			kept = append(kept, t)
		}
	}
	r.restarts = kept
	if len(r.restarts) >= MaxRestarts {
		return false
	}
	r.restarts = append(r.restarts, now)
	return true
}

var errTokenUnreadable = errors.New("the bot token cannot be decrypted")

// runOnce runs one attempt until the context ends or the attempt fails.
func (r *runner) runOnce() error {
	r.setStatus(c.BotStarting, "", "")
	rec, err := r.m.opts.App.FindRecordById(c.BotInstances, r.recordID)
	if err != nil {
		return fmt.Errorf("bot record: %w", err)
	}
	token, err := r.m.opts.Sealer.Open(c.Wrap(&c.BotInstance{}, rec))
	if err != nil {
		return errTokenUnreadable
	}
	failed := make(chan error, 1)
	r.mu.Lock()
	r.failures, r.failed, r.startedAt, r.lastStart = 0, failed, time.Now(), time.Now()
	r.mu.Unlock()

	eng, err := r.m.opts.NewEngine(EngineSpec{BotRecordID: r.recordID, BotID: r.botID, Username: r.username, OnPoll: r.onPoll})
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	client, err := bot.New(token, append(eng.BotOptions(), bot.WithSkipGetMe())...)
	if err != nil {
		return redact(fmt.Errorf("bot client: %w", err), token)
	}
	if err := eng.Start(r.ctx); err != nil {
		closeCtx, cancel := context.WithTimeout(context.Background(), r.m.opts.StopTimeout)
		defer cancel()
		return errors.Join(fmt.Errorf("engine: %w", err), eng.Close(closeCtx))
	}
	eng.Bind(client)
	r.mu.Lock()
	r.engine, r.client = eng, client
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.engine, r.client = nil, nil
		r.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), r.m.opts.StopTimeout)
		defer cancel()
		if err := eng.Close(ctx); err != nil {
			r.m.log.Error("engine close", "bot_id", r.botID, "error", err.Error())
		}
	}()

	runCtx, stopRun := context.WithCancel(r.ctx)
	defer stopRun()
	if err := r.register(runCtx, client); err != nil {
		return redact(err, token)
	}
	var polling sync.WaitGroup
	if r.m.opts.WebhookURL == "" {
		polling.Add(1)
		go func() { defer polling.Done(); client.Start(runCtx) }()
	}
	defer polling.Wait()
	defer stopRun()
	select {
	case <-r.ctx.Done():
		return nil
	case err := <-failed:
		return redact(err, token)
	}
}

// register switches Telegram to this process's mode: deleteWebhook for polling,
// setWebhook (with the secret) for webhooks. Success means Telegram accepted the token
// and the bot is running.
func (r *runner) register(ctx context.Context, client *bot.Bot) error {
	if r.m.opts.WebhookURL == "" {
		_, err := client.DeleteWebhook(ctx, &bot.DeleteWebhookParams{})
		if err = classify(err); err == nil {
			r.markRunning()
		}
		return err
	}
	_, err := client.SetWebhook(ctx, &bot.SetWebhookParams{
		URL:            fmt.Sprintf("%s/api/telegram/webhook/%d", r.m.opts.WebhookURL, r.botID),
		SecretToken:    r.m.opts.WebhookSecret,
		AllowedUpdates: AllowedUpdates,
	})
	if err = classify(err); err == nil {
		r.markRunning()
	}
	return err
}

// AllowedUpdates are the update types every bot asks Telegram for.
var AllowedUpdates = []string{"message", "callback_query", "chat_member", "my_chat_member", "chat_join_request"}

func classify(err error) error {
	if err != nil && errors.Is(err, bot.ErrorUnauthorized) {
		return errUnauthorized
	}
	return err
}

// onPoll is told the outcome of every getUpdates call by the engine.
func (r *runner) onPoll(err error) {
	if err == nil {
		r.mu.Lock()
		r.failures = 0
		r.mu.Unlock()
		r.markRunning()
		return
	}
	if errors.Is(err, context.Canceled) {
		return
	}
	r.mu.Lock()
	if errors.Is(err, bot.ErrorTooManyRequests) {
		// Telegram pacing the poller (it waits retry_after) is not a failing loop:
		// counting it would restart, and at last stop, a bot that only has to wait.
		r.lastError = err.Error()
		r.mu.Unlock()
		return
	}
	now := time.Now()
	if now.Sub(r.lastFailure) > failureGap {
		r.failures = 0 // failures far apart are not a failing loop
	}
	r.failures++
	r.lastFailure = now
	n, failed := r.failures, r.failed
	r.lastError = err.Error()
	r.mu.Unlock()
	switch {
	case errors.Is(err, bot.ErrorUnauthorized):
		err = errUnauthorized
	case errors.Is(err, bot.ErrorConflict):
		err = newConflict(err)
	case n < r.m.opts.FailuresBeforeRestart:
		return
	}
	select {
	case failed <- err:
	default:
	}
}

func (r *runner) markRunning() {
	r.mu.Lock()
	already := r.status == c.BotRunning
	r.mu.Unlock()
	if !already {
		r.setStatus(c.BotRunning, "", "")
	}
}

// redact removes the token from an error message.
func redact(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "***"))
}
