//go:build freebsd

package mmap

import (
	"syscall"
	"unsafe"
)

// FreeBSD keeps shared-memory objects in the kernel (sys/kern/uipc_shm.c):
// libc's shm_open is the shm_open2 system call, given flags|O_CLOEXEC, no
// shmflags and no memfd name; shm_unlink is a system call too. fstat
// reports a regular file of the object's exact size, and ftruncate
// resizes it at any time. The mode of a new object is cut by the umask.

// sysShmOpen2 is SYS_shm_open2 from sys/kern/syscalls.master (FreeBSD
// 13.0 and later, which Go requires); the syscall package predates it.
const sysShmOpen2 = 571

const sysShmResizable = true

const shmIsFile = true

func shmOpen(name string, flags int, perm uint32) (int, error) {
	p, err := syscall.BytePtrFromString("/" + name)
	if err != nil {
		return noFile, err
	}
	for {
		fd, _, e := syscall.Syscall6(sysShmOpen2, uintptr(unsafe.Pointer(p)), uintptr(flags|syscall.O_CLOEXEC),
			uintptr(perm), 0, 0, 0)
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return noFile, e
		}
		return int(fd), nil
	}
}

func shmUnlink(name string) error {
	p, err := syscall.BytePtrFromString("/" + name)
	if err != nil {
		return err
	}
	if _, _, e := syscall.Syscall(syscall.SYS_SHM_UNLINK, uintptr(unsafe.Pointer(p)), 0, 0); e != 0 {
		return e
	}
	return nil
}
