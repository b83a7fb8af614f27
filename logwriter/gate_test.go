package logwriter_test

import (
	"context"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestGateEventsAreReadableAsRecords(t *testing.T) {
	app := testutil.NewApp(t)
	w := start(t, app, logwriter.Options{})
	var ids []string
	w.Observe(func(b *logwriter.Batch) {
		for _, g := range b.GateEvents {
			ids = append(ids, g.ID)
		}
	})
	run(t, w)
	w.AddGateEvent(logwriter.GateEvent{BotID: 42, GroupID: -1001, UserID: 5, Kind: c.GateMuted, At: at})
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 {
		t.Fatalf("observer saw %d gate events, want 1", len(ids))
	}
	r, err := app.FindRecordById(c.GateEvents, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if r.GetInt(c.FieldBotID) != 42 || r.GetInt(c.FieldGroupID) != -1001 || r.GetInt(c.FieldUserID) != 5 ||
		r.GetString(c.FieldKind) != c.GateMuted || !r.GetDateTime(c.FieldTimestamp).Time().Equal(at) {
		t.Errorf("gate event row = %v", r.FieldsData())
	}
}
