//go:build linux && !386 && !arm && !mips && !mipsle && !s390x

package mmap

import (
	"syscall"
	"unsafe"
)

// mmapSyscall is mmap(2) with a byte offset, on the 64-bit architectures
// whose mmap takes its six arguments in registers.
func mmapSyscall(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64, blocking bool) (uintptr, syscall.Errno) {
	if blocking {
		r, _, e := syscall.Syscall6(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
		return r, e
	}
	r, e := rawSyscallNoBlock(syscall.SYS_MMAP, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	return r, syscall.Errno(e)
}
