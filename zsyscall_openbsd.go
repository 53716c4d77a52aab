//go:build openbsd

package mmap

import (
	"syscall"
	_ "unsafe" // for go:linkname
)

// Bindings to OpenBSD's libc.so. Since OpenBSD 7.5 the kernel accepts
// system calls only from libc's text (pinsyscalls), so each function is
// imported with cgo_import_dynamic, reached through a trampoline in
// zsyscall_openbsd.s whose address the linker stores in a
// libc_*_trampoline_addr variable, and called through the runtime's libc
// call gates, the way golang.org/x/sys/unix and the syscall package do.
// The runtime marks these gates (syscall.syscall and its kin) with
// //go:linkname for such callers, so the linker lets us reach them.
//
// syscall and syscall10 check a 32-bit result for -1, syscall6X all 64
// bits (mmap's pointer on the 64-bit architectures); rawSyscall does not
// tell the scheduler. syscall10 carries mmap on 386 and arm, whose 64-bit
// offset takes two argument words.

//go:linkname syscall_syscall syscall.syscall
func syscall_syscall(fn, a1, a2, a3 uintptr) (r1, r2 uintptr, err syscall.Errno)

//go:linkname syscall_syscall6X syscall.syscall6X
func syscall_syscall6X(fn, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno)

//go:linkname syscall_syscall10 syscall.syscall10
func syscall_syscall10(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 uintptr) (r1, r2 uintptr, err syscall.Errno)

//go:linkname syscall_rawSyscall syscall.rawSyscall
func syscall_rawSyscall(fn, a1, a2, a3 uintptr) (r1, r2 uintptr, err syscall.Errno)

var (
	libc_mmap_trampoline_addr     uintptr
	libc_munmap_trampoline_addr   uintptr
	libc_mprotect_trampoline_addr uintptr
	libc_msync_trampoline_addr    uintptr
	libc_madvise_trampoline_addr  uintptr
	libc_mlock_trampoline_addr    uintptr
	libc_munlock_trampoline_addr  uintptr
	libc_fcntl_trampoline_addr    uintptr
)

//go:cgo_import_dynamic libc_mmap mmap "libc.so"
//go:cgo_import_dynamic libc_munmap munmap "libc.so"
//go:cgo_import_dynamic libc_mprotect mprotect "libc.so"
//go:cgo_import_dynamic libc_msync msync "libc.so"
//go:cgo_import_dynamic libc_madvise madvise "libc.so"
//go:cgo_import_dynamic libc_mlock mlock "libc.so"
//go:cgo_import_dynamic libc_munlock munlock "libc.so"
//go:cgo_import_dynamic libc_fcntl fcntl "libc.so"
