//go:build openbsd

package mmap

import (
	"runtime"
	"syscall"
	"unsafe"
)

// OpenBSD primitives through libc (zsyscall_openbsd.go). Calls that only
// edit page tables (munmap, mprotect, munlock) use the raw gate; those
// that can wait for the disk use the gates that let the scheduler hand
// off the P.

func fcntl(fd, cmd, arg int) (int, error) {
	r, _, e := syscall_syscall(libc_fcntl_trampoline_addr, uintptr(fd), uintptr(cmd), uintptr(arg))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// mmapRaw passes the 64-bit offset as the C calling convention wants it:
// one register on the 64-bit architectures; two stack words, low first,
// on 386; and on arm two words at an even position (EABI), after a word
// of padding. The layouts are those of syscall's own mmap in
// zsyscall_openbsd_{386,arm}.go.
func mmapRaw(length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	var r uintptr
	var e syscall.Errno
	switch {
	case unsafe.Sizeof(uintptr(0)) == 8:
		r, _, e = syscall_syscall6X(libc_mmap_trampoline_addr, 0, length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	case runtime.GOARCH == "arm":
		r, _, e = syscall_syscall10(libc_mmap_trampoline_addr, 0, length, uintptr(prot), uintptr(flags), uintptr(fd), 0, uintptr(off), uintptr(off>>32), 0, 0)
	default: // 386
		r, _, e = syscall_syscall10(libc_mmap_trampoline_addr, 0, length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off), uintptr(off>>32), 0, 0, 0)
	}
	if e != 0 {
		return nil, e
	}
	// The address is not Go memory; unsafe.Add from nil turns it into a
	// pointer without a uintptr-to-Pointer conversion.
	return unsafe.Add(nil, r), nil
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
