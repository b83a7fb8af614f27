package secret

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// KeyFileName is the file in pb_data that holds a generated key when ENCRYPTION_KEY is unset.
const KeyFileName = "encryption.key"

// LoadBox returns the Box for envKey when it is set (a malformed key is an error, so the
// server refuses to start); otherwise the key stored in dataDir, generating it once
// (mode 0600) with a warning on logger.
func LoadBox(envKey, dataDir string, logger *slog.Logger) (*Box, error) {
	if strings.TrimSpace(envKey) != "" {
		box, err := NewBox(envKey)
		if err != nil {
			return nil, fmt.Errorf("ENCRYPTION_KEY: %w", err)
		}
		return box, nil
	}
	path := filepath.Join(dataDir, KeyFileName)
	data, err := os.ReadFile(path)
	if err == nil {
		box, err := NewBox(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return box, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	key, err := GenerateKey()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	// O_EXCL: two processes starting at once must not both write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return LoadBox("", dataDir, logger)
		}
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if logger != nil {
		logger.Warn("ENCRYPTION_KEY is not set: generated a Fernet key for bot tokens; back it up with pb_data, or set ENCRYPTION_KEY",
			slog.String("path", path))
	}
	return NewBox(key)
}
