//go:build darwin || openbsd

package mmap

import (
	"syscall"
	"unsafe"
)

// The primitives that macOS and OpenBSD both reach through libc in the
// same way (zsyscall_darwin.go, zsyscall_openbsd.go): calls that only edit
// page tables (munmap, mprotect, munlock) use the raw gate; those that can
// wait for the disk use the gates that let the scheduler hand off the P.

func fcntl(fd, cmd, arg int) (int, error) {
	r, _, e := syscall_syscall(libc_fcntl_trampoline_addr, uintptr(fd), uintptr(cmd), uintptr(arg))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func munmapRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall_rawSyscall(libc_munmap_trampoline_addr, uintptr(addr), length, 0); e != 0 {
		return e
	}
	return nil
}

func mprotectRaw(addr unsafe.Pointer, length uintptr, prot int) error {
	if _, _, e := syscall_rawSyscall(libc_mprotect_trampoline_addr, uintptr(addr), length, uintptr(prot)); e != 0 {
		return e
	}
	return nil
}

func msyncRaw(addr unsafe.Pointer, length uintptr, flags int) error {
	if _, _, e := syscall_syscall(libc_msync_trampoline_addr, uintptr(addr), length, uintptr(flags)); e != 0 {
		return e
	}
	return nil
}

// madviseRaw blocks for MADV_WILLNEED, which starts reading the file.
func madviseRaw(addr unsafe.Pointer, length uintptr, advice int) error {
	var e syscall.Errno
	if advice == syscall.MADV_WILLNEED {
		_, _, e = syscall_syscall(libc_madvise_trampoline_addr, uintptr(addr), length, uintptr(advice))
	} else {
		_, _, e = syscall_rawSyscall(libc_madvise_trampoline_addr, uintptr(addr), length, uintptr(advice))
	}
	if e != 0 {
		return e
	}
	return nil
}

// mlockRaw faults every page in, so it may wait for the disk.
func mlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall_syscall(libc_mlock_trampoline_addr, uintptr(addr), length, 0); e != 0 {
		return e
	}
	return nil
}

func munlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall_rawSyscall(libc_munlock_trampoline_addr, uintptr(addr), length, 0); e != 0 {
		return e
	}
	return nil
}
