// Package datadir keeps pb_data private to the user the server runs as: the directory
// and its subdirectories 0700, its files 0600. It holds password hashes, bot token
// ciphertext, the generated encryption key and the logs.
//
//	err := datadir.Secure(app.DataDir()) // before PocketBase opens it, and after
package datadir

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Secure creates dir (mode 0700) when missing, narrows the process umask to 077 so
// every file created later (databases, WAL, backups) starts 0600, and takes group and
// other permissions off what is already there.
func Secure(dir string) error {
	restrictUmask()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.Chmod(path, 0o700)
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			if info.Mode().Perm()&0o077 != 0 {
				return os.Chmod(path, info.Mode().Perm()&0o700)
			}
		}
		return nil
	})
}
