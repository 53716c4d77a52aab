//go:build linux && !amd64 && !arm64

package mmap

import "syscall"

// rawSyscallNoBlock is syscall.RawSyscall6 on the architectures that have
// no trampoline of ours: the same contract as in sys_linux_amd64.go. It is
// nosplit so that the stack cannot move between a caller's conversion of a
// stack pointer to uintptr and the system call that uses it.
//
//go:nosplit
func rawSyscallNoBlock(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, errno uintptr) {
	r, _, e := syscall.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
	return r, uintptr(e)
}
