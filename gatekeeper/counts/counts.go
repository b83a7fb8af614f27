// Package counts owns the member counts the dashboard and /status show: it reads the
// count of each group and of each of its channels from Telegram (getChatMemberCount)
// and stores it with the time it was read, each chat once per run.
package counts

import (
	"context"
	"log/slog"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/groups"
)

// Reader reads one chat's member count from Telegram; its errors are logged as they
// are (redact tokens before returning them).
type Reader func(ctx context.Context, chatID int64) (int, error)

// Saver stores counts: protected_groups.member_count and
// enforced_channels.subscriber_count, with last_sync_at (package store).
type Saver interface {
	SaveMemberCount(chatID int64, n int, at time.Time) error
	SaveSubscriberCount(chatID int64, n int, at time.Time) error
}

// Result says what one Sync did: groups and distinct channels visited, counts stored
// and counts that failed (read or save).
type Result struct {
	Groups, Channels, Synced, Failed int
}

// Sync stores the member count of each group and the subscriber count of each of
// their channels, reading a channel linked to several groups once.
func Sync(ctx context.Context, read Reader, db Saver, log *slog.Logger, gs []*groups.Group) Result {
	r := Result{Groups: len(gs)}
	seen := map[int64]bool{}
	one := func(chatID int64, save func(int64, int, time.Time) error, what string) {
		n, err := read(ctx, chatID)
		if err == nil {
			if err = save(chatID, n, time.Now()); err != nil {
				what = "saved"
			}
		}
		if err != nil {
			log.Warn("member count not "+what, "chat_id", chatID, "error", err)
			r.Failed++
			return
		}
		r.Synced++
	}
	for _, g := range gs {
		one(g.ID, db.SaveMemberCount, "read")
		for _, ch := range g.Channels {
			if !seen[ch.ID] {
				seen[ch.ID] = true
				one(ch.ID, db.SaveSubscriberCount, "read")
			}
		}
	}
	r.Channels = len(seen)
	return r
}
