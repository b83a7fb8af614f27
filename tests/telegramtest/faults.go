package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// FaultKind is a kind of injected failure.
type FaultKind int

// The kinds of faults a Server can inject.
const (
	FaultNone            FaultKind = iota
	FaultTooManyRequests           // 429 "Too Many Requests: retry after N" with parameters.retry_after
	FaultServerError               // a 5xx answer (Status, default 500)
	FaultDelay                     // wait Delay, then answer normally
	FaultDrop                      // close the connection without an answer
	FaultMalformed                 // 200 with a body that is not valid JSON
)

// Fault makes the next calls of a method fail.
type Fault struct {
	Method     string // "" for any method
	Token      string // "" for any bot
	Kind       FaultKind
	Times      int           // how many calls it hits: 0 means 1, negative means every call
	RetryAfter int           // FaultTooManyRequests: seconds (default 1)
	Status     int           // FaultServerError: HTTP status (default 500)
	Delay      time.Duration // FaultDelay
}

// InjectFault queues a fault; faults are matched in the order injected.
func (s *Server) InjectFault(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault consumes the first fault matching a call.
func (s *Server) takeFault(method, token string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Method != "" && f.Method != method) || (f.Token != "" && f.Token != token) {
			continue
		}
		hit := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

// applyFault answers a call with a fault; it reports whether the call should
// still be served normally (after a delay).
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, call *Call, f *Fault) bool {
	call.Fault = f.Kind
	switch f.Kind {
	case FaultTooManyRequests:
		ra := max(f.RetryAfter, 1)
		s.finish(w, call, nil, &apiError{code: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", ra), retryAfter: ra})
	case FaultServerError:
		status := f.Status
		if status == 0 {
			status = 500
		}
		s.finish(w, call, nil, &apiError{code: status, desc: http.StatusText(status)})
	case FaultDelay:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
		}
		return true
	case FaultDrop:
		call.ErrorCode, call.Description = 0, "connection dropped"
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				s.record(call)
				return false
			}
		}
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	case FaultMalformed:
		call.Description = "malformed JSON"
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":`))
		s.record(call)
	default:
		return true
	}
	return false
}

// FloodLimits are message-sending limits like Telegram's; zero disables one.
// Sent and edited messages count alike (see floodMethods).
type FloodLimits struct {
	PerBotPerSecond  int // messages a bot may send or edit per second, all chats together
	PerChatPerMinute int // messages a bot may send or edit per minute in one group or channel
}

// floodMethods are the calls the flood limits count. Editing shares the sending
// limit: "For bots the limits for message editing are the same as for message
// sending. They can edit messages about 20 times per minute in a specific chat."
// — "They share the limit." (levlam, tdlib/td#2592); "Limits for message editing
// and sending are shared" (tdlib/td#3034); "editing of the message in question is
// still subject to per chat limits" (tdlib/telegram-bot-api#648). The Bot FAQ's
// group limit: "your bot will not be able to send more than 20 messages per minute
// to the same group".
var floodMethods = map[string]bool{"sendMessage": true, "editMessageText": true}

// TelegramFloodLimits are the limits Telegram documents for bots.
var TelegramFloodLimits = FloodLimits{PerBotPerSecond: 30, PerChatPerMinute: 20}

type floodState struct {
	limits  FloodLimits
	perBot  map[int64][]time.Time
	perChat map[[2]int64][]time.Time
}

// SetFloodLimits switches flood limits on (zero value: off). Over a limit,
// sendMessage and editMessageText answer 429 with the seconds until a slot frees
// up; a call that fails otherwise (an edit that changes nothing) uses no slot.
func (s *Server) SetFloodLimits(l FloodLimits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flood = floodState{limits: l, perBot: map[int64][]time.Time{}, perChat: map[[2]int64][]time.Time{}}
}

// floodKey returns the windows a send counts against. Callers hold s.mu.
func (s *Server) floodKey(r *request) (botID int64, chatKey [2]int64, group bool) {
	botID = r.bot.user.ID
	ref, err := r.p.chatRef()
	if err != nil {
		return botID, chatKey, false
	}
	if ch := s.chatByRef(ref); ch != nil {
		return botID, [2]int64{botID, ch.ID}, true
	}
	return botID, chatKey, false
}

// checkFlood answers 429 when a send would exceed a limit. Callers hold s.mu.
func (s *Server) checkFlood(r *request) *apiError {
	l := s.flood.limits
	if !floodMethods[r.method] || (l.PerBotPerSecond == 0 && l.PerChatPerMinute == 0) {
		return nil
	}
	now := s.clock()
	botID, chatKey, group := s.floodKey(r)
	wait := time.Duration(0)
	if l.PerBotPerSecond > 0 {
		w := prune(s.flood.perBot[botID], now, time.Second)
		s.flood.perBot[botID] = w
		if len(w) >= l.PerBotPerSecond {
			wait = max(wait, w[len(w)-l.PerBotPerSecond].Add(time.Second).Sub(now))
		}
	}
	if l.PerChatPerMinute > 0 && group {
		w := prune(s.flood.perChat[chatKey], now, time.Minute)
		s.flood.perChat[chatKey] = w
		if len(w) >= l.PerChatPerMinute {
			wait = max(wait, w[len(w)-l.PerChatPerMinute].Add(time.Minute).Sub(now))
		}
	}
	if wait > 0 {
		ra := max(int(math.Ceil(wait.Seconds())), 1)
		return &apiError{code: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", ra), retryAfter: ra}
	}
	return nil
}

// countFlood counts a successful send. Callers hold s.mu.
func (s *Server) countFlood(r *request) {
	l := s.flood.limits
	if !floodMethods[r.method] || (l.PerBotPerSecond == 0 && l.PerChatPerMinute == 0) {
		return
	}
	now := s.clock()
	botID, chatKey, group := s.floodKey(r)
	s.flood.perBot[botID] = append(s.flood.perBot[botID], now)
	if group {
		s.flood.perChat[chatKey] = append(s.flood.perChat[chatKey], now)
	}
}

// prune drops the times older than window.
func prune(times []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(now.Add(-window)) {
		i++
	}
	return times[i:]
}
