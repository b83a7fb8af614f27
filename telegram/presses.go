package telegram

import (
	"bytes"
	"encoding/json"
)

// pressesFirst moves the callback queries (button presses) of a getUpdates answer to
// the front of its batch, keeping the order among them and among the other updates,
// and keeping the last update last: go-telegram/bot confirms a batch by the id of the
// update it handed over last, which must stay the batch's highest. A press has
// Telegram's 15 s answer window, a join or a message has no deadline, so in a burst a
// press no longer waits behind the rest of its batch. Anything else (not an answer
// with a result array, no press to move) is returned as it is.
func pressesFirst(raw []byte) []byte {
	if !bytes.Contains(raw, []byte(`"callback_query"`)) {
		return raw
	}
	var ans struct {
		OK     bool              `json:"ok"`
		Result []json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil || !ans.OK || len(ans.Result) < 3 {
		return raw
	}
	n := len(ans.Result)
	var presses, others []json.RawMessage
	moved := false
	for _, u := range ans.Result[:n-1] {
		if isPress(u) {
			presses = append(presses, u)
			moved = moved || len(others) > 0
		} else {
			others = append(others, u)
		}
	}
	if !moved {
		return raw
	}
	out, err := json.Marshal(struct {
		OK     bool              `json:"ok"`
		Result []json.RawMessage `json:"result"`
	}{true, append(append(presses, others...), ans.Result[n-1])})
	if err != nil {
		return raw
	}
	return out
}

// isPress tells whether an update is a callback query.
func isPress(update json.RawMessage) bool {
	var u struct {
		CallbackQuery json.RawMessage `json:"callback_query"`
	}
	return json.Unmarshal(update, &u) == nil && len(u.CallbackQuery) > 0
}
