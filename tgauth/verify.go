package tgauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MaxAge is how old a Login Widget payload (auth_date) may be.
const MaxAge = 24 * time.Hour

// maxSkew tolerates an auth_date slightly in the future (clock drift).
const maxSkew = 5 * time.Minute

// Errors of Check; callers answer all of them with one generic 401.
var (
	ErrBadHash = errors.New("tgauth: hash does not match")
	ErrExpired = errors.New("tgauth: auth_date too old or in the future")
	ErrFields  = errors.New("tgauth: missing or malformed id, auth_date or hash")
)

// DataCheckString is what Telegram signs: every field except hash, sorted by key,
// formatted key=value and joined with "\n".
func DataCheckString(fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if k != "hash" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(fields[k])
	}
	return b.String()
}

// Sign returns the hex hash Telegram would attach to fields for the bot token
// (HMAC-SHA256 of the data-check string, key = SHA-256 of the token).
func Sign(botToken string, fields map[string]string) string {
	key := sha256.Sum256([]byte(botToken))
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(DataCheckString(fields)))
	return hex.EncodeToString(mac.Sum(nil))
}

// Check verifies a Login Widget payload signed for botToken at time now and returns
// the Telegram user id. The hash is compared in constant time.
func Check(botToken string, fields map[string]string, now time.Time) (int64, error) {
	got, err := hex.DecodeString(fields["hash"])
	if err != nil || len(got) != sha256.Size {
		return 0, ErrBadHash
	}
	want, _ := hex.DecodeString(Sign(botToken, fields))
	if !hmac.Equal(got, want) {
		return 0, ErrBadHash
	}
	id, err := strconv.ParseInt(fields["id"], 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrFields
	}
	ts, err := strconv.ParseInt(fields["auth_date"], 10, 64)
	if err != nil {
		return 0, ErrFields
	}
	at := time.Unix(ts, 0)
	if now.Sub(at) > MaxAge || at.Sub(now) > maxSkew {
		return 0, ErrExpired
	}
	return id, nil
}
