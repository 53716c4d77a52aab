//go:build dragonfly

package mmap

import (
	"syscall"
	"unsafe"
)

// DragonFly: raw system calls (sys_bsd_trap.go). Absent, so ErrUnsupported:
// OpenDataSync (DragonFly has no O_DSYNC), OpenLargeFile, MapNoReserve
// (<sys/mman.h> keeps MAP_NORESERVE only as a compatibility bit that does
// nothing) and the other Linux map flags.

var osOpenBits = []osBit[OpenFlag]{
	{OpenDirect, syscall.O_DIRECT},
	{OpenAsync, 0}, // set by afterOpen
}

var osMapBits []osBit[MapFlag]

const sysMsync = syscall.SYS_MSYNC

// mmapRaw is DragonFly's mmap (197), which takes a padding word before the
// offset, as syscall's own mmap in zsyscall_dragonfly_amd64.go passes it.
// DragonFly is amd64 only.
func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	r, _, e := syscall.Syscall9(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), 0, uintptr(off), 0, 0)
	return mmapResult(r, e)
}
