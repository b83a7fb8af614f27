package seed

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/secret"
)

// Identifiers of seeded records, far from real Telegram ids' usual ranges.
const (
	ownerUserID  = 700000001
	firstBotID   = 7000000001
	firstGroupID = -1009000000001
	firstChannel = -1008000000001
)

// group is a seeded group as the log generator sees it.
type group struct {
	id       int64
	botID    int64
	channels []int64
	weight   float64 // share of the traffic (Zipf-like)
}

// world is the seeded structure the logs refer to.
type world struct {
	groups   []group
	bots     []int64
	channels int
	cumul    []float64 // cumulative group weights, for picking a group
}

var (
	adjectives = []string{"Daily", "Crypto", "Indie", "Open", "Green", "Night", "Retro", "Pixel", "Urban", "Quiet", "Global", "Tiny"}
	nouns      = []string{"Traders", "Book Club", "Devs", "Gardeners", "Gamers", "Runners", "Makers", "Photographers", "Cooks", "Hikers", "Musicians", "Founders"}
)

// makeWorld creates (or finds, when seeding again) the owner, bots, channels, groups and
// links. Bots are created inactive, so `serve` does not try their placeholder tokens.
func makeWorld(app core.App, o Options) (*world, error) {
	rnd := rand.New(rand.NewPCG(o.RandomSeed, 1))
	box, err := loadBox(app, o.EncryptionKey)
	if err != nil {
		return nil, err
	}
	w := &world{}
	var owner *core.Record
	err = app.RunInTransaction(func(tx core.App) error {
		if owner, err = upsert(tx, c.Owners, c.FieldUserID, ownerUserID, func(rec *core.Record) {
			rec.Set(c.FieldUsername, "demo_owner")
		}); err != nil {
			return err
		}
		botRefs := make([]string, o.Bots)
		for i := range o.Bots {
			id := int64(firstBotID + i)
			sealed, err := box.Seal(fmt.Sprintf("%d:AAseededPlaceholderToken%012d", id, i))
			if err != nil {
				return err
			}
			bot, err := upsert(tx, c.BotInstances, c.FieldBotID, id, func(rec *core.Record) {
				b := c.Wrap(&c.BotInstance{}, rec)
				b.SetIdentity(id, fmt.Sprintf("demo_guard_%d_bot", i+1), fmt.Sprintf("Demo Guard %d", i+1))
				b.SetOwnerTelegramID(ownerUserID)
				b.SetTokenEncrypted(sealed)
				b.SetIsActive(false)
			})
			if err != nil {
				return err
			}
			botRefs[i] = bot.Id
			w.bots = append(w.bots, id)
			if _, err := upsert(tx, c.BotStatus, c.FieldBotInstance, bot.Id, func(rec *core.Record) {
				s := c.Wrap(&c.BotStatusRow{}, rec)
				s.SetStatus(c.BotStopped)
				s.SetHeartbeat(o.End, o.End.Add(-time.Hour))
			}); err != nil {
				return err
			}
		}
		nChannels := max(1, o.Groups*3/4)
		channelRefs := make([]string, nChannels)
		for i := range nChannels {
			id := int64(firstChannel - i)
			name := fmt.Sprintf("%s %s News", adjectives[i%len(adjectives)], nouns[(i/len(adjectives)+i)%len(nouns)])
			ch, err := upsert(tx, c.EnforcedChannels, c.FieldChannelID, id, func(rec *core.Record) {
				ch := c.Wrap(&c.EnforcedChannel{}, rec)
				ch.SetTitle(name)
				ch.SetUsername(fmt.Sprintf("demo_channel_%d", i+1))
				ch.SetSubscriberCount(500+rnd.IntN(50000), o.End)
			})
			if err != nil {
				return err
			}
			channelRefs[i] = ch.Id
		}
		w.channels = nChannels
		var total float64
		for i := range o.Groups {
			id := int64(firstGroupID - i)
			bot := i % o.Bots
			title := fmt.Sprintf("%s %s", adjectives[(i*5)%len(adjectives)], nouns[i%len(nouns)])
			g, err := upsert(tx, c.ProtectedGroups, c.FieldGroupID, id, func(rec *core.Record) {
				g := c.Wrap(&c.ProtectedGroup{}, rec)
				g.SetTitle(title)
				g.SetOwnerRef(owner.Id)
				g.SetBotInstanceRef(botRefs[bot])
				g.SetEnabled(i%9 != 8) // a few disabled groups
				g.SetMemberCount(50+rnd.IntN(20000), o.End)
			})
			if err != nil {
				return err
			}
			sg := group{id: id, botID: w.bots[bot], weight: 1 / float64(i+1)}
			for k := range 1 + i%3 { // 1, 2 or 3 channels
				ci := (i + k*7) % nChannels
				if k > 0 && ci == (i%nChannels) {
					continue
				}
				if err := link(tx, g.Id, channelRefs[ci]); err != nil {
					return err
				}
				sg.channels = append(sg.channels, int64(firstChannel-ci))
			}
			total += sg.weight
			w.groups = append(w.groups, sg)
			w.cumul = append(w.cumul, total)
		}
		return nil
	})
	return w, err
}

// upsert finds the record of collection whose field equals value, or makes one, applies
// fill and saves it.
func upsert(app core.App, collection, field string, value any, fill func(*core.Record)) (*core.Record, error) {
	rec, err := app.FindFirstRecordByFilter(collection, field+" = {:v}", dbx.Params{"v": value})
	if err != nil {
		if rec, err = c.NewRecord(app, collection); err != nil {
			return nil, err
		}
		rec.Set(field, value)
	}
	fill(rec)
	if err := app.Save(rec); err != nil {
		return nil, fmt.Errorf("seed %s %v: %w", collection, value, err)
	}
	return rec, nil
}

// link joins a group and a channel unless they already are.
func link(app core.App, groupRef, channelRef string) error {
	_, err := app.FindFirstRecordByFilter(c.GroupChannelLinks, c.FieldGroup+" = {:g} && "+c.FieldChannel+" = {:c}",
		dbx.Params{"g": groupRef, "c": channelRef})
	if err == nil {
		return nil
	}
	l, err := c.NewGroupChannelLink(app, groupRef, channelRef)
	if err != nil {
		return err
	}
	return app.Save(l)
}

// loadBox opens the key the server seals bot tokens with.
func loadBox(app core.App, key string) (*secret.Box, error) {
	if key == "" {
		key = os.Getenv("ENCRYPTION_KEY")
	}
	return secret.LoadBox(key, app.DataDir(), slog.New(slog.DiscardHandler))
}
