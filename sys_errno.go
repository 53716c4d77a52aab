//go:build !plan9

package mmap

import (
	"errors"
	"syscall"
)

// errnoCode finds the OS error number in err's chain: errno on Unix,
// GetLastError on Windows (both a syscall.Errno).
func errnoCode(err error) int {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return int(errno)
	}
	return 0
}
