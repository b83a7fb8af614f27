package reliability

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tgauth"
)

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
