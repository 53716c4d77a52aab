//go:build solaris

package mmap

import (
	"runtime"
	"syscall"
	"unsafe"
)

// Solaris and illumos: libc's shm_open (zsyscall_solaris_shm.go), which
// keeps an object as a file under /tmp (guarded by a lock file), so that
// fstat reports a regular file and ftruncate resizes it; shm_unlink
// removes it.

const sysShmResizable = true

const shmIsFile = true

func shmOpen(name string, flags int, perm uint32) (int, error) {
	p, err := syscall.BytePtrFromString("/" + name)
	if err != nil {
		return noFile, err
	}
	// POSIX has shm_open set FD_CLOEXEC; older libcs do not, so it is set
	// here too, under ForkLock so that no fork in between inherits the
	// descriptor.
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	for {
		r, _, e := sysvicall6(libcAddr(&procShmOpen), 3, uintptr(unsafe.Pointer(p)), uintptr(flags), uintptr(perm), 0, 0, 0)
		runtime.KeepAlive(p)
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return noFile, e
		}
		syscall.CloseOnExec(int(r))
		return int(r), nil
	}
}

func shmUnlink(name string) error {
	p, err := syscall.BytePtrFromString("/" + name)
	if err != nil {
		return err
	}
	_, _, e := sysvicall6(libcAddr(&procShmUnlink), 1, uintptr(unsafe.Pointer(p)), 0, 0, 0, 0, 0)
	runtime.KeepAlive(p)
	if e != 0 {
		return e
	}
	return nil
}
