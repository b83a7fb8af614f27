package reliability

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestEncryptionKeyNeverPrinted runs the real binary through the three lives of its
// Fernet key: a malformed ENCRYPTION_KEY stops start-up with a message that names the
// variable but not its value; without ENCRYPTION_KEY a key is generated into
// pb_data/encryption.key (mode 0600) and never printed; with another valid key the
// stored token cannot be opened and the bot stops with its reason (token_unreadable). Neither key nor
// the token appears in the process output, the API answers or the database rows.
func TestEncryptionKeyNeverPrinted(t *testing.T) {
	w := newFakeWorld(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	const email, password = "keys@example.com", "keys-password-that-must-not-leak"
	s := &leakScan{t: t, rows: map[string]int{}}
	s.keep("superuser upsert output", runNezuko(t, dir, w.tg.URL, "superuser", "upsert", email, password))

	malformed := base64.URLEncoding.EncodeToString([]byte("thirty-one bytes of key materia")) // 32 would be valid
	cmd := exec.Command(nezukoBinary(t), "serve", "--http=127.0.0.1:0", "--dir="+dir)
	cmd.Env = procEnv(t, w.tg.URL, "ENCRYPTION_KEY="+malformed)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "ENCRYPTION_KEY") {
		t.Fatalf("a malformed key: exit %v, output %s", err, out)
	}
	s.keep("output with a malformed key", string(out))

	// No ENCRYPTION_KEY: a key is generated into pb_data; a bot is stored under it.
	s.p = startNezuko(t, dir, w.tg.URL, "ENCRYPTION_KEY=")
	su := s.login("_superusers", email, password)
	var bot struct{ ID string }
	s.must(http.StatusOK, "POST", "/api/collections/"+c.BotInstances+"/records", su,
		map[string]any{c.FieldTokenEncrypted: w.bot.Token, c.FieldIsActive: true}, &bot)
	w.waitPolling(t)
	if err := s.p.Term(leakWait); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	s.keep("output of the run with a generated key", s.p.Out.String())
	keyFile := filepath.Join(dir, secret.KeyFileName)
	info, err := os.Stat(keyFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("generated key file: %v %v", info, err)
	}
	b, _ := os.ReadFile(keyFile)
	generated := strings.TrimSpace(string(b))

	// Another valid key: the stored token cannot be opened.
	other, _ := secret.GenerateKey()
	s.p = startNezuko(t, dir, w.tg.URL, "ENCRYPTION_KEY="+other)
	su = s.login("_superusers", email, password)
	s.eventually("the bot stops: its token cannot be opened", func() bool {
		rows := s.records(c.BotStatus, su, c.FieldBotInstance+"='"+bot.ID+"'")
		return len(rows) == 1 && rows[0][c.FieldStatus] == c.BotError && strings.Contains(fmt.Sprint(rows[0][c.FieldMetadata]), botmanager.ReasonNoToken)
	})
	s.records(c.AdminLogs, su, "")
	s.records(c.BotInstances, su, "")
	if err := s.p.Term(leakWait); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	s.keep("output of the run with another key", s.p.Out.String())
	s.keepDatabase(filepath.Join(dir, "data.db"))
	s.keepDatabase(filepath.Join(dir, "auxiliary.db"))

	secrets := secretsOf(generated, "", []string{w.bot.Token}, []string{password})
	for name, value := range secretsOf(other, "", nil, nil) {
		secrets["other "+name] = value
	}
	secrets["malformed ENCRYPTION_KEY"] = malformed
	for i, text := range s.texts {
		for name, value := range secrets {
			if strings.Contains(text, value) {
				t.Errorf("%s contains the %s", s.sources[i], name)
			}
		}
	}
}

// TestWebhookSecretNeverShown runs the real binary in webhook mode behind a loopback
// proxy (WEBHOOK_URL): Telegram pushes a join that gets the user restricted; a forged
// update posted with a wrong, truncated or missing secret gets 401 with a message and
// is not handled (the same update with the right secret is); and neither
// WEBHOOK_SECRET nor the token appears in any answer, row or output.
func TestWebhookSecretNeverShown(t *testing.T) {
	// The proxy is plain http on loopback: the fake plays a Bot API server started
	// with --local, which accepts such a webhook (api.telegram.org would not).
	w := newFakeWorld(t, telegramtest.WithLocalMode())
	const webhookSecret = "webhook-secret-that-must-not-leak_42"
	const email, password = "hooks@example.com", "hooks-password-that-must-not-leak"
	var target atomic.Pointer[url.URL]
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		if u := target.Load(); u != nil {
			r.SetURL(u)
		}
	}})
	t.Cleanup(proxy.Close)
	dir := filepath.Join(t.TempDir(), "pb_data")
	s := &leakScan{t: t, rows: map[string]int{}}
	s.keep("superuser upsert output", runNezuko(t, dir, w.tg.URL, "superuser", "upsert", email, password))
	s.p = startNezuko(t, dir, w.tg.URL, "WEBHOOK_URL="+proxy.URL, "WEBHOOK_SECRET="+webhookSecret)
	u, _ := url.Parse(s.p.URL)
	target.Store(u)
	su := s.login("_superusers", email, password)
	s.must(http.StatusOK, "POST", "/api/collections/"+c.BotInstances+"/records", su,
		map[string]any{c.FieldTokenEncrypted: w.bot.Token, c.FieldIsActive: true}, nil)
	w.tg.WaitCall(t, leakWait, func(call telegramtest.Call) bool { return call.Method == "setWebhook" && call.OK })
	w.protect(t)
	alice := w.tg.AddUser("Alice")
	mustTG(t)(w.tg.Join(w.group.ID, alice))
	w.tg.WaitFor(t, leakWait, func() bool {
		return w.tg.Member(w.group.ID, alice.ID).Status == telegramtest.StatusRestricted
	})

	// A forged update (a message of Mallory, who follows no channel) is refused without
	// the right secret and handled with it.
	hook := fmt.Sprintf("/api/telegram/webhook/%d", w.bot.ID)
	mallory := w.tg.AddUser("Mallory")
	forged := fmt.Sprintf(`{"update_id":1999999999,"message":{"message_id":77,"date":%d,`+
		`"chat":{"id":%d,"type":"supergroup","title":"Crash Fans"},`+
		`"from":{"id":%d,"is_bot":false,"first_name":"Mallory"},"text":"hello"}}`, time.Now().Unix(), w.group.ID, mallory.ID)
	post := func(secretHeader string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, s.p.URL+hook, strings.NewReader(forged))
		if secretHeader != "" {
			req.Header.Set(botmanager.SecretHeader, secretHeader)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		s.keep(fmt.Sprintf("answer %d to a webhook call", res.StatusCode), string(body))
		return res.StatusCode, string(body)
	}
	for _, secretHeader := range []string{"", "wrong-" + webhookSecret, webhookSecret[:len(webhookSecret)-1]} {
		if st, body := post(secretHeader); st != http.StatusUnauthorized || !strings.Contains(body, `"message":"Wrong or missing webhook secret."`) {
			t.Errorf("secret %q: %d %s", secretHeader, st, body)
		}
	}
	aboutMallory := func() bool {
		for _, call := range w.tg.CallsFor(w.bot.Token, "") {
			if call.Int("user_id") == mallory.ID {
				return true
			}
		}
		return false
	}
	bob := w.tg.AddUser("Bob") // a real join after the forged posts: the engine is live
	mustTG(t)(w.tg.Join(w.group.ID, bob))
	w.tg.WaitFor(t, leakWait, func() bool { return w.tg.Member(w.group.ID, bob.ID).Status == telegramtest.StatusRestricted })
	if w.tg.Await(time.Second, aboutMallory) {
		t.Fatal("an update posted with a wrong secret was handled")
	}
	if st, _ := post(webhookSecret); st != http.StatusOK {
		t.Fatalf("the right secret: %d", st)
	}
	w.tg.WaitFor(t, leakWait, aboutMallory)

	s.records(c.BotStatus, su, "")
	s.records(c.AdminLogs, su, "")
	s.records(c.BotInstances, su, "")
	s.must(http.StatusOK, "GET", "/api/logs?perPage=500", su, nil, nil)
	if err := s.p.Term(leakWait); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	s.keep("process output", s.p.Out.String())
	s.keepDatabase(filepath.Join(dir, "data.db"))
	s.keepDatabase(filepath.Join(dir, "auxiliary.db"))
	secrets := secretsOf(testutil.EncryptionKey, "", []string{w.bot.Token}, []string{password})
	secrets["WEBHOOK_SECRET"] = webhookSecret
	for i, text := range s.texts {
		for name, value := range secrets {
			if strings.Contains(text, value) {
				t.Errorf("%s contains the %s", s.sources[i], name)
			}
		}
	}
}
