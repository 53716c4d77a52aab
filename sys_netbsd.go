//go:build netbsd

package mmap

import (
	"syscall"
	"unsafe"
)

// NetBSD: raw system calls (sys_bsd_trap.go). Absent, so ErrUnsupported:
// OpenLargeFile (off_t is 64-bit everywhere), MapNoReserve (<sys/mman.h>
// marks MAP_NORESERVE "not implemented") and the other Linux map flags.

var osOpenBits = []osBit[OpenFlag]{
	{OpenDirect, syscall.O_DIRECT},
	{OpenDataSync, syscall.O_DSYNC},
	{OpenAsync, 0}, // set by afterOpen
}

var osMapBits []osBit[MapFlag]

// sysMsync is SYS___MSYNC13 from sys/kern/syscalls.master: NetBSD 1.3
// renumbered msync (the old 65 has the arguments of 4.4BSD) and the
// syscall package does not list the new number.
const sysMsync = 277

// mmapRaw is NetBSD's mmap (197), which takes a padding word before the
// 64-bit offset (the "long PAD" of syscalls.master); on the 32-bit
// architectures the offset then takes two words, low first: the layout of
// syscall's own mmap in zsyscall_netbsd_*.go.
func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	var r uintptr
	var e syscall.Errno
	if unsafe.Sizeof(uintptr(0)) == 8 {
		r, _, e = syscall.Syscall9(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), 0, uintptr(off), 0, 0)
	} else {
		r, _, e = syscall.Syscall9(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), 0, uintptr(off), uintptr(off>>32), 0)
	}
	return mmapResult(r, e)
}
