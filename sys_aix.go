//go:build aix

package mmap

import (
	"errors"
	"syscall"
	"unsafe"
)

// AIX: libc through zsyscall_aix.go, open and fsync through the syscall
// package (sys_unix_other.go). Calls that only edit page tables (munmap,
// mprotect, munlock) use the raw gate.
//
// Absent, so ErrUnsupported: OpenAsync (no O_ASYNC) and every Linux map
// flag. AIX documents madvise as having "no functionality", so no advice
// is honoured: the hints are ignored and the others fail. Resident fails
// too: see mincoreRaw.

var osOpenBits = []osBit[OpenFlag]{
	{OpenDirect, syscall.O_DIRECT},
	{OpenDataSync, syscall.O_DSYNC},
	{OpenLargeFile, syscall.O_LARGEFILE},
}

var osMapBits []osBit[MapFlag]

func afterOpen(int, OpenFlag) error { return nil }

func fcntl(fd, cmd, arg int) (int, error) {
	r, _, e := syscall6(libcAddr(&procFcntl), 3, uintptr(fd), uintptr(cmd), uintptr(arg), 0, 0, 0)
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	r, _, e := syscall6(libcAddr(&procMmap), 6, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	if e != 0 {
		return nil, e
	}
	// The address is not Go memory; unsafe.Add from nil turns it into a
	// pointer without a uintptr-to-Pointer conversion.
	return unsafe.Add(nil, r), nil
}

func munmapRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := rawSyscall6(libcAddr(&procMunmap), 2, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func mprotectRaw(addr unsafe.Pointer, length uintptr, prot int) error {
	if _, _, e := rawSyscall6(libcAddr(&procMprotect), 3, uintptr(addr), length, uintptr(prot), 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func msyncRaw(addr unsafe.Pointer, length uintptr, flags int) error {
	if _, _, e := syscall6(libcAddr(&procMsync), 3, uintptr(addr), length, uintptr(flags), 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func adviceValue(Advice) (int, bool) { return 0, false }

// madviseRaw is never reached: adviceValue knows no advice.
func madviseRaw(unsafe.Pointer, uintptr, int) error { return errors.ErrUnsupported }

// mlockRaw faults every page in, so it may wait for the disk.
func mlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall6(libcAddr(&procMlock), 2, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

func munlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := rawSyscall6(libcAddr(&procMunlock), 2, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// mincoreRaw: AIX documents mincore in libc.a (bit 0 of each byte: the
// page is in primary memory), but neither the syscall package, the
// runtime nor golang.org/x/sys/unix imports it, so nothing shows that
// libc.a(shr_64.o) exports it on the releases Go supports, and nothing
// here can run AIX to find out. A cgo_import_dynamic the loader cannot
// resolve would stop every program that links this package before main
// (zsyscall_aix.go imports only what x/sys does), a worse failure than
// Resident's ErrUnsupported.
func mincoreRaw(unsafe.Pointer, uintptr, *byte) error { return errors.ErrUnsupported }
