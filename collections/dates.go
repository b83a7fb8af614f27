package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
)

// DateLayout is how PocketBase stores a date field as text ("2006-01-02 15:04:05.000Z",
// UTC): raw SQL that inserts or compares dates formats them with it.
const DateLayout = types.DefaultDateLayout

// DBTime renders t as a stored date field.
func DBTime(t time.Time) string { return t.UTC().Format(DateLayout) }
