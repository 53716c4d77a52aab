//go:build freebsd || netbsd || dragonfly

package mmap

import (
	"syscall"
	"unsafe"
)

// The BSDs whose kernels Go itself enters with trap instructions
// (OpenBSD, which takes system calls only from libc, is in
// sys_openbsd_libc.go): the primitives are syscall.Syscall and
// syscall.RawSyscall on the syscall package's SYS_* numbers. mmap and the
// number of msync, which differ between these kernels, are in the per-OS
// files.
//
// As on Linux, calls that only edit page tables (munmap, mprotect,
// munlock, mincore) use RawSyscall; calls that can wait for the disk use
// Syscall, so that the scheduler may hand the P to another thread.

func fcntl(fd, cmd, arg int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), uintptr(cmd), uintptr(arg))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func munmapRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_MUNMAP, uintptr(addr), length, 0); e != 0 {
		return e
	}
	return nil
}

func mprotectRaw(addr unsafe.Pointer, length uintptr, prot int) error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_MPROTECT, uintptr(addr), length, uintptr(prot)); e != 0 {
		return e
	}
	return nil
}

func msyncRaw(addr unsafe.Pointer, length uintptr, flags int) error {
	if _, _, e := syscall.Syscall(sysMsync, uintptr(addr), length, uintptr(flags)); e != 0 {
		return e
	}
	return nil
}

// madviseRaw blocks for MADV_WILLNEED, which starts reading the file.
func madviseRaw(addr unsafe.Pointer, length uintptr, advice int) error {
	var e syscall.Errno
	if advice == syscall.MADV_WILLNEED {
		_, _, e = syscall.Syscall(syscall.SYS_MADVISE, uintptr(addr), length, uintptr(advice))
	} else {
		_, _, e = syscall.RawSyscall(syscall.SYS_MADVISE, uintptr(addr), length, uintptr(advice))
	}
	if e != 0 {
		return e
	}
	return nil
}

// mlockRaw faults every page in, so it may wait for the disk.
func mlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MLOCK, uintptr(addr), length, 0); e != 0 {
		return e
	}
	return nil
}

func munlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_MUNLOCK, uintptr(addr), length, 0); e != 0 {
		return e
	}
	return nil
}

// mmapResult turns what SYS_MMAP returned into a pointer: the kernel's
// address is not Go memory, and unsafe.Add from nil makes it a pointer
// without a uintptr-to-Pointer conversion.
func mmapResult(r uintptr, e syscall.Errno) (unsafe.Pointer, error) {
	if e != 0 {
		return nil, e
	}
	return unsafe.Add(nil, r), nil
}
