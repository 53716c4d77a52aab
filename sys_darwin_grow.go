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
// nothing. Its F_PEOFPOSMODE allocates fst_length bytes past the file's
// physical end (fcntl(2); HFS+'s hfs_vnop_allocate adds the bytes it has),
// so it is asked for what [off, off+n) reaches past the blocks the file
// holds now, st_blocks*512 (on APFS the data fork alone; on HFS+ a
// resource fork would count too, and leave that much unallocated). Holes
// below the physical end are not filled: F_PREALLOCATE only extends. A
// contiguous allocation is tried first, as Apple's own code does, then
// any.
func allocateRaw(fd int, off, n int64) error {
	var fs syscall.Stat_t
	if err := syscall.Fstat(fd, &fs); err != nil {
		return err
	}
	want := off + n - fs.Blocks*512
	if want <= 0 {
		return nil
	}
	st := syscall.Fstore_t{Flags: syscall.F_ALLOCATECONTIG | syscall.F_ALLOCATEALL, Posmode: syscall.F_PEOFPOSMODE, Length: want}
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
