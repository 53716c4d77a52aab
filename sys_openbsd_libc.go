//go:build openbsd

package mmap

import (
	"runtime"
	"syscall"
	"unsafe"
)

// OpenBSD primitives through libc (zsyscall_openbsd.go) that differ from
// macOS's; the ones they share are in sys_libc.go.

// mmapRaw passes the 64-bit offset as the C calling convention wants it:
// one register on the 64-bit architectures; two stack words, low first,
// on 386; and on arm two words at an even position (EABI), after a word
// of padding. The layouts are those of syscall's own mmap in
// zsyscall_openbsd_{386,arm}.go.
func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	var r uintptr
	var e syscall.Errno
	switch {
	case unsafe.Sizeof(uintptr(0)) == 8:
		r, _, e = syscall_syscall6X(libc_mmap_trampoline_addr, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	case runtime.GOARCH == "arm":
		r, _, e = syscall_syscall10(libc_mmap_trampoline_addr, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), 0, uintptr(off), uintptr(off>>32), 0, 0)
	default: // 386
		r, _, e = syscall_syscall10(libc_mmap_trampoline_addr, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off), uintptr(off>>32), 0, 0, 0)
	}
	if e != 0 {
		return nil, e
	}
	// The address is not Go memory; unsafe.Add from nil turns it into a
	// pointer without a uintptr-to-Pointer conversion.
	return unsafe.Add(nil, r), nil
}
