//go:build solaris

package mmap

import (
	"syscall"
	"unsafe"
)

// Bindings to libc.so, the only stable system call interface of Solaris
// and illumos: each function is imported with cgo_import_dynamic, its
// address lands in a proc* variable, and syscall.sysvicall6 calls it on
// the system stack, as golang.org/x/sys/unix does. sysvicall6 tells the
// scheduler that the thread may block; rawSysvicall6 does not. Both read
// errno after the call; a successful call leaves it 0.

//go:linkname sysvicall6 syscall.sysvicall6
func sysvicall6(fn, nargs, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno)

//go:linkname rawSysvicall6 syscall.rawSysvicall6
func rawSysvicall6(fn, nargs, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno)

// libcFunc is the word the linker fills with a libc function's address.
type libcFunc uintptr

//go:cgo_import_dynamic libc_mmap mmap "libc.so"
//go:cgo_import_dynamic libc_munmap munmap "libc.so"
//go:cgo_import_dynamic libc_mprotect mprotect "libc.so"
//go:cgo_import_dynamic libc_msync msync "libc.so"
//go:cgo_import_dynamic libc_madvise madvise "libc.so"
//go:cgo_import_dynamic libc_mlock mlock "libc.so"
//go:cgo_import_dynamic libc_munlock munlock "libc.so"
//go:cgo_import_dynamic libc_mincore mincore "libc.so"
//go:cgo_import_dynamic libc_fcntl fcntl "libc.so"

//go:linkname procMmap libc_mmap
//go:linkname procMunmap libc_munmap
//go:linkname procMprotect libc_mprotect
//go:linkname procMsync libc_msync
//go:linkname procMadvise libc_madvise
//go:linkname procMlock libc_mlock
//go:linkname procMunlock libc_munlock
//go:linkname procMincore libc_mincore
//go:linkname procFcntl libc_fcntl

var (
	procMmap,
	procMunmap,
	procMprotect,
	procMsync,
	procMadvise,
	procMlock,
	procMunlock,
	procMincore,
	procFcntl libcFunc
)

// libcAddr is the argument sysvicall6 wants: the address of the word
// that holds the function's address.
func libcAddr(p *libcFunc) uintptr { return uintptr(unsafe.Pointer(p)) }
