package invitelinks

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"
	"golang.org/x/sync/singleflight"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// maxName is the longest invite link name Telegram keeps ("name: Invite link name;
// 0-32 characters"; TDLib cuts longer ones, MAX_INVITE_LINK_TITLE_LENGTH).
const maxName = 32

// retryAfter is how long a warning does not ask again for a link Telegram refused
// (the bot may not invite users there); the maintenance asks anyway.
const retryAfter = 15 * time.Minute

// Store keeps the links (bot_invite_links); the engine's store satisfies it.
type Store interface {
	// InviteLink returns the pair's current link, nil when none.
	InviteLink(groupID, channelID int64) (*store.InviteLink, error)
	// SaveInviteLink makes link the pair's current link in the background (a replaced
	// one is kept, marked revoked at now).
	SaveInviteLink(groupID, channelID int64, link store.InviteLink, now time.Time)
	// LinkGroup returns the group of a stored link of the channel, current or replaced.
	LinkGroup(channelID int64, url string) (groupID int64, ok bool)
}

// Link is one pair's link as the engine knows it.
type Link struct {
	URL      string
	Requests bool        // creates join requests
	broken   atomic.Bool // stopped working and could not be recreated
}

// Fits reports whether there is a link (l is not nil) and it creates join requests
// exactly when requests is true.
func (l *Link) Fits(requests bool) bool { return l != nil && l.Requests == requests }

// Works reports whether the link Fits and is not Broken.
func (l *Link) Works(requests bool) bool { return l.Fits(requests) && !l.Broken() }

// Broken reports whether the link stopped working and could not be recreated:
// warnings fall back to the channel's own link until it is.
func (l *Link) Broken() bool { return l.broken.Load() }

// MarkBroken notes that the link stopped working and could not be recreated.
func (l *Link) MarkBroken() { l.broken.Store(true) }

// pair is one (group, channel).
type pair [2]int64

// Links remembers the invite link the bot made for each (group, channel) pair, stored
// in bot_invite_links: the group's warnings lead into the channel through it, and a
// join through it is counted for the group — through a replaced one too (kept with
// revoked_at set).
type Links struct {
	db Store

	mu      sync.Mutex // guards pairs, byURL, refused
	pairs   map[pair]*Link
	byURL   map[string]int64 // link → group
	refused map[pair]time.Time
	flight  singleflight.Group
}

// New returns the links of the bot kept in db.
func New(db Store) *Links {
	return &Links{db: db, pairs: map[pair]*Link{}, byURL: map[string]int64{}, refused: map[pair]time.Time{}}
}

// Name is the name of a group's link: the group's title, cut to 32 characters on a
// character boundary (the group's id when the title is empty).
func Name(title string, groupID int64) string {
	name := strings.TrimSpace(title)
	if name == "" {
		name = strconv.FormatInt(groupID, 10)
	}
	if r := []rune(name); len(r) > maxName {
		name = strings.TrimSpace(string(r[:maxName]))
	}
	return name
}

// Stored returns the pair's link (memory, else the Store); nil when none.
func (l *Links) Stored(groupID, channelID int64) (*Link, error) {
	l.mu.Lock()
	st, ok := l.pairs[pair{groupID, channelID}]
	l.mu.Unlock()
	if ok {
		return st, nil
	}
	bl, err := l.db.InviteLink(groupID, channelID)
	if err != nil || bl == nil {
		return nil, err
	}
	st = &Link{URL: bl.URL, Requests: bl.Requests}
	l.remember(groupID, channelID, st)
	return st, nil
}

// Save makes url the pair's link, in memory at once and stored in the background
// (the one it replaces is kept there, revoked at now).
func (l *Links) Save(groupID, channelID int64, url string, requests bool, now time.Time) *Link {
	st := &Link{URL: url, Requests: requests}
	l.remember(groupID, channelID, st)
	l.db.SaveInviteLink(groupID, channelID, store.InviteLink{URL: st.URL, Requests: st.Requests}, now)
	return st
}

func (l *Links) remember(groupID, channelID int64, st *Link) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pairs[pair{groupID, channelID}] = st
	l.byURL[st.URL] = groupID
}

// GroupOf returns the group whose link of the channel url is, current or replaced
// (collections.NoGroup when it is none of this bot's links).
func (l *Links) GroupOf(channelID int64, url string) int64 {
	l.mu.Lock()
	g, ok := l.byURL[url]
	l.mu.Unlock()
	if ok {
		return g
	}
	if g, ok := l.db.LinkGroup(channelID, url); ok {
		return g
	}
	return c.NoGroup
}

// Do runs create, which makes the pair's link, once for concurrent callers of the
// pair: they all get its result.
func (l *Links) Do(groupID, channelID int64, create func() (string, error)) (string, error) {
	key := strconv.FormatInt(groupID, 10) + ":" + strconv.FormatInt(channelID, 10)
	v, err, _ := l.flight.Do(key, func() (any, error) { return create() })
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// Failed records that making the pair's link failed at now with err: old, the link
// it was to replace, is Broken when it was of the wanted kind (requests); a Refusal
// holds warnings off asking for the pair again (RefusedLately).
func (l *Links) Failed(groupID, channelID int64, old *Link, requests bool, err error, now time.Time) {
	if old.Fits(requests) {
		old.MarkBroken()
	}
	if Refusal(err) {
		l.mu.Lock()
		l.refused[pair{groupID, channelID}] = now
		l.mu.Unlock()
	}
}

// ClearRefused forgets a refusal of the pair (a link was made).
func (l *Links) ClearRefused(groupID, channelID int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.refused, pair{groupID, channelID})
}

// RefusedLately reports whether Telegram refused the pair a link within 15 minutes
// before now.
func (l *Links) RefusedLately(groupID, channelID int64, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.refused[pair{groupID, channelID}]
	return ok && now.Sub(at) < retryAfter
}

// Refusal reports whether err is Telegram refusing (400 or 403), not Telegram being
// unreachable.
func Refusal(err error) bool {
	return errors.Is(err, bot.ErrorBadRequest) || errors.Is(err, bot.ErrorForbidden)
}

// RightsRefusal reports a refusal for missing admin rights.
func RightsRefusal(err error) bool {
	s := strings.ToLower(err.Error())
	return errors.Is(err, bot.ErrorForbidden) || strings.Contains(s, "not enough rights") ||
		strings.Contains(s, "chat_admin_required") || strings.Contains(s, "administrator rights")
}
