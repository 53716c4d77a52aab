//go:build linux && amd64

package mmap

// rawSyscallNoBlock enters the kernel straight from Go code, without
// telling the scheduler (asm_linux_amd64.s). It is only for calls that
// cannot block: see sys_linux.go. It returns the errno as a number, 0 on
// success, and is cheaper than syscall.RawSyscall6, which goes through the
// runtime's generic entry and builds an Errno.
//
//go:noescape
func rawSyscallNoBlock(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, errno uintptr)
