// Package secret seals bot tokens with Fernet (compatible with Python's
// cryptography.fernet, which the original bot used) and loads the key.
//
//	box, err := secret.LoadBox(os.Getenv("ENCRYPTION_KEY"), app.DataDir(), logger)
//	sealed, err := box.Seal(token)
package secret

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/fernet/fernet-go"
)

// Box seals and opens secrets with one Fernet key.
type Box struct {
	key *fernet.Key
}

// ErrMalformedKey means a key is not URL-safe base64 of 32 bytes.
var ErrMalformedKey = errors.New("the Fernet key must be URL-safe base64 of 32 bytes (44 characters), e.g. from Python's Fernet.generate_key()")

// ErrNotSealed means a value is not Fernet ciphertext made with this key.
var ErrNotSealed = errors.New("value is not Fernet ciphertext made with this key")

// NewBox returns a Box for the URL-safe base64 key (as Python's Fernet.generate_key makes).
func NewBox(encodedKey string) (*Box, error) {
	raw, err := base64.URLEncoding.DecodeString(strings.TrimSpace(encodedKey))
	if err != nil || len(raw) != 32 {
		return nil, ErrMalformedKey
	}
	k := new(fernet.Key)
	copy(k[:], raw)
	return &Box{key: k}, nil
}

// GenerateKey returns a fresh random key, URL-safe base64 encoded.
func GenerateKey() (string, error) {
	var k fernet.Key
	if err := k.Generate(); err != nil {
		return "", err
	}
	return base64.URLEncoding.EncodeToString(k[:]), nil
}

// Seal encrypts plain into a Fernet token.
func (b *Box) Seal(plain string) (string, error) {
	tok, err := fernet.EncryptAndSign([]byte(plain), b.key)
	if err != nil {
		return "", err
	}
	return string(tok), nil
}

// Open decrypts a Fernet token made with this key (tokens never expire here).
func (b *Box) Open(sealed string) (string, error) {
	msg := fernet.VerifyAndDecrypt([]byte(sealed), 0, []*fernet.Key{b.key})
	if msg == nil {
		return "", ErrNotSealed
	}
	return string(msg), nil
}

// IsSealed reports whether s is ciphertext this Box can open.
func (b *Box) IsSealed(s string) bool {
	_, err := b.Open(s)
	return err == nil
}
