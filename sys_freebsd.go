//go:build freebsd

package mmap

import (
	"runtime"
	"syscall"
	"unsafe"
)

// FreeBSD: raw system calls (sys_bsd_trap.go). Absent, so ErrUnsupported:
// OpenDataSync (the syscall package has no O_DSYNC for FreeBSD, which
// gained one only in 13.0: an older kernel would ignore the bit),
// OpenLargeFile (off_t is 64-bit everywhere), MapNoReserve (FreeBSD 11
// retired MAP_NORESERVE: the bit is reserved), and the other Linux map
// flags (MAP_PREFAULT_READ only maps pages already cached: it is not
// MAP_POPULATE).

var osOpenBits = []osBit[OpenFlag]{
	{OpenDirect, syscall.O_DIRECT},
	{OpenAsync, 0}, // set by afterOpen
}

var osMapBits []osBit[MapFlag]

const sysMsync = syscall.SYS_MSYNC

// mmapRaw is FreeBSD's mmap (number 477, no padding word). On the 32-bit
// architectures the 64-bit offset takes two words, low first, and on arm
// it starts at an even word (EABI), after a word of padding: the layout
// of syscall's own mmap in zsyscall_freebsd_{386,arm}.go.
func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	var r uintptr
	var e syscall.Errno
	switch {
	case unsafe.Sizeof(uintptr(0)) == 8:
		r, _, e = syscall.Syscall6(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	case runtime.GOARCH == "arm":
		r, _, e = syscall.Syscall9(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), 0, uintptr(off), uintptr(off>>32), 0)
	default: // 386
		r, _, e = syscall.Syscall9(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off), uintptr(off>>32), 0, 0)
	}
	return mmapResult(r, e)
}
