package live_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// installSDK installs the pocketbase npm package (and an EventSource for node) into a
// temporary directory, or skips the test when node or npm cannot.
func installSDK(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--silent", "pocketbase@0.28", "eventsource@2")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("npm install failed (offline?): %v %s", err, out)
	}
	script, err := os.ReadFile(filepath.Join("testdata", "sdk.cjs"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sdk.cjs"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestJSSDKReceivesTopics drives the real PocketBase JS SDK (pb.realtime.subscribe)
// from node against the app: each topic arrives as the flat object the dashboard reads.
func TestJSSDKReceivesTopics(t *testing.T) {
	dir := installSDK(t)
	f := newFixture(t)
	token := testutil.AdminToken(t, f.app, c.RoleViewer)

	ctx, cancel := context.WithCancel(context.Background())
	args := append([]string{"sdk.cjs", f.url, token}, live.Topics...)
	node := exec.CommandContext(ctx, "node", args...)
	node.Dir = dir
	node.Stderr = os.Stderr
	out, err := node.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := node.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		node.Wait()
	}()
	lines := make(chan map[string]any, 64)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
		close(lines)
	}()
	next := func() map[string]any {
		t.Helper()
		select {
		case m, ok := <-lines:
			if !ok {
				t.Fatal("node exited")
			}
			return m
		case <-time.After(livetest.Deadline):
			t.Fatal("no line from the SDK client")
		}
		return nil
	}
	if m := next(); m["ready"] != true {
		t.Fatalf("first line %v", m)
	}

	f.svc.Logs.AddVerification(logwriter.Verification{UserID: 5, GroupID: -10, ChannelID: -20, Status: c.Verified, At: time.Now()})
	f.svc.Logs.AddVerification(logwriter.Verification{UserID: 6, GroupID: -10, ChannelID: -20, Status: c.Restricted, At: time.Now()})
	f.flush(t)
	f.app.Logger().Error("webhook unreachable")
	f.flush(t)
	row, _ := c.NewBotStatusRow(f.app, f.saveBot(t).Id)
	row.SetStatus(c.BotRunning)
	if err := f.app.Save(row); err != nil {
		t.Fatal(err)
	}
	cmd, _ := testutil.NewCommand(f.app, "sync_members", map[string]any{})
	if err := f.app.Save(cmd); err != nil {
		t.Fatal(err)
	}

	got := map[string][]map[string]any{}
	for n := 0; n < 5; n++ {
		m := next()
		topic, _ := m["topic"].(string)
		data, _ := m["data"].(map[string]any)
		got[topic] = append(got[topic], data)
	}
	if v := got[live.TopicVerification]; len(v) != 2 || v[0][c.FieldUserID] != 5.0 || v[1][c.FieldStatus] != c.Restricted {
		t.Errorf("verifications (a bundle of two) = %v", v)
	}
	if v := got[live.TopicLog]; len(v) != 1 || v[0][c.FieldLevel] != c.LevelError || v[0][c.FieldMessage] != "webhook unreachable" {
		t.Errorf("logs = %v", v)
	}
	if v := got[live.TopicBotStatus]; len(v) != 1 || v[0][c.FieldStatus] != c.BotRunning {
		t.Errorf("bot status = %v", v)
	}
	if v := got[live.TopicCommand]; len(v) != 1 || v[0][c.FieldCommandType] != "sync_members" || v[0][c.FieldID] != cmd.Id {
		t.Errorf("commands = %v", v)
	}
}
