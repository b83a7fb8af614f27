package reliability

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nezuko/nezuko/analytics"
	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
	"github.com/nezuko/nezuko/tgauth"
)

// leakWait is the generous deadline of every wait in the secrets test.
const leakWait = 45 * time.Second

// leakScan keeps every text a full run produced (API answers, logs, database rows,
// process output), by source, to be searched for secrets at the end.
type leakScan struct {
	t       *testing.T
	p       *proc
	sources []string
	texts   []string
	answers int            // HTTP answers kept
	events  int            // realtime events kept
	rows    map[string]int // database rows kept, by table
}

// keep adds one text of the run.
func (s *leakScan) keep(source, text string) {
	s.sources, s.texts = append(s.sources, source), append(s.texts, text)
}

// call sends a JSON request to the binary as token ("" = anonymous, or a full
// Authorization value), keeps the raw answer, decodes it into out (may be nil) and
// returns the status.
func (s *leakScan) call(method, path, token string, body, out any) int {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.p.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	s.keep(fmt.Sprintf("answer %d to %s %s", res.StatusCode, method, path), res.Header.Get("WWW-Authenticate")+string(data))
	s.answers++
	if out != nil && len(data) > 0 && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			s.t.Fatalf("%s %s: %d %s: %v", method, path, res.StatusCode, data, err)
		}
	}
	return res.StatusCode
}

// must is call that fails the test unless the answer has status want.
func (s *leakScan) must(want int, method, path, token string, body, out any) {
	s.t.Helper()
	if got := s.call(method, path, token, body, out); got != want {
		s.t.Fatalf("%s %s: status %d, want %d", method, path, got, want)
	}
}

// login signs in to an auth collection and returns the token.
func (s *leakScan) login(collection, email, password string) string {
	s.t.Helper()
	var out struct{ Token string }
	s.must(http.StatusOK, "POST", "/api/collections/"+collection+"/auth-with-password", "",
		map[string]string{"identity": email, "password": password}, &out)
	return out.Token
}

// records lists every record of a collection as token, page by page, and returns them.
func (s *leakScan) records(collection, token, filter string) []map[string]any {
	s.t.Helper()
	var all []map[string]any
	for page := 1; page <= 1000; page++ {
		var out struct {
			Items      []map[string]any
			TotalPages int
		}
		path := fmt.Sprintf("/api/collections/%s/records?perPage=500&page=%d", collection, page)
		if filter != "" {
			path += "&filter=" + url.QueryEscape(filter)
		}
		if st := s.call("GET", path, token, nil, &out); st != http.StatusOK {
			s.t.Fatalf("list %s: %d", collection, st)
		}
		all = append(all, out.Items...)
		if page >= out.TotalPages {
			break
		}
	}
	return all
}

// eventually polls cond (state of another process) until it holds or leakWait passes.
func (s *leakScan) eventually(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(leakWait)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: not within %s", what, leakWait)
		}
		time.Sleep(50 * time.Millisecond) // a separate process: poll its API
	}
}

// keepDatabase keeps every row of every table of a SQLite file, as text.
func (s *leakScan) keepDatabase(path string) {
	s.t.Helper()
	db, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		s.t.Fatal(err)
	}
	defer db.Close()
	names, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		s.t.Fatal(err)
	}
	var tables []string
	for names.Next() {
		var n string
		names.Scan(&n)
		tables = append(tables, n)
	}
	names.Close()
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			s.t.Fatalf("%s %s: %v", filepath.Base(path), table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var b strings.Builder
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				s.t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(&b, "%v\t", v)
			}
			b.WriteByte('\n')
			s.rows[table]++
		}
		rows.Close()
		s.keep(fmt.Sprintf("%s table %s", filepath.Base(path), table), b.String())
	}
}

// secretsOf names every secret of the run: the bot tokens and their secret halves, the
// Fernet key and its bytes in standard base64, the passwords and the metrics token.
func secretsOf(key, metricsToken string, tokens []string, passwords []string) map[string]string {
	out := map[string]string{"ENCRYPTION_KEY": key}
	if metricsToken != "" {
		out["METRICS_TOKEN"] = metricsToken
	}
	raw, _ := base64.URLEncoding.DecodeString(key)
	out["ENCRYPTION_KEY bytes (std base64)"] = strings.TrimRight(base64.StdEncoding.EncodeToString(raw), "=")
	for i, tok := range tokens {
		out[fmt.Sprintf("bot token %d", i)] = tok
		out[fmt.Sprintf("bot token %d secret half", i)] = tok[strings.IndexByte(tok, ':')+1:]
	}
	for i, pw := range passwords {
		out[fmt.Sprintf("password %d", i)] = pw
	}
	return out
}

// TestNoSecretInAnyOutputOfAFullRun runs the real binary through a full session — bots
// added through manage-bot and through the collection, a refused and a revoked token,
// a group protected with joins and leaves, commands, test-webhook, Telegram login,
// /metrics, every RPC, every collection listed as every role — then stops it and
// searches every API answer, every row of data.db and auxiliary.db (admin_logs and
// api_call_log included), every other file in pb_data and the process output for the
// bot tokens, their secret halves, the Fernet key (and its bytes), the passwords and
// the metrics token: none may appear.
func TestNoSecretInAnyOutputOfAFullRun(t *testing.T) {
	w := newFakeWorld(t)
	beta := w.tg.AddBot("beta_guard_bot")
	revoked := w.tg.AddBot("gamma_revoked_bot")
	const refusedToken = "4242424242:AAThisTokenTelegramNeverIssued_0123456789"
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	const metricsToken = "leak-test-metrics-token-5f1c0a"
	const email, suPassword = "root@example.com", "root-password-that-must-not-leak-1"
	passwords := map[string]string{c.RoleOwner: "owner-password-that-must-not-leak-2",
		c.RoleAdmin: "admin-password-that-must-not-leak-3", c.RoleViewer: "viewer-password-that-must-not-leak-4"}
	const inactivePassword = "inactive-password-that-must-not-leak-5"
	const ownerTelegramID = 990001

	dir := filepath.Join(t.TempDir(), "pb_data")
	s := &leakScan{t: t, rows: map[string]int{}}
	s.keep("superuser upsert output", runNezuko(t, dir, w.tg.URL, "superuser", "upsert", email, suPassword))
	s.p = startNezuko(t, dir, w.tg.URL, "ENCRYPTION_KEY="+key, "METRICS_TOKEN="+metricsToken)
	su := s.login("_superusers", email, suPassword)

	// Admin users of every role, made by the superuser; an inactive one may not sign in.
	tokens := map[string]string{}
	for _, role := range []string{c.RoleOwner, c.RoleAdmin, c.RoleViewer} {
		body := map[string]any{c.FieldEmail: role + "@example.com", "password": passwords[role],
			"passwordConfirm": passwords[role], c.FieldRole: role}
		if role == c.RoleOwner {
			body[c.FieldTelegramID] = ownerTelegramID
		}
		s.must(http.StatusOK, "POST", "/api/collections/"+c.AdminUsers+"/records", su, body, nil)
		tokens[role] = s.login(c.AdminUsers, role+"@example.com", passwords[role])
	}
	s.must(http.StatusOK, "POST", "/api/collections/"+c.AdminUsers+"/records", su, map[string]any{
		c.FieldEmail: "gone@example.com", "password": inactivePassword, "passwordConfirm": inactivePassword,
		c.FieldRole: c.RoleOwner, c.FieldIsActive: false}, nil)
	// The same 400 as a wrong password: a 403 told that the password was right (issue 18).
	s.must(http.StatusBadRequest, "POST", "/api/collections/"+c.AdminUsers+"/auth-with-password", "",
		map[string]string{"identity": "gone@example.com", "password": inactivePassword}, nil)
	s.must(http.StatusBadRequest, "POST", "/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": email, "password": suPassword + "-wrong"}, nil)
	owner := tokens[c.RoleOwner]
	topics := append(append([]string{}, live.Topics...), c.BotInstances, c.BotStatus, c.AdminCommands,
		c.AdminConfig, c.AdminUsers, c.AdminAuditLog, c.ProtectedGroups)
	streams := map[string]*livetest.Stream{}
	for name, tok := range map[string]string{"viewer": tokens[c.RoleViewer], "superuser": su} {
		st, err := livetest.Connect(context.Background(), http.DefaultClient, s.p.URL, tok, 100000, topics...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		streams[name] = st
	}

	// Bots: verified and added by the owner through manage-bot, one through the
	// collection by the superuser, a token Telegram refuses, a malformed one, a duplicate.
	manage := "/api/functions/manage-bot"
	s.must(http.StatusOK, "POST", manage, owner, map[string]string{"action": "verify", "token": w.bot.Token}, nil)
	s.must(http.StatusOK, "POST", manage, owner, map[string]string{"action": "add", "token": w.bot.Token}, nil)
	s.must(http.StatusConflict, "POST", manage, owner, map[string]string{"action": "add", "token": w.bot.Token}, nil)
	s.must(http.StatusBadRequest, "POST", manage, owner, map[string]string{"action": "verify", "token": refusedToken}, nil)
	s.must(http.StatusBadRequest, "POST", manage, owner, map[string]string{"action": "add", "token": refusedToken}, nil)
	s.must(http.StatusBadRequest, "POST", manage, owner, map[string]string{"action": "add", "token": "12345:" + w.bot.Token}, nil)
	s.must(http.StatusForbidden, "POST", manage, tokens[c.RoleViewer], map[string]string{"action": "add", "token": beta.Token}, nil)
	// Telegram misbehaves: a token check whose connection drops (manage-bot answers
	// 502), and a bot whose first polls meet a dropped connection, a 5xx and a
	// malformed answer (the engine's lookups meet dropped connections below).
	w.tg.InjectFault(telegramtest.Fault{Method: "getMe", Token: beta.Token, Kind: telegramtest.FaultDrop, Times: 5})
	s.must(http.StatusBadGateway, "POST", manage, owner, map[string]string{"action": "verify", "token": beta.Token}, nil)
	w.tg.ClearFaults()
	for _, kind := range []telegramtest.FaultKind{telegramtest.FaultDrop, telegramtest.FaultServerError, telegramtest.FaultMalformed} {
		w.tg.InjectFault(telegramtest.Fault{Method: "getUpdates", Token: beta.Token, Kind: kind})
	}
	var betaRec struct{ ID string }
	s.must(http.StatusOK, "POST", "/api/collections/"+c.BotInstances+"/records", su,
		map[string]any{c.FieldTokenEncrypted: beta.Token, c.FieldIsActive: true}, &betaRec)
	s.must(http.StatusBadRequest, "POST", "/api/collections/"+c.BotInstances+"/records", su,
		map[string]any{c.FieldTokenEncrypted: refusedToken}, nil)
	var revokedRec struct{ ID string }
	s.must(http.StatusOK, "POST", manage, owner, map[string]string{"action": "add", "token": revoked.Token}, &revokedRec)

	// Telegram revokes a token while its bot runs: the bot stops with an error.
	w.waitPolling(t)
	w.tg.WaitFor(t, leakWait, func() bool { return w.tg.Polling(revoked.ID) })
	w.tg.RevokeToken(revoked.ID)
	s.eventually("the revoked bot's status error", func() bool {
		rows := s.records(c.BotStatus, owner, c.FieldBotInstance+"='"+revokedRec.ID+"'")
		return len(rows) == 1 && rows[0][c.FieldStatus] == c.BotError
	})

	// A group admin protects the group; users join and leave.
	w.protect(t)
	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	mustTG(t)(w.tg.Join(w.channel.ID, bob))
	mustTG(t)(w.tg.Join(w.group.ID, alice))
	mustTG(t)(w.tg.Join(w.group.ID, bob))
	w.tg.WaitFor(t, leakWait, func() bool {
		return w.tg.Member(w.group.ID, alice.ID).Status == telegramtest.StatusRestricted
	})
	mustTG(t)(w.tg.Leave(w.channel.ID, bob))
	mustTG(t)(w.tg.Leave(w.group.ID, alice))
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Token: w.bot.Token, Kind: telegramtest.FaultDrop, Times: 3})
	carol := w.tg.AddUser("Carol")
	mustTG(t)(w.tg.Join(w.group.ID, carol))

	// Commands, as the owner; Telegram drops the connections of one of them.
	w.tg.InjectFault(telegramtest.Fault{Method: "unbanChatMember", Token: w.bot.Token, Kind: telegramtest.FaultDrop, Times: 10})
	for _, cmd := range []map[string]any{
		{c.FieldCommandType: "unban_user", c.FieldPayload: map[string]any{"group_id": w.group.ID, "user_id": alice.ID}},
		{c.FieldCommandType: "send_message", c.FieldPayload: map[string]any{"group_id": w.group.ID, "text": "Hello <b>all</b>"}},
		{c.FieldCommandType: "mute_user", c.FieldPayload: map[string]any{"group_id": w.group.ID, "user_id": bob.ID}},
		{c.FieldCommandType: "recheck_user", c.FieldPayload: map[string]any{"group_id": w.group.ID, "user_id": bob.ID}},
		{c.FieldCommandType: "sync_members", c.FieldPayload: map[string]any{}},
		{c.FieldCommandType: "clear_cache", c.FieldPayload: map[string]any{}},
		{c.FieldCommandType: "restart_bot", c.FieldPayload: map[string]any{}, c.FieldBotInstance: revokedRec.ID},
		{c.FieldCommandType: "no_such_command", c.FieldPayload: map[string]any{}},
	} {
		s.must(http.StatusOK, "POST", "/api/collections/"+c.AdminCommands+"/records", owner, cmd, nil)
	}
	s.eventually("every command finished", func() bool {
		for _, row := range s.records(c.AdminCommands, owner, "") {
			if st := row[c.FieldStatus]; st != c.CommandCompleted && st != c.CommandFailed {
				return false
			}
		}
		return true
	})
	if failed := s.records(c.AdminCommands, owner, c.FieldCommandType+"='unban_user' && "+c.FieldStatus+"='"+c.CommandFailed+"'"); len(failed) != 1 {
		t.Fatalf("the unban_user command met dropped connections but did not fail: %v", failed)
	} else {
		t.Logf("unban_user failed with %q", failed[0][c.FieldErrorMessage])
	}

	// test-webhook: a refused private address, then a reachable one once allowed.
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) }))
	t.Cleanup(target.Close)
	s.must(http.StatusBadRequest, "POST", "/api/functions/test-webhook", owner, map[string]string{"url": target.URL}, nil)
	allow := s.records(c.AdminConfig, owner, c.FieldKey+"='"+c.ConfigWebhookAllowPriv+"'")
	if len(allow) != 1 {
		t.Fatalf("admin_config %s: %d rows", c.ConfigWebhookAllowPriv, len(allow))
	}
	s.must(http.StatusOK, "PATCH", "/api/collections/"+c.AdminConfig+"/records/"+allow[0]["id"].(string), owner,
		map[string]any{c.FieldValue: true}, nil)
	s.must(http.StatusOK, "POST", "/api/functions/test-webhook", owner, map[string]string{"url": target.URL}, nil)

	// Telegram login (the login bot is the first bot added, w.bot), /metrics.
	s.must(http.StatusOK, "GET", tgauth.ConfigPath, "", nil, nil)
	widget := func(token string, at time.Time) map[string]string {
		f := map[string]string{"id": strconv.Itoa(ownerTelegramID), "first_name": "Olga", "auth_date": strconv.FormatInt(at.Unix(), 10)}
		f["hash"] = tgauth.Sign(token, f)
		return f
	}
	s.must(http.StatusOK, "POST", tgauth.LoginPath, "", widget(w.bot.Token, time.Now()), nil)
	s.must(http.StatusUnauthorized, "POST", tgauth.LoginPath, "", widget(beta.Token, time.Now()), nil)
	s.must(http.StatusUnauthorized, "POST", tgauth.LoginPath, "", widget(w.bot.Token, time.Now().Add(-25*time.Hour)), nil)
	s.must(http.StatusOK, "GET", "/metrics", su, nil, nil)
	s.must(http.StatusOK, "GET", "/metrics", "Bearer "+metricsToken, nil, nil)
	s.must(http.StatusUnauthorized, "GET", "/metrics", owner, nil, nil)

	betaErrors := fmt.Sprintf("%s~'telegram client error' && %s~'bot_id=%d '", c.FieldMessage, c.FieldMessage, beta.ID)
	s.eventually("the faulty polls logged", func() bool { return len(s.records(c.AdminLogs, owner, betaErrors)) >= 3 })

	// Every RPC, every collection as every role (all pages), PocketBase's request logs.
	s.eventually("verification rows", func() bool { return len(s.records(c.VerificationLog, owner, "")) >= 3 })
	for _, name := range analytics.Functions() {
		s.must(http.StatusOK, "GET", "/api/rpc/"+name, tokens[c.RoleViewer], nil, nil)
		s.must(http.StatusOK, "POST", "/api/rpc/"+name, su, map[string]any{}, nil)
	}
	var cols struct{ Items []struct{ Name string } }
	s.must(http.StatusOK, "GET", "/api/collections?perPage=500", su, nil, &cols)
	for _, col := range cols.Items {
		for _, tok := range []string{su, owner, tokens[c.RoleAdmin], tokens[c.RoleViewer], ""} {
			if st := s.call("GET", "/api/collections/"+col.Name+"/records?perPage=500", tok, nil, nil); st == http.StatusOK {
				s.records(col.Name, tok, "")
			}
		}
	}
	s.must(http.StatusOK, "GET", "/api/logs?perPage=500", su, nil, nil)

	// The realtime events both subscribers received.
	for name, st := range streams {
		n := 0
		for drained := false; !drained; {
			select {
			case ev := <-st.Events:
				s.keep("realtime event "+ev.Name+" to the "+name, ev.Data)
				n++
			default:
				drained = true
			}
		}
		if n == 0 {
			t.Errorf("the %s received no realtime event", name)
		}
		s.events += n
	}

	// Stop the binary; then read pb_data directly.
	if err := s.p.Term(leakWait); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	s.keep("process output", s.p.Out.String())
	s.keepDatabase(filepath.Join(dir, "data.db"))
	s.keepDatabase(filepath.Join(dir, "auxiliary.db"))
	files := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files++
		s.keep("file "+strings.TrimPrefix(path, dir), string(b))
		return nil
	})

	allPasswords := append([]string{suPassword, inactivePassword}, passwords[c.RoleOwner], passwords[c.RoleAdmin], passwords[c.RoleViewer])
	secrets := secretsOf(key, metricsToken, []string{w.bot.Token, beta.Token, revoked.Token, refusedToken}, allPasswords)
	scanned := 0
	for i, text := range s.texts {
		scanned += len(text)
		for name, value := range secrets {
			if strings.Contains(text, value) {
				t.Errorf("%s contains the %s", s.sources[i], name)
			}
		}
	}
	rows := 0
	for _, n := range s.rows {
		rows += n
	}
	for _, table := range []string{c.AdminLogs, c.APICallLog, c.VerificationLog, c.AdminAuditLog} {
		if s.rows[table] == 0 { // the run must have produced what is searched
			t.Errorf("no %s rows in data.db", table)
		}
	}
	figure(t, "secrets searched for", fmt.Sprintf("%d secrets in %d API answers, %d realtime events, %d database rows (%d admin_logs, %d api_call_log), %d pb_data files, %d bytes in all",
		len(secrets), s.answers, s.events, rows, s.rows[c.AdminLogs], s.rows[c.APICallLog], files, scanned), "0 found")
}

// mustTG fails the test when a fake Telegram action fails.
func mustTG(t *testing.T) func(telegramtest.Message, error) {
	return func(_ telegramtest.Message, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

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
