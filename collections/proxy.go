package collections

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// NewRecord returns an empty record of the named collection.
func NewRecord(app core.App, name string) (*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return nil, fmt.Errorf("collection %s: %w", name, err)
	}
	return core.NewRecord(col), nil
}

// Wrap loads r into proxy p and returns p, for one-line typed access:
//
//	bot := collections.Wrap(&collections.BotInstance{}, e.Record)
func Wrap[P core.RecordProxy](p P, r *core.Record) P {
	p.SetProxyRecord(r)
	return p
}

// newProxy builds an empty record of the named collection inside proxy p.
func newProxy[P core.RecordProxy](app core.App, name string, p P) (P, error) {
	r, err := NewRecord(app, name)
	if err != nil {
		return p, err
	}
	p.SetProxyRecord(r)
	return p, nil
}
