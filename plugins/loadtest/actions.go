package loadtest

import (
	"fmt"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// kind is what a simulated user does; each kind has one expected decision.
type kind int

const (
	joinAllowed    kind = iota // a user in every channel joins: verified rows, no restrict
	joinRestricted             // a user missing a channel joins: rows, muted once
	msgAllowed                 // a member in every channel writes: verified rows
	msgRestricted              // a member in no channel writes: restricted rows, muted once, message deleted
	leaveGroup                 // a member leaves the group: no decision at all
	leaveChannel               // a member the bot has seen (set-up) leaves the group's first channel: rows, muted once
	pressVerified              // a warned user joins the channels (silently) and presses "I have joined": verified rows, unmuted once
	pressMissing               // a warned user presses without joining: restricted rows, an answer, nothing else
	pressForeign               // someone else presses a warned user's button: an answer, no rows
	warned                     // set-up: a user in no channel joins, is muted and warned (for the presses)
	present                    // set-up: a member in every channel writes, so the bot has seen them (for the channel leaves): verified rows
	kinds
)

var kindNames = [kinds]string{"join allowed", "join restricted", "message allowed", "message restricted",
	"group leave", "channel leave", "press verified", "press missing", "press foreign", "set-up join", "set-up message"}

// updatesOf is how many updates the fake makes for each kind: a join or a group leave
// is a chat_member update plus a service message; the rest one update each.
var updatesOf = [kinds]int{2, 2, 1, 1, 2, 1, 1, 1, 1, 2, 1}

// mix is the weight of each kind in the burst and the sustained phase.
var mix = []struct {
	k      kind
	weight int
}{
	{joinAllowed, 18}, {joinRestricted, 18}, {msgAllowed, 20}, {msgRestricted, 10},
	{leaveGroup, 10}, {leaveChannel, 10}, {pressVerified, 6}, {pressMissing, 5}, {pressForeign, 3},
}

// isPress reports whether the kind presses a warning's button.
func (k kind) isPress() bool { return k == pressVerified || k == pressMissing || k == pressForeign }

// fromPool reports whether the kind acts for a user of a set-up pool (warned users for
// the presses, seen members for the channel leaves) rather than a fresh one.
func (k kind) fromPool() bool { return k.isPress() || k == leaveChannel }

// phase is the part of the run an action belongs to.
type phase int

const (
	phaseSetup phase = iota
	phaseBurst
	phaseSustained
)

// action is one simulated user's step and what it must lead to.
type action struct {
	kind  kind
	phase phase
	group *loadGroup
	user  telegramtest.User // the subject of the decision

	presser telegramtest.User    // who presses (pressForeign: not the warned user)
	warning telegramtest.Message // the warning pressed
	queryID string               // the callback query made by the press
	msgID   int                  // msgRestricted: the message to be deleted

	at time.Time // when the fake made the update available
}

// rowKey identifies verification_log rows of one decision for one channel.
type rowKey struct {
	group, user, channel int64
	status               string
}

// expectedRows are the verification_log rows the action's decision writes: one per
// channel of the group.
func (a *action) expectedRows() []rowKey {
	var out []rowKey
	for i, ch := range a.group.channels {
		status := ""
		switch a.kind {
		case joinAllowed, msgAllowed, pressVerified, present:
			status = c.Verified
		case msgRestricted, pressMissing, warned:
			status = c.Restricted
		case joinRestricted: // in every channel but the last
			status = c.Verified
			if i == len(a.group.channels)-1 {
				status = c.Restricted
			}
		case leaveChannel: // left the first channel, still in the others
			status = c.Verified
			if i == 0 {
				status = c.Restricted
			}
		default:
			return nil
		}
		out = append(out, rowKey{a.group.chat.ID, a.user.ID, ch.ID, status})
	}
	return out
}

// mutes is how many times the user must be muted (restrictChatMember, sending off).
func (a *action) mutes() int {
	switch a.kind {
	case joinRestricted, msgRestricted, leaveChannel, warned:
		return 1
	}
	return 0
}

// unmutes is how many times the user must get the group's permissions back.
func (a *action) unmutes() int {
	if a.kind == pressVerified {
		return 1
	}
	return 0
}

// decides reports whether the action has a decision whose latency is measured.
func (a *action) decides() bool { return a.kind != leaveGroup }

// prepare sets up, without any update, what the action needs before its update:
// memberships of the group and channels, a fresh user.
func (d *driver) prepare(a *action) error {
	tg := d.w.tg
	g := a.group
	if !a.kind.fromPool() {
		a.user = tg.AddUser(fmt.Sprintf("Load %d", d.next()))
	}
	member := telegramtest.Member{Status: telegramtest.StatusMember}
	inChannels := func(n int) error {
		for _, ch := range g.channels[:n] {
			if err := tg.SetMember(ch.ID, a.user.ID, member); err != nil {
				return err
			}
		}
		return nil
	}
	switch a.kind {
	case joinAllowed:
		return inChannels(len(g.channels))
	case joinRestricted:
		return inChannels(len(g.channels) - 1)
	case msgAllowed, leaveGroup, present:
		if err := tg.SetMember(g.chat.ID, a.user.ID, member); err != nil {
			return err
		}
		return inChannels(len(g.channels))
	case msgRestricted:
		return tg.SetMember(g.chat.ID, a.user.ID, member)
	case pressVerified:
		return inChannels(len(g.channels))
	case pressForeign:
		a.presser = tg.AddUser(fmt.Sprintf("Load %d", d.next()))
	}
	return nil
}

// fire makes the action's update(s) on the fake and stamps the moment.
func (d *driver) fire(a *action) error {
	tg := d.w.tg
	g := a.group
	a.at = time.Now()
	var err error
	switch a.kind {
	case joinAllowed, joinRestricted, warned:
		_, err = tg.Join(g.chat.ID, a.user)
	case msgAllowed, present:
		_, err = tg.Send(g.chat.ID, a.user, "hello from a member in every channel")
	case msgRestricted:
		var m telegramtest.Message
		m, err = tg.Send(g.chat.ID, a.user, "hello from a member in no channel")
		a.msgID = m.MessageID
	case leaveGroup:
		_, err = tg.Leave(g.chat.ID, a.user)
	case leaveChannel:
		_, err = tg.Leave(g.channels[0].ID, a.user)
	case pressVerified, pressMissing:
		a.queryID, err = tg.Press(a.user, a.warning, verifyButton(a.user.ID))
	case pressForeign:
		a.queryID, err = tg.Press(a.presser, a.warning, verifyButton(a.user.ID))
	}
	if err != nil {
		return fmt.Errorf("load: %s in group %d: %w", kindNames[a.kind], g.chat.ID, err)
	}
	return nil
}

// verifyButton is the callback data of a warned user's "I have joined" button.
func verifyButton(userID int64) string { return fmt.Sprintf("nzv:%d", userID) }
