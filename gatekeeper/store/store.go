// Package store owns the enforcement engine's persistence: every read and write of a
// PocketBase collection that package gatekeeper makes goes through a Store (protected
// groups and their channels, owners, the bot's restrictions, timers, offsets, pending
// join requests, invite links, channel joins, where it has seen each user
// (bot_members), admin_config), one file per collection
// or concern, beside the typed proxies of package collections. Writes that must not
// hold back enforcement go through one ordered background queue (Queue): the writes
// queued together are committed in one transaction, each in its own savepoint, retried
// while SQLite answers "database is locked".
//
//	s := store.New(store.Config{App: app, BotID: id, BotRecordID: rec.Id, Log: log, Context: ctx})
//	s.SetRestriction(groupID, userID, collections.RestrictionChannels) // at once in memory, queued to the table
//	…
//	s.Close() // waits for the queued writes
package store

import (
	"context"
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// Config is what a Store needs; App, BotID and BotRecordID are required.
type Config struct {
	App         core.App
	BotID       int64        // Telegram bot id (the bot_id of the bot's own rows)
	BotRecordID string       // bot_instances record id (protected_groups.bot_instance)
	Log         *slog.Logger // nil = slog.Default()
	// Context ends the waits between retries of a locked write (the engine cancels it
	// when Close gives up); nil = context.Background().
	Context context.Context
}

// Store is one bot's view of the database.
type Store struct {
	app         core.App
	botID       int64
	botRecordID string
	log         *slog.Logger
	ctx         context.Context

	q    queue
	own  pendingRestrictions
	seen presence
}

// New returns the Store of one bot.
func New(cfg Config) *Store {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	return &Store{app: cfg.App, botID: cfg.BotID, botRecordID: cfg.BotRecordID, log: cfg.Log, ctx: cfg.Context}
}

// Close waits for the queued writes; writes queued afterwards run at once, in the
// caller.
func (s *Store) Close() { s.q.close() }
