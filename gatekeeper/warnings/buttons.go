package warnings

import (
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// verifyPrefix starts the callback data of an "I have joined" button; the rest is the
// id of the warned user, so only they can use it (gap G19).
const verifyPrefix = "nzv:"

// CombinedPrefix starts the callback data of a combined warning's "I have joined";
// the rest is the warning's id. It checks whoever presses it, and acts only for a
// user the warning is for.
const CombinedPrefix = "nzb:"

// combinedData is the callback data of a combined warning's button.
func combinedData(id int64) string { return CombinedPrefix + strconv.FormatInt(id, 10) }

// ParseCombinedData returns the combined warning of a button's data.
func ParseCombinedData(data string) (int64, bool) { return parseData(CombinedPrefix, data) }

// VerifyData is the callback data of the warned user's button.
func VerifyData(userID int64) string { return verifyPrefix + strconv.FormatInt(userID, 10) }

// ParseVerifyData returns the warned user of a button's data.
func ParseVerifyData(data string) (int64, bool) { return parseData(verifyPrefix, data) }

// parseData returns the id after prefix in a button's data.
func parseData(prefix, data string) (int64, bool) {
	rest, ok := strings.CutPrefix(data, prefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// ChannelName is how a channel is named to people: @username, else its title.
func ChannelName(ch store.Channel) string {
	switch {
	case ch.Username != "":
		return "@" + ch.Username
	case ch.Title != "":
		return ch.Title
	}
	return "the channel"
}

// channelURL is where a join button leads: the bot's own link for the group (a
// join-request link when pending requests count), else the channel's invite link,
// else t.me/username.
func channelURL(ch store.Channel) string {
	switch {
	case ch.GroupLink != "":
		return ch.GroupLink
	case ch.InviteLink != "":
		return ch.InviteLink
	case ch.Username != "":
		return "https://t.me/" + ch.Username
	}
	return ""
}

// Keyboard has one join button per missing channel and, unless data is "" (the
// user was removed from the group), an "I have joined" button with that callback
// data.
func Keyboard(lang string, data string, missing []store.Channel) *models.InlineKeyboardMarkup {
	rows := make([][]models.InlineKeyboardButton, 0, len(missing)+1)
	for _, ch := range missing {
		if u := channelURL(ch); u != "" {
			rows = append(rows, []models.InlineKeyboardButton{{Text: i18n.T(lang, i18n.BtnJoin, "channel", ChannelName(ch)), URL: u}})
		}
	}
	if data != "" {
		rows = append(rows, []models.InlineKeyboardButton{{Text: i18n.T(lang, i18n.BtnJoined), CallbackData: data}})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}
