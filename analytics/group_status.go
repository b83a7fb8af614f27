package analytics

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// The figures a group's /status shows, for the engine (gatekeeper.Stats). No rollup
// holds distinct users per group and status, nor joins per group link and channel, so
// both read the raw rows of the window (kept longer than any window /status asks
// for); rows still in the log writer's buffer are not counted yet.

// UsersByStatus counts the distinct users per verification status (verified,
// restricted, error) in the group since from.
func (s *Service) UsersByStatus(ctx context.Context, groupID int64, from time.Time) (map[string]int, error) {
	return countSince[string](ctx, s.app.DB(), c.VerificationLog, c.FieldStatus, "COUNT(DISTINCT "+c.FieldUserID+")",
		dbx.HashExp{c.FieldGroupID: groupID}, from)
}

// JoinsByChannel counts, per channel, the users who joined it as members through the
// group's invite links since from (channel_joins rows attributed to the group).
func (s *Service) JoinsByChannel(ctx context.Context, groupID int64, from time.Time) (map[int64]int, error) {
	return countSince[int64](ctx, s.app.DB(), c.ChannelJoins, c.FieldChannelID, "COUNT(*)",
		dbx.HashExp{c.FieldGroupID: groupID, c.FieldVia: c.JoinViaMember}, from)
}

// countSince is count per value of key over the table's rows matching where with
// timestamp ≥ from.
func countSince[K comparable](ctx context.Context, db dbx.Builder, table, key, count string, where dbx.HashExp, from time.Time) (map[K]int, error) {
	var rows []struct {
		K K   `db:"k"`
		N int `db:"n"`
	}
	err := db.Select(key+" AS k", count+" AS n").From(table).Where(where).
		AndWhere(dbx.NewExp(c.FieldTimestamp+" >= {:since}", dbx.Params{"since": dbTime(from)})).
		GroupBy(key).WithContext(ctx).All(&rows)
	out := map[K]int{}
	for _, r := range rows {
		out[r.K] = r.N
	}
	return out, err
}
