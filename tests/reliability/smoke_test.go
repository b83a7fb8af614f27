package reliability

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// TestBinaryServesAndAddsABot is the base the crash and secrets tests build on: the
// real binary starts against the fake Bot API, a superuser adds a bot through the API,
// the bot answers a private /start, and SIGTERM stops the process cleanly.
func TestBinaryServesAndAddsABot(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bot := tg.AddBot("smoke_bot")
	dir := filepath.Join(t.TempDir(), "pb_data")
	superuser(t, dir, tg.URL, "root@example.com", "a-long-password-1")
	p := startNezuko(t, dir, tg.URL)
	token := p.login("root@example.com", "a-long-password-1")
	var rec map[string]any
	if st := p.do("POST", "/api/collections/bot_instances/records", token,
		map[string]any{"token_encrypted": bot.Token, "is_active": true}, &rec); st != http.StatusOK {
		t.Fatalf("add bot: %d %v", st, rec)
	}
	// The bot answers a private /start: it polls, handles and calls Telegram.
	if _, err := tg.SendPrivate(bot, tg.AddUser("Ann"), "/start"); err != nil {
		t.Fatal(err)
	}
	tg.WaitCall(t, 30*time.Second, func(c telegramtest.Call) bool {
		return c.Method == "sendMessage" && c.Token == bot.Token
	})
	if err := p.Term(30 * time.Second); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.Out.String())
	}
}
