package analytics_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestGroupStatusCounts: /status's figures for one group and window, counted as the
// engine counted them before: distinct users per status, and member joins per
// channel through the group's links (rollups and the raw rows of the partial first
// hour); other groups, older rows, requests and joins of no group are left out.
func TestGroupStatusCounts(t *testing.T) {
	app := testutil.NewApp(t)
	now := time.Date(2026, 11, 25, 19, 30, 0, 0, time.UTC)
	from := now.Add(-24 * time.Hour)
	const g, other = -1001, -1002
	insertVerifications(t, app,
		vrow{user: 1, group: g, status: c.Verified, at: now.Add(-time.Hour)},
		vrow{user: 1, group: g, status: c.Verified, at: now.Add(-2 * time.Hour)}, // same user: once
		vrow{user: 2, group: g, status: c.Verified, at: now.Add(-3 * time.Hour)},
		vrow{user: 2, group: g, status: c.Restricted, at: now.Add(-4 * time.Hour)},
		vrow{user: 3, group: g, status: c.VerifyErr, at: from},                     // the window's first instant counts
		vrow{user: 4, group: g, status: c.Restricted, at: from.Add(-time.Second)},  // before the window
		vrow{user: 5, group: other, status: c.Restricted, at: now.Add(-time.Hour)}, // another group
	)
	insertJoin(t, app, -100, 1, g, c.JoinViaMember, now.Add(-time.Hour))
	insertJoin(t, app, -100, 2, g, c.JoinViaMember, now.Add(-2*time.Hour))
	insertJoin(t, app, -200, 3, g, c.JoinViaMember, now.Add(-3*time.Hour))
	insertJoin(t, app, -200, 7, g, c.JoinViaMember, from.Add(10*time.Minute)) // the window's partial first hour
	insertJoin(t, app, -200, 4, g, c.JoinViaRequest, now.Add(-time.Hour))     // a request, not a join
	insertJoin(t, app, -200, 5, c.NoGroup, c.JoinViaMember, now)              // no group's link
	insertJoin(t, app, -100, 6, g, c.JoinViaMember, from.Add(-time.Minute))   // before the window

	s := analytics.New(app)
	users, err := s.UsersByStatus(context.Background(), g, from)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{c.Verified: 2, c.Restricted: 1, c.VerifyErr: 1}; !maps.Equal(users, want) {
		t.Errorf("UsersByStatus = %v, want %v", users, want)
	}
	joins, err := s.JoinsByChannel(context.Background(), g, from)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[int64]int{-100: 2, -200: 2}; !maps.Equal(joins, want) {
		t.Errorf("JoinsByChannel = %v, want %v", joins, want)
	}
	none, err := s.UsersByStatus(context.Background(), -1009, from)
	if err != nil || len(none) != 0 {
		t.Errorf("UsersByStatus of a group without rows = %v, %v; want empty", none, err)
	}
}
