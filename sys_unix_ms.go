//go:build unix && !(netbsd && arm)

package mmap

import "syscall"

// The msync flags, from the syscall package (which lacks them only for
// netbsd/arm: sys_netbsd_arm.go).
const (
	msSync       = syscall.MS_SYNC
	msAsync      = syscall.MS_ASYNC
	msInvalidate = syscall.MS_INVALIDATE
)
