package telegram

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestPressesFirst: a getUpdates answer's button presses move to the front of the
// batch, each group keeping its order, the last update staying last; answers without
// a press to move are passed through untouched.
func TestPressesFirst(t *testing.T) {
	msg := func(id int) string {
		return `{"update_id":` + itoa(id) + `,"message":{"text":"\"callback_query\": in a text"}}`
	}
	press := func(id int) string { return `{"update_id":` + itoa(id) + `,"callback_query":{"id":"q","data":"v"}}` }
	batch := func(us ...string) []byte {
		b := `{"ok":true,"result":[`
		for i, u := range us {
			if i > 0 {
				b += ","
			}
			b += u
		}
		return []byte(b + `]}`)
	}
	ids := func(raw []byte) []int {
		var ans struct {
			Result []struct {
				ID int `json:"update_id"`
			} `json:"result"`
		}
		if err := json.Unmarshal(raw, &ans); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		var out []int
		for _, u := range ans.Result {
			out = append(out, u.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want []int
	}{
		{"presses in the middle", batch(msg(1), msg(2), press(3), msg(4), press(5), msg(6)), []int{3, 5, 1, 2, 4, 6}},
		{"a press last stays last", batch(msg(1), msg(2), press(3)), []int{1, 2, 3}},
		{"presses first already", batch(press(1), press(2), msg(3), msg(4)), []int{1, 2, 3, 4}},
		{"no press (the words in a text)", batch(msg(1), msg(2), msg(3)), []int{1, 2, 3}},
	} {
		got := ids(pressesFirst(tc.in))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: order %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, raw := range []string{`{"ok":false,"error_code":409,"description":"\"callback_query\""}`, `not json "callback_query"`} {
		if got := string(pressesFirst([]byte(raw))); got != raw {
			t.Errorf("%s changed to %s", raw, got)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
