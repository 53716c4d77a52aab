//go:build netbsd && !arm

package mmap

import "syscall"

const (
	msSync       = syscall.MS_SYNC
	msAsync      = syscall.MS_ASYNC
	msInvalidate = syscall.MS_INVALIDATE
)
