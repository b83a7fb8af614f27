package secret

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type pythonVectors struct {
	Key     string `json:"key"`
	Vectors []struct {
		Plaintext  string `json:"plaintext"`
		Ciphertext string `json:"ciphertext"`
	} `json:"vectors"`
}

func loadVectors(t *testing.T) pythonVectors {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "testdata", "fernet-python.json"))
	if err != nil {
		data, err = os.ReadFile(filepath.Join("testdata", "fernet-python.json"))
	}
	if err != nil {
		t.Fatalf("read vectors: %v", err)
	}
	var v pythonVectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	return v
}

func TestOpenDecryptsPythonCiphertext(t *testing.T) {
	v := loadVectors(t)
	box, err := NewBox(v.Key)
	if err != nil {
		t.Fatal(err)
	}
	for _, vec := range v.Vectors {
		got, err := box.Open(vec.Ciphertext)
		if err != nil {
			t.Fatalf("open %q: %v", vec.Ciphertext[:12], err)
		}
		if got != vec.Plaintext {
			t.Errorf("got %q, want %q", got, vec.Plaintext)
		}
	}
}

// TestSealHasPythonFernetLayout checks Go's output against the Fernet spec as Python's
// cryptography implements it, independently of fernet-go: URL-safe base64 with padding,
// version 0x80, big-endian timestamp, 16-byte IV, AES-128-CBC with PKCS7, and
// HMAC-SHA256 (signing key = first 16 key bytes) over everything before the MAC.
func TestSealHasPythonFernetLayout(t *testing.T) {
	v := loadVectors(t)
	box, _ := NewBox(v.Key)
	plain := "123456789:AAFakeTokenForTestsOnly_abcdefghijklmno"
	before := time.Now().Add(-time.Second).Unix()
	sealed, err := box.Seal(plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(sealed, "+/") || len(sealed)%4 != 0 {
		t.Fatalf("not padded URL-safe base64: %q", sealed)
	}
	raw, err := base64.URLEncoding.DecodeString(sealed)
	if err != nil {
		t.Fatal(err)
	}
	if raw[0] != 0x80 {
		t.Fatalf("version byte %#x, want 0x80", raw[0])
	}
	ts := int64(binary.BigEndian.Uint64(raw[1:9]))
	if ts < before || ts > time.Now().Unix()+1 {
		t.Fatalf("timestamp %d not now", ts)
	}
	key, _ := base64.URLEncoding.DecodeString(v.Key)
	signing, encryption := key[:16], key[16:]
	body, mac := raw[:len(raw)-32], raw[len(raw)-32:]
	h := hmac.New(sha256.New, signing)
	h.Write(body)
	if !hmac.Equal(h.Sum(nil), mac) {
		t.Fatal("HMAC does not verify")
	}
	iv, ct := body[9:25], body[25:]
	if len(ct)%aes.BlockSize != 0 {
		t.Fatalf("ciphertext length %d not a block multiple", len(ct))
	}
	blk, _ := aes.NewCipher(encryption)
	out := make([]byte, len(ct))
	cipher.NewCBCDecrypter(blk, iv).CryptBlocks(out, ct)
	pad := int(out[len(out)-1])
	if pad < 1 || pad > 16 || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		t.Fatal("bad PKCS7 padding")
	}
	if got := string(out[:len(out)-pad]); got != plain {
		t.Fatalf("decrypted %q", got)
	}
}

func TestOpenRefusesOtherKeysAndPlaintext(t *testing.T) {
	v := loadVectors(t)
	other, _ := GenerateKey()
	box, _ := NewBox(other)
	if box.IsSealed(v.Vectors[0].Ciphertext) {
		t.Error("ciphertext of another key accepted")
	}
	if box.IsSealed(v.Vectors[0].Plaintext) {
		t.Error("plaintext accepted as ciphertext")
	}
}

func TestNewBoxRejectsMalformedKeys(t *testing.T) {
	for _, k := range []string{"", "short", strings.Repeat("A", 43), "kI28YnYPMnzRrr712i4L2tq+59H61rWP4qb62j7CCGs="} {
		if _, err := NewBox(k); err == nil {
			t.Errorf("key %q accepted", k)
		}
	}
}

func TestLoadBoxGeneratesKeyOnceWithMode0600(t *testing.T) {
	dir := t.TempDir()
	box1, err := LoadBox("", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	sealed, _ := box1.Seal("1:x")
	box2, err := LoadBox("", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := box2.Open(sealed); err != nil || got != "1:x" {
		t.Fatalf("second load opened %q, %v", got, err)
	}
}

func TestLoadBoxPrefersEnvAndRejectsMalformedEnv(t *testing.T) {
	v := loadVectors(t)
	dir := t.TempDir()
	box, err := LoadBox(v.Key, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := box.Open(v.Vectors[0].Ciphertext); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); !os.IsNotExist(err) {
		t.Error("a key file was written although ENCRYPTION_KEY is set")
	}
	_, err = LoadBox("not-a-key", dir, nil)
	if err == nil || !strings.Contains(err.Error(), "ENCRYPTION_KEY") || strings.Contains(err.Error(), "not-a-key") {
		t.Fatalf("err = %v", err)
	}
}
