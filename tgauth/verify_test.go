package tgauth

import (
	"testing"
	"time"
)

func TestDataCheckStringSortsAndSkipsHash(t *testing.T) {
	got := DataCheckString(map[string]string{"username": "ada", "id": "42", "hash": "x", "auth_date": "9"})
	if want := "auth_date=9\nid=42\nusername=ada"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCheck(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	f := map[string]string{"id": "42", "first_name": "Ada", "auth_date": "1799999000"}
	f["hash"] = Sign("1:tok", f)
	if id, err := Check("1:tok", f, now); err != nil || id != 42 {
		t.Fatalf("valid: id=%d err=%v", id, err)
	}
	if _, err := Check("1:other", f, now); err != ErrBadHash {
		t.Fatalf("other token: %v", err)
	}
	if _, err := Check("1:tok", f, now.Add(MaxAge)); err != ErrExpired {
		t.Fatalf("expired: %v", err)
	}
	f["hash"] = "zz"
	if _, err := Check("1:tok", f, now); err != ErrBadHash {
		t.Fatalf("non-hex hash: %v", err)
	}
}
