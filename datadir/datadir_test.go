package datadir_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nezuko/nezuko/datadir"
)

func mode(tb testing.TB, path string) os.FileMode {
	tb.Helper()
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return info.Mode().Perm()
}

func TestSecure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pb_data")
	if err := datadir.Secure(dir); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, dir); m != 0o700 {
		t.Fatalf("new pb_data is %o, want 700", m)
	}
	// An existing, world-readable pb_data is tightened.
	os.Chmod(dir, 0o755)
	os.Mkdir(filepath.Join(dir, "backups"), 0o755)
	db := filepath.Join(dir, "data.db")
	os.WriteFile(db, []byte("x"), 0o644)
	os.Chmod(db, 0o644)
	if err := datadir.Secure(dir); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "backups"): 0o700, db: 0o600} {
		if m := mode(t, path); m != want {
			t.Errorf("%s is %o, want %o", path, m, want)
		}
	}
	// Files made afterwards start private (umask 077).
	later := filepath.Join(dir, "data.db-wal")
	if err := os.WriteFile(later, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, later); m != 0o600 {
		t.Errorf("a file created later is %o, want 600", m)
	}
}
