//go:build darwin

package mmap

import _ "unsafe" // for go:linkname

// libSystem's shm_open and shm_unlink, bound as in zsyscall_darwin.go
// (trampolines in zsyscall_darwin_shm.s). XNU implements both as system
// calls, but only libSystem is a supported interface.
//
// shm_open is variadic in <sys/mman.h> (int shm_open(const char *, int,
// ...)): on arm64 Apple's ABI passes variadic arguments on the stack, not
// in registers. syscall_syscall is the runtime's three-argument gate,
// which stores the third argument on the stack as well as in its register
// for this reason (open, fcntl and ioctl have the same shape), so mode
// arrives where the callee's va_arg reads it on both amd64 and arm64.

var (
	libc_shm_open_trampoline_addr   uintptr
	libc_shm_unlink_trampoline_addr uintptr
)

//go:cgo_import_dynamic libc_shm_open shm_open "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_shm_unlink shm_unlink "/usr/lib/libSystem.B.dylib"
