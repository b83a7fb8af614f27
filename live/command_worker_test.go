package live_test

import (
	"context"
	"net/http"
	"testing"

	dto "github.com/prometheus/client_model/go"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestCommandTopicFromWorker runs the real command worker: each status change it makes
// is announced once (pending on create, processing on claim, failed as the outcome),
// and metrics count the finished command once.
func TestCommandTopicFromWorker(t *testing.T) {
	f := newFixture(t)
	s := livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), live.TopicCommand)
	f.svc.Bots.Start(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), livetest.Deadline)
		defer cancel()
		f.svc.Bots.Close(ctx)
	})

	first := f.saveCommand(t, "no_such_type", map[string]any{})
	for _, want := range []string{c.CommandPending, c.CommandProcessing, c.CommandFailed} {
		m := s.Expect(t, live.TopicCommand).Decode(t)
		if m[c.FieldID] != first.Id || m[c.FieldStatus] != want {
			t.Fatalf("event = %v, want %s of %s", m, want, first.Id)
		}
	}
	// No second copy of the failure: the next event is the next command's creation.
	second := f.saveCommand(t, "no_such_type", map[string]any{})
	if m := s.Expect(t, live.TopicCommand).Decode(t); m[c.FieldID] != second.Id || m[c.FieldStatus] != c.CommandPending {
		t.Fatalf("next event = %v, want the second command's creation", m)
	}
	if m := s.Expect(t, live.TopicCommand).Decode(t); m[c.FieldID] != second.Id || m[c.FieldStatus] != c.CommandProcessing {
		t.Fatalf("next event = %v, want the second command's claim", m)
	}
	if m := s.Expect(t, live.TopicCommand).Decode(t); m[c.FieldID] != second.Id || m[c.FieldStatus] != c.CommandFailed {
		t.Fatalf("next event = %v, want the second command's failure", m)
	}
	if n := commandsCounted(t, f, c.CommandFailed); n != 2 {
		t.Errorf("nezuko_commands_total{outcome=failed} = %v, want 2", n)
	}
}

// commandsCounted reads nezuko_commands_total of one outcome, over every type.
func commandsCounted(t *testing.T, f fixture, outcome string) float64 {
	t.Helper()
	families, err := f.svc.Metrics.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n float64
	for _, fam := range families {
		if fam.GetName() != "nezuko_commands_total" {
			continue
		}
		for _, m := range fam.GetMetric() {
			if label(m, "outcome") == outcome {
				n += m.GetCounter().GetValue()
			}
		}
	}
	return n
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// TestCommandTopicSuperuserEdit: a superuser who changes a command's status in the admin
// UI (an API update, audited in a transaction) is announced once, after commit; an edit
// that keeps the status is not.
func TestCommandTopicSuperuserEdit(t *testing.T) {
	f := newFixture(t)
	root := testutil.SuperuserToken(t, f.app)
	s := livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), live.TopicCommand)
	cmd := f.saveCommand(t, "mute_user", map[string]any{c.FieldGroupID: -1001, c.FieldUserID: 7})
	if m := s.Expect(t, live.TopicCommand).Decode(t); m[c.FieldStatus] != c.CommandPending {
		t.Fatalf("created: %v", m)
	}
	url := f.url + "/api/collections/" + c.AdminCommands + "/records/" + cmd.Id
	if res := request(t, http.MethodPatch, url, root,
		`{"`+c.FieldStatus+`":"`+c.CommandFailed+`","`+c.FieldErrorMessage+`":"cancelled by hand"}`); res.StatusCode != http.StatusOK {
		t.Fatalf("status edit: %d", res.StatusCode)
	}
	m := s.Expect(t, live.TopicCommand).Decode(t)
	if m[c.FieldID] != cmd.Id || m[c.FieldStatus] != c.CommandFailed || m[c.FieldErrorMessage] != "cancelled by hand" {
		t.Fatalf("after the superuser's edit: %v", m)
	}
	if res := request(t, http.MethodPatch, url, root,
		`{"`+c.FieldPayload+`":{"`+c.FieldGroupID+`":-1002}}`); res.StatusCode != http.StatusOK {
		t.Fatalf("payload edit: %d", res.StatusCode)
	}
	next := f.saveCommand(t, "sync_members", map[string]any{})
	if m := s.Expect(t, live.TopicCommand).Decode(t); m[c.FieldID] != next.Id {
		t.Fatalf("after a payload-only edit the next event is %v, want the next command's creation", m)
	}
}

// saveCommand saves a new pending admin_commands row.
func (f fixture) saveCommand(t *testing.T, kind string, payload map[string]any) *c.AdminCommand {
	t.Helper()
	cmd, err := testutil.NewCommand(f.app, kind, payload)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.app.Save(cmd); err != nil {
		t.Fatal(err)
	}
	return cmd
}
