//go:build freebsd

package mmap

import (
	"errors"
	"runtime"
	"syscall"
	"unsafe"
)

// mapGuard is MAP_GUARD from sys/sys/mman.h (FreeBSD 11.2): address space
// that no mapping may take by accident and that costs nothing; MAP_FIXED
// mappings replace it. The syscall package predates it.
const mapGuard = 0x00002000

const reserveFlags = mapGuard

const allocateFlag = MapAllocate

// allocateRaw is the posix_fallocate system call, which returns the error
// number as its result instead of setting errno (sys/kern/vfs_syscalls.c).
// ZFS refuses it (EINVAL) and so does any file system without
// VOP_ALLOCATE support (EOPNOTSUPP): both are ErrUnsupported. 32-bit
// targets pass each off_t in two words (arm aligns them to a pair).
func allocateRaw(fd int, off, n int64) error {
	var r uintptr
	switch {
	case unsafe.Sizeof(uintptr(0)) == 8:
		r, _, _ = syscall.Syscall(syscall.SYS_POSIX_FALLOCATE, uintptr(fd), uintptr(off), uintptr(n))
	case runtime.GOARCH == "arm":
		r, _, _ = syscall.Syscall6(syscall.SYS_POSIX_FALLOCATE, uintptr(fd), 0, uintptr(off), uintptr(off>>32), uintptr(n), uintptr(n>>32))
	default:
		r, _, _ = syscall.Syscall6(syscall.SYS_POSIX_FALLOCATE, uintptr(fd), uintptr(off), uintptr(off>>32), uintptr(n), uintptr(n>>32), 0)
	}
	switch e := syscall.Errno(r); e {
	case 0:
		return nil
	case syscall.EINVAL, syscall.EOPNOTSUPP, syscall.ENODEV:
		return &reason{"the file system cannot allocate blocks (posix_fallocate: " + e.Error() + ")", errors.ErrUnsupported}
	default:
		return e
	}
}

// discardShared: FreeBSD has no call that frees part of a shared
// anonymous object; the pages go with the last mapping of them.
func discardShared(unsafe.Pointer, int) {}
