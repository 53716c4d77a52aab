//go:build darwin

package mmap

import (
	"errors"
	"syscall"
	"unsafe"
)

// macOS and iOS: every call goes through libSystem (zsyscall_darwin.go),
// or through the syscall package's own libSystem wrappers (open, fstat,
// ftruncate, close, fsync). Calls that only edit page tables (munmap,
// mprotect, munlock, mincore) use the raw gate, as on Linux; those that
// can wait for the disk use the one that lets the scheduler hand off the
// P.
//
// Absent, so ErrUnsupported: OpenLargeFile (off_t is 64-bit), MapNoReserve
// (<sys/mman.h> defines it, but XNU ignores it: macOS never reserves swap),
// MapLocked, MapGrowsDown, MapPopulate, MapNonBlock and MapHugePages.

var osOpenBits = []osBit[OpenFlag]{
	{OpenDirect, 0}, // fcntl(F_NOCACHE) in afterOpen: XNU has no O_DIRECT
	{OpenDataSync, syscall.O_DSYNC},
	{OpenAsync, 0}, // fcntl(F_SETFL) in afterOpen
}

var osMapBits []osBit[MapFlag]

// openFile is open(2) through the syscall package (libSystem), retried
// on EINTR.
func openFile(path string, flags int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(path, flags, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// afterOpen sets what macOS has no open flag for: F_NOCACHE turns off the
// page cache for the descriptor, the macOS form of O_DIRECT; O_ASYNC is
// enabled through F_SETFL, the way fcntl(2) documents it.
func afterOpen(fd int, o OpenFlag) error {
	if o&OpenDirect != 0 {
		if _, err := fcntl(fd, syscall.F_NOCACHE, 1); err != nil {
			return err
		}
	}
	if o&OpenAsync != 0 {
		return setStatusFlag(fd, syscall.O_ASYNC)
	}
	return nil
}

func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	r, _, e := syscall_syscall6X(libc_mmap_trampoline_addr, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	if e != 0 {
		return nil, e
	}
	// The address is not Go memory; unsafe.Add from nil turns it into a
	// pointer without a uintptr-to-Pointer conversion.
	return unsafe.Add(nil, r), nil
}

// syncDurable asks for F_FULLFSYNC: on macOS fsync and msync(MS_SYNC)
// stop at the drive's volatile cache, and only F_FULLFSYNC makes the drive
// flush it. File systems without it (SMB, some FUSE ones) say ENOTSUP;
// fsync is the best they offer, as os.File.Sync also falls back.
func syncDurable(fd int) error {
	return ignoringEINTR(func() error {
		_, err := fcntl(fd, syscall.F_FULLFSYNC, 0)
		if err == syscall.ENOTSUP {
			err = syscall.Fsync(fd)
		}
		return err
	})
}

// mincoreRaw: bit 0 of each byte is MINCORE_INCORE (<sys/mman.h>).
func mincoreRaw(addr unsafe.Pointer, length uintptr, vec *byte) error {
	if _, _, e := syscall_rawSyscall(libc_mincore_trampoline_addr, uintptr(addr), length, uintptr(unsafe.Pointer(vec))); e != 0 {
		return e
	}
	return nil
}

// mremapRaw: XNU has no mremap.
func mremapRaw(unsafe.Pointer, uintptr, uintptr) (unsafe.Pointer, error) {
	return nil, errors.ErrUnsupported
}

// adviceValue: the read-ahead advices alone (sys_unix_advice.go).
func adviceValue(a Advice) (int, bool) { return readAheadAdvice(a) }
