//go:build unix

package datadir

import "syscall"

// restrictUmask makes files and directories the process creates private to its user.
func restrictUmask() { syscall.Umask(0o077) }
