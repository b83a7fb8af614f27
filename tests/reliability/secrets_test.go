package reliability

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/tests/telegramtest"
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

// mustTG fails the test when a fake Telegram action fails.
func mustTG(t *testing.T) func(telegramtest.Message, error) {
	return func(_ telegramtest.Message, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}
