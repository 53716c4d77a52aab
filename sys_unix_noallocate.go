//go:build aix || dragonfly || netbsd || openbsd || solaris

package mmap

import (
	"errors"
	"syscall"
	"unsafe"
)

// reserveFlags: a private PROT_NONE mapping is not charged against swap
// on these systems (Solaris reserves swap only for writable private
// memory), so no MAP_NORESERVE is needed, which AIX does not have.
const reserveFlags = syscall.MAP_PRIVATE | syscall.MAP_ANON

// allocateFlag: MapAllocate is ErrUnsupported here. OpenBSD and DragonFly
// have no block allocation call, NetBSD's posix_fallocate fails on FFS
// (EOPNOTSUPP), and Solaris's and AIX's posix_fallocate are not bound by
// this package: nothing here could run them.
const allocateFlag MapFlag = 0

func allocateRaw(int, int64, int64) error { return errors.ErrUnsupported }

// discardShared: the pages go with the last mapping of them.
func discardShared(unsafe.Pointer, int) {}
