//go:build darwin

package mmap

import (
	"errors"
	"syscall"
	"unsafe"
)

// reserveFlags: no MAP_NORESERVE, which XNU ignores (it never reserves
// swap).
const reserveFlags = syscall.MAP_PRIVATE | syscall.MAP_ANON

const allocateFlag = MapAllocate

// allocateRaw is fcntl(F_PREALLOCATE) with F_ALLOCATEALL: all of it or
// nothing. Its F_PEOFPOSMODE counts from the file's physical end, so it
// is asked for off+n bytes from there, which covers [off, off+n) whatever
// is allocated already (APFS gives back what the file does not use when
// it is closed or cut). A contiguous allocation is tried first, as
// Apple's own code does, then any.
func allocateRaw(fd int, off, n int64) error {
	st := syscall.Fstore_t{Flags: syscall.F_ALLOCATECONTIG | syscall.F_ALLOCATEALL, Posmode: syscall.F_PEOFPOSMODE, Length: off + n}
	_, _, e := syscall_syscall(libc_fcntl_trampoline_addr, uintptr(fd), syscall.F_PREALLOCATE, uintptr(unsafe.Pointer(&st)))
	if e != 0 {
		st.Flags = syscall.F_ALLOCATEALL
		_, _, e = syscall_syscall(libc_fcntl_trampoline_addr, uintptr(fd), syscall.F_PREALLOCATE, uintptr(unsafe.Pointer(&st)))
	}
	switch e {
	case 0:
		return nil
	case syscall.ENOTSUP, syscall.EINVAL:
		return &reason{"the file system cannot allocate blocks (F_PREALLOCATE: " + e.Error() + ")", errors.ErrUnsupported}
	}
	return e
}

// discardShared: XNU frees shared anonymous pages with the last mapping.
func discardShared(unsafe.Pointer, int) {}
