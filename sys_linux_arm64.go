//go:build linux && arm64

package mmap

// rawSyscallNoBlock enters the kernel straight from Go code, without
// telling the scheduler (asm_linux_arm64.s). It is only for calls that
// cannot block: see sys_linux.go. It returns the errno as a number, 0 on
// success.
//
//go:noescape
func rawSyscallNoBlock(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, errno uintptr)
