//go:build darwin

package mmap

import (
	"syscall"
	_ "unsafe" // for go:linkname
)

// Bindings to libSystem, the only system call interface Apple supports
// (trap numbers change between releases). Each libc function is imported
// with cgo_import_dynamic, reached through a trampoline in
// zsyscall_darwin.s whose address the linker stores in a
// libc_*_trampoline_addr variable, and called through the syscall
// package's libc call gates, the way golang.org/x/sys/unix does: syscall,
// syscall6 and syscall6X tell the scheduler that the thread may block,
// rawSyscall does not. The syscall package marks these functions with
// //go:linkname for such callers, so the linker lets us reach them.
//
// syscall and syscall6 report errno when the 32-bit result is -1;
// syscall6X checks all 64 bits, as a pointer result needs. For variadic
// fcntl, the gate puts the third argument on the stack as well, as
// arm64 macOS passes variadic arguments.

//go:linkname syscall_syscall syscall.syscall
func syscall_syscall(fn, a1, a2, a3 uintptr) (r1, r2 uintptr, err syscall.Errno)

//go:linkname syscall_syscall6X syscall.syscall6X
func syscall_syscall6X(fn, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno)

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
	libc_mincore_trampoline_addr  uintptr
	libc_fcntl_trampoline_addr    uintptr
)

//go:cgo_import_dynamic libc_mmap mmap "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_munmap munmap "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_mprotect mprotect "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_msync msync "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_madvise madvise "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_mlock mlock "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_munlock munlock "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_mincore mincore "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_fcntl fcntl "/usr/lib/libSystem.B.dylib"
