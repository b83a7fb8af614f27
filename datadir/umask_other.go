//go:build !unix

package datadir

// restrictUmask does nothing where there is no umask.
func restrictUmask() {}
