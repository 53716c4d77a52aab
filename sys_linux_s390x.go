//go:build linux && s390x

package mmap

import (
	"syscall"
	"unsafe"
)

// mmapSyscall is s390x's old_mmap: the six arguments travel in a block of
// memory whose address is the only argument (arch/s390/kernel/syscall.c).
func mmapSyscall(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64, blocking bool) (uintptr, syscall.Errno) {
	args := [6]uintptr{uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off)}
	if blocking {
		r, _, e := syscall.Syscall(syscall.SYS_MMAP, uintptr(unsafe.Pointer(&args[0])), 0, 0)
		return r, e
	}
	r, _, e := syscall.RawSyscall(syscall.SYS_MMAP, uintptr(unsafe.Pointer(&args[0])), 0, 0)
	return r, e
}
