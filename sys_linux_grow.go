//go:build linux

package mmap

import (
	"errors"
	"syscall"
	"unsafe"
)

// reserveFlags: MAP_NORESERVE keeps a reservation out of the commit
// accounting even under vm.overcommit_memory=2 (PROT_NONE private memory
// is not charged anyway; this says so to every kernel).
const reserveFlags = syscall.MAP_PRIVATE | syscall.MAP_ANON | syscall.MAP_NORESERVE

// allocateFlag: fallocate(2) exists on every Linux architecture.
const allocateFlag = MapAllocate

// allocateRaw is fallocate(fd, 0, off, n): it allocates the blocks and,
// past the end, grows the file. A file system without it (EOPNOTSUPP)
// is ErrUnsupported: we never write zeros instead.
func allocateRaw(fd int, off, n int64) error {
	err := syscall.Fallocate(fd, 0, off, n)
	if err == syscall.EOPNOTSUPP {
		return &reason{"the file system cannot allocate blocks (fallocate: " + err.Error() + ")", errors.ErrUnsupported}
	}
	return err
}

// discardShared frees the pages of shared anonymous memory that a shrink
// gives back: MADV_REMOVE punches them out of the shmem object, which a
// mere unmapping would leave holding them.
func discardShared(addr unsafe.Pointer, size int) {
	madviseRaw(addr, uintptr(size), syscall.MADV_REMOVE)
}
