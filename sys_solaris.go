//go:build solaris

package mmap

import (
	"syscall"
	"unsafe"
)

// Solaris and illumos (whose GOOS implies the solaris build tag): libc
// through zsyscall_solaris.go, open and fsync through the syscall package
// (sys_unix_other.go). Calls that only edit page tables (munmap,
// mprotect, munlock, mincore) use the raw gate.
//
// Absent, so ErrUnsupported: OpenDirect on Oracle Solaris (it bypasses
// the page cache with directio(3C), a per-file setting that affects every
// process, not an open flag; illumos has O_DIRECT: sys_illumos.go),
// OpenAsync (no O_ASYNC), and the Linux map flags but MapNoReserve, which
// Solaris honours: no swap is reserved for the mapping.

var osOpenBits = append([]osBit[OpenFlag]{
	{OpenDataSync, syscall.O_DSYNC},
	{OpenLargeFile, syscall.O_LARGEFILE},
}, illumosOpenBits...)

var osMapBits = []osBit[MapFlag]{
	{MapNoReserve, syscall.MAP_NORESERVE},
}

func afterOpen(int, OpenFlag) error { return nil }

func fcntl(fd, cmd, arg int) (int, error) {
	r, _, e := sysvicall6(libcAddr(&procFcntl), 3, uintptr(fd), uintptr(cmd), uintptr(arg), 0, 0, 0)
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	r, _, e := sysvicall6(libcAddr(&procMmap), 6, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	if e != 0 {
		return nil, e
	}
	// The address is not Go memory; unsafe.Add from nil turns it into a
	// pointer without a uintptr-to-Pointer conversion.
	return unsafe.Add(nil, r), nil
}

func munmapRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := rawSysvicall6(libcAddr(&procMunmap), 2, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func mprotectRaw(addr unsafe.Pointer, length uintptr, prot int) error {
	if _, _, e := rawSysvicall6(libcAddr(&procMprotect), 3, uintptr(addr), length, uintptr(prot), 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func msyncRaw(addr unsafe.Pointer, length uintptr, flags int) error {
	if _, _, e := sysvicall6(libcAddr(&procMsync), 3, uintptr(addr), length, uintptr(flags), 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// madviseRaw blocks for MADV_WILLNEED, which starts reading the file.
func madviseRaw(addr unsafe.Pointer, length uintptr, advice int) error {
	var e syscall.Errno
	if advice == syscall.MADV_WILLNEED {
		_, _, e = sysvicall6(libcAddr(&procMadvise), 3, uintptr(addr), length, uintptr(advice), 0, 0, 0)
	} else {
		_, _, e = rawSysvicall6(libcAddr(&procMadvise), 3, uintptr(addr), length, uintptr(advice), 0, 0, 0)
	}
	if e != 0 {
		return e
	}
	return nil
}

// mlockRaw faults every page in, so it may wait for the disk.
func mlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := sysvicall6(libcAddr(&procMlock), 2, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func munlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := rawSysvicall6(libcAddr(&procMunlock), 2, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// mincoreRaw: bit 0 of each byte says the page is resident.
func mincoreRaw(addr unsafe.Pointer, length uintptr, vec *byte) error {
	if _, _, e := rawSysvicall6(libcAddr(&procMincore), 3, uintptr(addr), length, uintptr(unsafe.Pointer(vec)), 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// adviceValue: the read-ahead advices alone (sys_unix_advice.go).
func adviceValue(a Advice) (int, bool) { return readAheadAdvice(a) }
