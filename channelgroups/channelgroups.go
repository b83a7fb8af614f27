// Package channelgroups serves the groups each channel protects, for a page of the
// dashboard's Channels list in one request: per channel the first few linked groups by
// title and the number of links, where the collection REST would take one request per
// channel (a channel may protect thousands of groups).
//
//	channelgroups.Register(app)
//	GET /api/nezuko/channel-groups?channels=ID1,ID2&limit=5
package channelgroups

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/policy"
)

// Path is the route: GET with the query parameters ParamChannels and ParamLimit.
const Path = "/api/nezuko/channel-groups"

// Query parameters of Path.
const (
	// ParamChannels is the enforced_channels record ids, comma-separated (1..MaxChannels).
	ParamChannels = "channels"
	// ParamLimit is how many groups to name per channel (1..MaxLimit, default DefaultLimit).
	ParamLimit = "limit"
)

// Bounds of the parameters.
const (
	MaxChannels  = 100
	DefaultLimit = 5
	MaxLimit     = 50
)

// Error codes of invalid parameters (the `code` in the 400 answer's data).
const (
	CodeRequired   = "required"
	CodeTooMany    = "too_many"
	CodeInvalidID  = "invalid_id"
	CodeOutOfRange = "out_of_range"
)

// recordID is what a record id may look like (PocketBase's ids are 15 of [a-z0-9]; a
// looser pattern only lets unknown ids through, which name no group).
var recordID = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

// Group is one linked group as the Channels page names it.
type Group struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	GroupID int64  `json:"group_id"`
}

// Channel is the answer for one asked channel: its first groups by title (at most the
// limit) and how many groups it is linked to in all.
type Channel struct {
	Channel string  `json:"channel"`
	Groups  []Group `json:"groups"`
	Total   int     `json:"total"`
}

// Response is the route's answer: one item per distinct asked channel, in the order
// asked (an unknown id gets no groups and a total of 0).
type Response struct {
	Items []Channel `json:"items"`
}

// Register binds GET Path. Who may call it is who may list enforced_channels,
// group_channel_links and protected_groups (collections.RuleActiveAdmin: any active
// admin user, and superusers); anonymous callers get 401, inactive, deleted or other
// signed-in callers 403, as every custom route (DESIGN.md §2).
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(Path, handle).Bind(policy.RequireAdmin(policy.AnyAdmin))
		return se.Next()
	})
}

// handle answers GET Path.
func handle(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	ids, limit, err := parse(q.Get(ParamChannels), q.Get(ParamLimit))
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		return e.BadRequestError(message(verrs), verrs)
	}
	res, err := Lookup(e.Request.Context(), e.App, ids, limit)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, res)
}

// parse validates the parameters: the distinct channel ids in the order given, and the
// limit; the error is validation.Errors keyed by parameter name.
func parse(channels, limit string) ([]string, int, error) {
	errs := validation.Errors{}
	var ids []string
	seen := map[string]bool{}
	for _, id := range strings.Split(channels, ",") {
		id = strings.TrimSpace(id)
		if id == "" || seen[id] {
			continue
		}
		if !recordID.MatchString(id) {
			errs[ParamChannels] = validation.NewError(CodeInvalidID, "Must be record ids separated by commas.")
			break
		}
		seen[id] = true
		ids = append(ids, id)
	}
	switch {
	case errs[ParamChannels] != nil:
	case len(ids) == 0:
		errs[ParamChannels] = validation.NewError(CodeRequired, "Give at least one channel record id.")
	case len(ids) > MaxChannels:
		errs[ParamChannels] = validation.NewError(CodeTooMany, fmt.Sprintf("Give at most %d channel record ids.", MaxChannels))
	}
	n := DefaultLimit
	if s := strings.TrimSpace(limit); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 || v > MaxLimit {
			errs[ParamLimit] = validation.NewError(CodeOutOfRange, fmt.Sprintf("Must be an integer between 1 and %d.", MaxLimit))
		} else {
			n = v
		}
	}
	if len(errs) > 0 {
		return nil, 0, errs
	}
	return ids, n, nil
}

// message is the 400 answer's message, naming each invalid parameter.
func message(errs validation.Errors) string {
	parts := []string{}
	for _, name := range []string{ParamChannels, ParamLimit} {
		if err, ok := errs[name]; ok {
			parts = append(parts, name+": "+strings.TrimSuffix(err.Error(), "."))
		}
	}
	return "Invalid parameter " + strings.Join(parts, "; ") + "."
}

// Lookup reads, for each channel record id, its first limit linked groups by title
// (then Telegram id) and its number of links, in two queries on the links' channel
// index: the counts (grouped), and per channel its links (about 200 at fleet size)
// sorted and cut to limit, the channels' parts joined by UNION ALL. One window query
// over all the asked channels' links took twice as long, a query per channel and count
// about as long but 40 round trips (BenchmarkLookup).
func Lookup(ctx context.Context, app core.App, ids []string, limit int) (Response, error) {
	res := Response{Items: make([]Channel, len(ids))}
	if len(ids) == 0 {
		return res, nil
	}
	at := make(map[string]int, len(ids))
	params := dbx.Params{"limit": limit}
	marks := make([]string, len(ids))
	parts := make([]string, len(ids))
	for i, id := range ids {
		res.Items[i] = Channel{Channel: id, Groups: []Group{}}
		at[id] = i
		marks[i] = fmt.Sprintf("{:c%d}", i)
		params[fmt.Sprintf("c%d", i)] = id
		parts[i] = fmt.Sprintf(`SELECT * FROM (SELECT l.[[%[1]s]] AS [[channel]], g.[[id]] AS [[id]], g.[[%[2]s]] AS [[title]], g.[[%[3]s]] AS [[group_id]]
  FROM {{%[4]s}} l JOIN {{%[5]s}} g ON g.[[id]] = l.[[%[6]s]] WHERE l.[[%[1]s]] = %[7]s
  ORDER BY g.[[%[2]s]], g.[[%[3]s]] LIMIT {:limit})`,
			c.FieldChannel, c.FieldTitle, c.FieldGroupID, c.GroupChannelLinks, c.ProtectedGroups, c.FieldGroup, marks[i])
	}
	var counts []struct {
		Channel string `db:"channel"`
		Total   int    `db:"total"`
	}
	err := app.DB().NewQuery(fmt.Sprintf("SELECT [[%[1]s]] AS [[channel]], COUNT(*) AS [[total]] FROM {{%[2]s}} WHERE [[%[1]s]] IN (%[3]s) GROUP BY [[%[1]s]]",
		c.FieldChannel, c.GroupChannelLinks, strings.Join(marks, ", "))).Bind(params).WithContext(ctx).All(&counts)
	if err != nil {
		return Response{}, fmt.Errorf("channel groups: counts: %w", err)
	}
	for _, r := range counts {
		res.Items[at[r.Channel]].Total = r.Total
	}
	var rows []struct {
		Channel string `db:"channel"`
		ID      string `db:"id"`
		Title   string `db:"title"`
		GroupID int64  `db:"group_id"`
	}
	if err := app.DB().NewQuery(strings.Join(parts, "\nUNION ALL\n")).Bind(params).WithContext(ctx).All(&rows); err != nil {
		return Response{}, fmt.Errorf("channel groups: groups: %w", err)
	}
	for _, r := range rows { // each channel's rows in title order (UNION ALL keeps the parts' order)
		it := &res.Items[at[r.Channel]]
		it.Groups = append(it.Groups, Group{ID: r.ID, Title: r.Title, GroupID: r.GroupID})
	}
	return res, nil
}
