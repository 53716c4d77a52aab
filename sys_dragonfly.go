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

var openBits = []osBit[OpenFlag]{
	{OpenCreate, syscall.O_CREAT},
	{OpenEnsureCreate, syscall.O_CREAT | syscall.O_EXCL},
	{OpenTruncate, syscall.O_TRUNC},
	{OpenDirect, syscall.O_DIRECT},
	{OpenFileSync, syscall.O_SYNC},
	{OpenDontClaimTTY, syscall.O_NOCTTY},
	{OpenNonBlock, syscall.O_NONBLOCK},
	{OpenNoFollow, syscall.O_NOFOLLOW},
	{OpenAsync, 0}, // set by afterOpen
	{OpenDirectory, syscall.O_DIRECTORY},
}

var mapBits = []osBit[MapFlag]{
	{MapPrivate, syscall.MAP_PRIVATE},
	{MapShared, syscall.MAP_SHARED},
	{MapAnonymous, syscall.MAP_ANON},
}

var syncBits = []osBit[SyncFlag]{
	{SyncWait, syscall.MS_SYNC},
	{SyncAsync, syscall.MS_ASYNC},
	{SyncInvalidate, syscall.MS_INVALIDATE},
}

const sysMsync = syscall.SYS_MSYNC

// mmapRaw is DragonFly's mmap (197), which takes a padding word before the
// offset, as syscall's own mmap in zsyscall_dragonfly_amd64.go passes it.
// DragonFly is amd64 only.
func mmapRaw(length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	r, _, e := syscall.Syscall9(syscall.SYS_MMAP, 0, length, uintptr(prot), uintptr(flags), uintptr(fd), 0, uintptr(off), 0, 0)
	return mmapResult(r, e)
}
