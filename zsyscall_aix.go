//go:build aix

package mmap

import (
	"syscall"
	"unsafe"
)

// Bindings to libc.a(shr_64.o), the system call interface of AIX: each
// function is imported with cgo_import_dynamic, its descriptor's address
// lands in a proc* variable, and syscall.syscall6 calls it on the system
// stack, as the syscall package and golang.org/x/sys/unix do. syscall6
// tells the scheduler that the thread may block; rawSyscall6 does not.
// Both report errno when the function returned -1.
//
// Only functions golang.org/x/sys/unix also imports are named here: a
// symbol libc lacks would stop every program that links this package
// from loading.

//go:linkname syscall6 syscall.syscall6
func syscall6(fn, nargs, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno)

//go:linkname rawSyscall6 syscall.rawSyscall6
func rawSyscall6(fn, nargs, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno)

// libcFunc is the word the loader fills with a libc function's address.
type libcFunc uintptr

//go:cgo_import_dynamic libc_mmap mmap "libc.a/shr_64.o"
//go:cgo_import_dynamic libc_munmap munmap "libc.a/shr_64.o"
//go:cgo_import_dynamic libc_mprotect mprotect "libc.a/shr_64.o"
//go:cgo_import_dynamic libc_msync msync "libc.a/shr_64.o"
//go:cgo_import_dynamic libc_mlock mlock "libc.a/shr_64.o"
//go:cgo_import_dynamic libc_munlock munlock "libc.a/shr_64.o"
//go:cgo_import_dynamic libc_fcntl fcntl "libc.a/shr_64.o"

//go:linkname procMmap libc_mmap
//go:linkname procMunmap libc_munmap
//go:linkname procMprotect libc_mprotect
//go:linkname procMsync libc_msync
//go:linkname procMlock libc_mlock
//go:linkname procMunlock libc_munlock
//go:linkname procFcntl libc_fcntl

var (
	procMmap,
	procMunmap,
	procMprotect,
	procMsync,
	procMlock,
	procMunlock,
	procFcntl libcFunc
)

// libcAddr is the argument syscall6 wants: the address of the word
// that holds the function's address.
func libcAddr(p *libcFunc) uintptr { return uintptr(unsafe.Pointer(p)) }
