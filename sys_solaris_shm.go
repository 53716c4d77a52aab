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
		if err := libcFailed(r, e); err != nil {
			if err == syscall.EINTR {
				continue
			}
			return noFile, err
		}
		syscall.CloseOnExec(int(int32(r)))
		return int(int32(r)), nil
	}
}

func shmUnlink(name string) error {
	p, err := syscall.BytePtrFromString("/" + name)
	if err != nil {
		return err
	}
	r, _, e := sysvicall6(libcAddr(&procShmUnlink), 1, uintptr(unsafe.Pointer(p)), 0, 0, 0, 0, 0)
	runtime.KeepAlive(p)
	return libcFailed(r, e)
}

// libcFailed reads the result of a libc function that returns an int, -1
// on failure. errno counts only then: sysvicall6 clears errno before the
// call and reports whatever it holds after, and the shm_open and
// shm_unlink of illumos and Solaris (lib/libc/port/rt/shm.c, pos4obj.c)
// succeed with errno still ENOENT from an lstat64 of the lock or object
// file that did not exist yet. The upper half of the result register is
// not part of an int.
func libcFailed(r uintptr, e syscall.Errno) error {
	if int32(r) != -1 {
		return nil
	}
	if e == 0 {
		return syscall.EINVAL // -1 without errno: cannot happen, but is not success
	}
	return e
}
