//go:build linux && (386 || arm || mips || mipsle)

package mmap

import (
	"syscall"
	"unsafe"
)

// mmap2Unit is the unit of mmap2's offset: 4096 bytes on these
// architectures whatever the page size (arch/*/kernel/sys*.c).
const mmap2Unit = 4096

// mmapSyscall is mmap2(2): the 32-bit architectures pass the offset in
// 4096-byte units, so that a 32-bit register reaches 16 TiB into a file.
// Offsets reach here aligned to the page size, a multiple of the unit.
func mmapSyscall(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64, blocking bool) (uintptr, syscall.Errno) {
	pgoff := uintptr(off / mmap2Unit)
	if int64(pgoff) != off/mmap2Unit {
		// Past 16 TiB the unit count does not fit the register: it would
		// wrap and map another part of the file.
		return 0, syscall.EOVERFLOW
	}
	if blocking {
		r, _, e := syscall.Syscall6(syscall.SYS_MMAP2, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), pgoff)
		return r, e
	}
	r, e := rawSyscallNoBlock(syscall.SYS_MMAP2, uintptr(hint), length, uintptr(prot), uintptr(flags), uintptr(fd), pgoff)
	return r, syscall.Errno(e)
}
