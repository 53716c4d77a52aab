//go:build openbsd

package mmap

import (
	"errors"
	"syscall"
	"unsafe"
)

// OpenBSD: libc on every architecture (sys_openbsd_libc.go; Go 1.26 no
// longer has the openbsd/mips64 port, the last that made raw system
// calls). Absent, so ErrUnsupported: OpenDirect (OpenBSD has no O_DIRECT nor any other way
// around the buffer cache), OpenLargeFile, MapNoReserve (<sys/mman.h>
// lists MAP_NORESERVE as unimplemented) and the other Linux map flags.
// OpenDataSync is O_DSYNC, which <sys/fcntl.h> defines as O_SYNC: a
// stronger promise, made by the system itself.

var openBits = []osBit[OpenFlag]{
	{OpenCreate, syscall.O_CREAT},
	{OpenEnsureCreate, syscall.O_CREAT | syscall.O_EXCL},
	{OpenTruncate, syscall.O_TRUNC},
	{OpenFileSync, syscall.O_SYNC},
	{OpenDataSync, syscall.O_DSYNC},
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

// mincoreRaw: OpenBSD 6.5 removed mincore(2) (it revealed other processes'
// memory access patterns), and a 6.4 errata with it.
func mincoreRaw(unsafe.Pointer, uintptr, *byte) error { return errors.ErrUnsupported }
