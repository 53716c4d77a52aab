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

var osOpenBits = []osBit[OpenFlag]{
	{OpenDataSync, syscall.O_DSYNC},
	{OpenAsync, 0}, // set by afterOpen
}

var osMapBits []osBit[MapFlag]

// mincoreRaw: OpenBSD 6.5 removed mincore(2) (it revealed other processes'
// memory access patterns), and a 6.4 errata with it.
func mincoreRaw(unsafe.Pointer, uintptr, *byte) error { return errors.ErrUnsupported }
