//go:build solaris

package mmap

import _ "unsafe" // for go:linkname

// libc's shm_open and shm_unlink, bound as in zsyscall_solaris.go.
// Solaris 11 and illumos keep them in libc.so (librt is a filter on it).

//go:cgo_import_dynamic libc_shm_open shm_open "libc.so"
//go:cgo_import_dynamic libc_shm_unlink shm_unlink "libc.so"

//go:linkname procShmOpen libc_shm_open
//go:linkname procShmUnlink libc_shm_unlink

var (
	procShmOpen,
	procShmUnlink libcFunc
)
