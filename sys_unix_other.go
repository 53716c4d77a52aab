//go:build unix && !linux && !darwin

package mmap

import (
	"errors"
	"syscall"
	"unsafe"
)

// What the BSDs, Solaris/illumos and AIX share: open and fsync through
// the syscall package, which reaches each kernel the way that kernel
// wants (traps on FreeBSD, NetBSD and DragonFly, libc on the others), and
// no mremap.

// openFile is open(2) through the syscall package, retried on EINTR (a
// FIFO or a slow NFS server can interrupt it).
func openFile(path string, flags int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(path, flags, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// syncDurable adds fsync to msync: these systems do not promise that
// msync(MS_SYNC) also writes the metadata (the size the mapping grew the
// file to) that reading the pages back needs.
func syncDurable(fd int) error {
	return ignoringEINTR(func() error { return syscall.Fsync(fd) })
}

// mremapRaw: NetBSD's mremap moves a range rather than growing a mapping
// in place as Linux's does, and the others have none.
func mremapRaw(unsafe.Pointer, uintptr, uintptr) (unsafe.Pointer, error) {
	return nil, errors.ErrUnsupported
}
