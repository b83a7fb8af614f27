package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	c "github.com/nezuko/nezuko/collections"
)

// Offsets reads the bot's handled updates from bot_offsets: the highest handled id
// of the current numbering and the handled ranges (none when the bot has no row). A
// row written before handled ranges existed only says every id up to last_update_id
// was handled, as of its last update.
func (s *Store) Offsets() (last int64, handled []c.UpdateRange, err error) {
	o, err := s.findOffset()
	if err != nil || o == nil {
		return 0, nil, err
	}
	ranges, err := o.HandledUpdates()
	if err != nil {
		return 0, nil, fmt.Errorf("read handled updates of bot %d: %w", s.botID, err)
	}
	if len(ranges) == 0 && o.LastUpdateID() > 0 {
		ranges = []c.UpdateRange{{From: 1, To: o.LastUpdateID(), At: o.Updated().Unix()}}
	}
	return o.LastUpdateID(), ranges, nil
}

// SaveOffsets writes the handled updates to bot_offsets.
func (s *Store) SaveOffsets(ctx context.Context, last int64, handled []c.UpdateRange) error {
	o, err := s.offsetRecord()
	if err != nil {
		return err
	}
	o.SetLastUpdateID(last)
	o.SetHandledUpdates(handled)
	if err := s.app.SaveWithContext(ctx, o); err != nil {
		return fmt.Errorf("save offset %d: %w", last, err)
	}
	return nil
}

// RecentJoins reads the joins the bot's previous run decided in its last minute.
func (s *Store) RecentJoins() ([]c.RecentJoin, error) {
	o, err := s.findOffset()
	if err != nil || o == nil {
		return nil, err
	}
	joins, err := o.RecentJoins()
	if err != nil {
		return nil, fmt.Errorf("read recent joins of bot %d: %w", s.botID, err)
	}
	return joins, nil
}

// SaveRecentJoins writes the joins decided in the last minute to bot_offsets (no row
// is made for none).
func (s *Store) SaveRecentJoins(ctx context.Context, joins []c.RecentJoin) error {
	o, err := s.offsetRecord()
	if err != nil {
		return err
	}
	if o.IsNew() && len(joins) == 0 {
		return nil
	}
	o.SetRecentJoins(joins)
	if err := s.app.SaveWithContext(ctx, o); err != nil {
		return fmt.Errorf("save recent joins: %w", err)
	}
	return nil
}

// findOffset is the bot's bot_offsets row, nil when it has none.
func (s *Store) findOffset() (*c.BotOffset, error) {
	rec, err := s.app.FindFirstRecordByData(c.BotOffsets, c.FieldBotID, s.botID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read offset of bot %d: %w", s.botID, err)
	}
	return c.Wrap(&c.BotOffset{}, rec), nil
}

// offsetRecord is the bot's bot_offsets row, or a new unsaved one when it has none.
func (s *Store) offsetRecord() (*c.BotOffset, error) {
	o, err := s.findOffset()
	if err != nil || o != nil {
		return o, err
	}
	return c.NewBotOffset(s.app, s.botID)
}
