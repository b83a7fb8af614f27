// Package pb_migrations holds Nezuko's Go migrations: the 13 collections of DESIGN.md §2,
// their API rules and indexes, and the seeded admin_config defaults. Every migration is
// written as an upsert, so it runs on an empty pb_data and again on an existing one.
package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	c "github.com/nezuko/nezuko/collections"
)

// upsertBase finds the named base collection or makes a new one.
func upsertBase(app core.App, name string) *core.Collection {
	if col, err := app.FindCollectionByNameOrId(name); err == nil {
		return col
	}
	return core.NewBaseCollection(name)
}

// applyRules sets the collection's API rules from collections.RulesFor.
func applyRules(col *core.Collection) {
	r := c.RulesFor(col.Name)
	col.ListRule, col.ViewRule = r.List, r.View
	col.CreateRule, col.UpdateRule, col.DeleteRule = r.Create, r.Update, r.Delete
}

// relationTo returns the id of the named collection for a relation field.
func relationTo(app core.App, name string) (string, error) {
	col, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		return "", err
	}
	return col.Id, nil
}

// Field constructors, short enough to read the schema as a table.

func telegramID(name string, required bool) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true, Required: required}
}

func count(name string) *core.NumberField {
	return &core.NumberField{Name: name, OnlyInt: true, Min: types.Pointer(0.0)}
}

func latency(name string) *core.NumberField {
	return &core.NumberField{Name: name, Min: types.Pointer(0.0)}
}

func text(name string, max int) *core.TextField {
	return &core.TextField{Name: name, Max: max}
}

func requiredText(name string, max int) *core.TextField {
	return &core.TextField{Name: name, Max: max, Required: true}
}

func flag(name string) *core.BoolField { return &core.BoolField{Name: name} }

func date(name string) *core.DateField { return &core.DateField{Name: name} }

func requiredDate(name string) *core.DateField { return &core.DateField{Name: name, Required: true} }

func jsonField(name string, maxBytes int64) *core.JSONField {
	return &core.JSONField{Name: name, MaxSize: maxBytes}
}

func oneOf(name string, required bool, values []string) *core.SelectField {
	return &core.SelectField{Name: name, Required: required, MaxSelect: 1, Values: values}
}

func relation(name, collectionID string, required, cascade bool) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: collectionID, MaxSelect: 1,
		Required: required, CascadeDelete: cascade}
}

func timestamps() []core.Field {
	return []core.Field{
		&core.AutodateField{Name: c.FieldCreated, OnCreate: true},
		&core.AutodateField{Name: c.FieldUpdated, OnCreate: true, OnUpdate: true},
	}
}
