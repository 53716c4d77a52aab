//go:build openbsd

package mmap

import "syscall"

// OpenBSD: libc's shm_open (zsyscall_openbsd_shm.go) keeps an object as
// the file /tmp/<SHA-256 of the name>.shm, opened O_CLOEXEC|O_NOFOLLOW
// with a mode cut to 0600, and refuses a file whose owner is not the
// caller (EPERM): an object is shared between the processes of one user.
// It is a regular file, so ftruncate resizes it, and it lives on whatever
// file system /tmp is (a disk, unless /tmp is an mfs).

const sysShmResizable = true

const shmIsFile = true

func shmOpen(name string, flags int, perm uint32) (int, error) {
	return libcShmOpen(name, flags|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, perm)
}
