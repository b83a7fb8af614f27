package telegram_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nezuko/nezuko/telegram"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Identify tells a good token, a malformed one, a refused one and an unreachable
// Telegram apart, and no error names the token.
func TestIdentify(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("gate_bot")
	me, err := telegram.Identify(context.Background(), tg.URL, bt.Token)
	if err != nil || me.ID != bt.ID || me.Username != bt.Username || telegram.BotIDOf(bt.Token) != bt.ID {
		t.Fatalf("Identify = %+v, %v", me, err)
	}
	if _, err := telegram.Identify(context.Background(), tg.URL, "123:short"); !errors.Is(err, telegram.ErrMalformedToken) {
		t.Fatalf("malformed token: %v", err)
	}
	tg.RevokeToken(bt.ID)
	if _, err := telegram.Identify(context.Background(), tg.URL, bt.Token); !errors.Is(err, telegram.ErrRefused) {
		t.Fatalf("revoked token: %v", err)
	}
	gone := httptest.NewServer(nil)
	gone.Close()
	_, err = telegram.Identify(context.Background(), gone.URL, bt.Token)
	if !errors.Is(err, telegram.ErrUnreachable) || strings.Contains(err.Error(), strings.SplitN(bt.Token, ":", 2)[1]) {
		t.Fatalf("unreachable: %v", err)
	}
	for env, want := range map[string]string{"": telegram.DefaultAPIURL, " http://x/ ": "http://x"} {
		if got := telegram.APIURL(env); got != want {
			t.Errorf("APIURL(%q) = %q, want %q", env, got, want)
		}
	}
}
