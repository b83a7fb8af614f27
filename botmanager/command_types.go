package botmanager

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// Command types of DESIGN.md §5.
const (
	CmdStartBot    = "start_bot"
	CmdStopBot     = "stop_bot"
	CmdRestartBot  = "restart_bot"
	CmdSyncMembers = "sync_members"
	CmdClearCache  = "clear_cache"
	CmdRecheckUser = "recheck_user"
	CmdMuteUser    = "mute_user"
	CmdUnmuteUser  = "unmute_user"
	CmdBanUser     = "ban_user"
	CmdUnbanUser   = "unban_user"
	CmdSendMessage = "send_message"
	CmdLeaveGroup  = "leave_group"
)

// CommandTypes lists every command type the worker runs.
var CommandTypes = []string{CmdStartBot, CmdStopBot, CmdRestartBot, CmdSyncMembers, CmdClearCache,
	CmdRecheckUser, CmdMuteUser, CmdUnmuteUser, CmdBanUser, CmdUnbanUser, CmdSendMessage, CmdLeaveGroup}

// payload reads typed fields from a command payload, naming the field on error.
type payload map[string]any

func (p payload) int(field string, required bool) (int64, error) {
	v, ok := p[field]
	if !ok || v == nil {
		if required {
			return 0, fmt.Errorf("payload.%s is required", field)
		}
		return 0, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("payload.%s must be an integer (a Telegram id)", field)
	}
	i, err := n.Int64()
	if err != nil {
		return 0, fmt.Errorf("payload.%s must be an integer (a Telegram id)", field)
	}
	return i, nil
}

func (p payload) text(field string) (string, error) {
	v, ok := p[field]
	if !ok || v == nil {
		return "", fmt.Errorf("payload.%s is required", field)
	}
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("payload.%s must be a non-empty string", field)
	}
	return s, nil
}

func decodePayload(cmd *c.AdminCommand) (payload, error) {
	raw := cmd.GetString(c.FieldPayload)
	if strings.TrimSpace(raw) == "" || raw == "null" {
		return payload{}, nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var p payload
	if err := dec.Decode(&p); err != nil || p == nil {
		return nil, errors.New("payload must be a JSON object")
	}
	return p, nil
}

// dispatch validates the payload and runs the command.
func (m *Manager) dispatch(ctx context.Context, cmd *c.AdminCommand) (map[string]any, error) {
	p, err := decodePayload(cmd)
	if err != nil {
		return nil, err
	}
	switch t := cmd.CommandType(); t {
	case CmdStartBot, CmdStopBot, CmdRestartBot:
		return m.lifecycleCommand(t, cmd.BotInstanceRef())
	case CmdSyncMembers, CmdClearCache:
		group, err := p.int("group_id", false)
		if err != nil {
			return nil, err
		}
		eng, err := m.engineFor(cmd, group)
		if err != nil {
			return nil, err
		}
		if t == CmdClearCache {
			return eng.ClearCache(group), nil
		}
		return eng.SyncMembers(ctx, group)
	case CmdRecheckUser, CmdMuteUser, CmdUnmuteUser, CmdBanUser, CmdUnbanUser:
		group, err := p.int("group_id", true)
		if err != nil {
			return nil, err
		}
		user, err := p.int("user_id", true)
		if err != nil {
			return nil, err
		}
		eng, err := m.engineFor(cmd, group)
		if err != nil {
			return nil, err
		}
		op := map[string]func(context.Context, int64, int64) (map[string]any, error){
			CmdRecheckUser: eng.Recheck, CmdMuteUser: eng.Mute, CmdUnmuteUser: eng.Unmute,
			CmdBanUser: eng.Ban, CmdUnbanUser: eng.Unban,
		}[t]
		return op(ctx, group, user)
	case CmdSendMessage:
		group, err := p.int("group_id", true)
		if err != nil {
			return nil, err
		}
		text, err := p.text("text")
		if err != nil {
			return nil, err
		}
		eng, err := m.engineFor(cmd, group)
		if err != nil {
			return nil, err
		}
		return eng.SendMessage(ctx, group, text)
	case CmdLeaveGroup:
		group, err := p.int("group_id", true)
		if err != nil {
			return nil, err
		}
		eng, err := m.engineFor(cmd, group)
		if err != nil {
			return nil, err
		}
		return eng.LeaveGroup(ctx, group)
	default:
		return nil, fmt.Errorf("unknown command type %q (known: %s)", t, strings.Join(CommandTypes, ", "))
	}
}

// lifecycleCommand starts, stops or restarts a bot. start and stop also set is_active,
// so the reconcile loop agrees with the command.
func (m *Manager) lifecycleCommand(t, recordID string) (map[string]any, error) {
	if recordID == "" {
		return nil, errors.New("bot_instance is required for " + t)
	}
	rec, err := m.opts.App.FindRecordById(c.BotInstances, recordID)
	if err != nil {
		return nil, fmt.Errorf("bot %s not found", recordID)
	}
	bot := c.Wrap(&c.BotInstance{}, rec)
	if bot.IsDeleted() {
		return nil, fmt.Errorf("bot %s is deleted", recordID)
	}
	m.opsMu.Lock()
	defer m.opsMu.Unlock()
	switch t {
	case CmdStopBot:
		if bot.IsActive() {
			bot.SetIsActive(false)
			if err := m.opts.App.Save(bot); err != nil {
				return nil, err
			}
		}
		if r := m.runnerByRecord(recordID); r != nil {
			m.remove(recordID)
			r.stop(m.ctx)
		}
		return map[string]any{"stopped": true}, nil
	case CmdStartBot:
		if r := m.runnerByRecord(recordID); r != nil && bot.IsActive() {
			if st := r.snapshot().status; st == c.BotRunning || st == c.BotStarting {
				return map[string]any{"started": false, "already": st}, nil
			}
		}
	case CmdRestartBot:
		if r := m.runnerByRecord(recordID); r != nil {
			if wait := m.opts.RestartCool - time.Since(r.lastStarted()); wait > 0 {
				return nil, fmt.Errorf("restarted %s ago; wait %d s before restarting again",
					time.Since(r.lastStarted()).Round(time.Second), int(wait.Seconds()+0.999))
			}
		}
	}
	if !bot.IsActive() {
		bot.SetIsActive(true)
		if err := m.opts.App.Save(bot); err != nil {
			return nil, err
		}
	}
	if r := m.runnerByRecord(recordID); r != nil {
		m.remove(recordID)
		r.stop(m.ctx)
	}
	m.launch(bot)
	return map[string]any{"started": true}, nil
}

// lastStarted is when the current attempt began.
func (r *runner) lastStarted() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lastStart
}
