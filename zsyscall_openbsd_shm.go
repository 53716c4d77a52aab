//go:build openbsd

package mmap

import _ "unsafe" // for go:linkname

// libc's shm_open and shm_unlink, bound as in zsyscall_openbsd.go
// (trampolines in zsyscall_openbsd_shm.s). Both are library functions on
// OpenBSD (lib/libc/gen/shm_open.c), not system calls.

var (
	libc_shm_open_trampoline_addr   uintptr
	libc_shm_unlink_trampoline_addr uintptr
)

//go:cgo_import_dynamic libc_shm_open shm_open "libc.so"
//go:cgo_import_dynamic libc_shm_unlink shm_unlink "libc.so"
