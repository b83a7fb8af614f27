package analytics

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// The figures a group's /status shows, for the engine (gatekeeper.Stats). Rows still
// in the log writer's buffer are not counted yet.

// UsersByStatus counts the distinct users per verification status (verified,
// restricted, error) in the group since from. No rollup keeps distinct users, so it
// reads the raw rows of the window (kept longer than the 24 h /status asks for).
func (s *Service) UsersByStatus(ctx context.Context, groupID int64, from time.Time) (map[string]int, error) {
	var rows []struct {
		Status string `db:"s"`
		N      int    `db:"n"`
	}
	err := s.app.DB().Select(c.FieldStatus+" AS s", "COUNT(DISTINCT "+c.FieldUserID+") AS n").
		From(c.VerificationLog).
		Where(dbx.HashExp{c.FieldGroupID: groupID}).
		AndWhere(dbx.NewExp(c.FieldTimestamp+" >= {:since}", dbx.Params{"since": dbTime(from)})).
		GroupBy(c.FieldStatus).WithContext(ctx).All(&rows)
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, err
}

// JoinsByChannel counts, per channel, the users who joined it as members through the
// group's invite links since from: channel_joins rows attributed to the group, from
// the joins rollups (brought up to date first, as for the RPCs) and the raw rows of
// the window's first, partial hour.
func (s *Service) JoinsByChannel(ctx context.Context, groupID int64, from time.Time) (map[int64]int, error) {
	out := map[int64]int{}
	if groupID == c.NoGroup { // the rollup reader takes NoGroup for every group
		return out, nil
	}
	if err := s.catchUp(ctx); err != nil {
		return out, err
	}
	db := s.app.DB()
	w, err := funnelWindowOf(ctx, db, from, groupID)
	if err != nil {
		return out, err
	}
	joins, err := funnelJoins(ctx, db, w, unitDay)
	for _, j := range joins {
		out[j.ChannelID] += int(j.Members)
	}
	return out, err
}
