//go:build darwin || openbsd

package mmap

import (
	"runtime"
	"syscall"
	"unsafe"
)

// shm_open and shm_unlink through libc, where macOS and OpenBSD keep them
// (zsyscall_darwin_shm.go, zsyscall_openbsd_shm.go). Both may wait (for
// the disk, on OpenBSD, where an object is a file in /tmp), so they go
// through the gate that lets the scheduler hand off the P.

func libcShmOpen(name string, flags int, perm uint32) (int, error) {
	p, err := syscall.BytePtrFromString("/" + name)
	if err != nil {
		return noFile, err
	}
	for {
		r, _, e := syscall_syscall(libc_shm_open_trampoline_addr, uintptr(unsafe.Pointer(p)), uintptr(flags), uintptr(perm))
		runtime.KeepAlive(p)
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return noFile, e
		}
		return int(r), nil
	}
}

func shmUnlink(name string) error {
	p, err := syscall.BytePtrFromString("/" + name)
	if err != nil {
		return err
	}
	_, _, e := syscall_syscall(libc_shm_unlink_trampoline_addr, uintptr(unsafe.Pointer(p)), 0, 0)
	runtime.KeepAlive(p)
	if e != 0 {
		return e
	}
	return nil
}
