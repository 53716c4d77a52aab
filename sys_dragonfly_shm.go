//go:build dragonfly

package mmap

import "syscall"

// DragonFly's libc (shm_open(3)) keeps a shared-memory object as a file on
// the tmpfs it mounts at /var/run/shm: shm_open is open(2) of
// /var/run/shm/NAME followed by fcntl(F_SETFL, FPOSIXSHM), which makes
// mmap of the descriptor behave as MAP_NOSYNC; shm_unlink is unlink. The
// package does the same.

const shmDir = "/var/run/shm"

// fPosixShm is FPOSIXSHM from DragonFly's <sys/fcntl.h>, where it is
// defined as O_NOFOLLOW.
const fPosixShm = syscall.O_NOFOLLOW

// sysShmResizable: the object is a tmpfs file, which ftruncate resizes.
const sysShmResizable = true

const shmIsFile = true

func shmOpen(name string, flags int, perm uint32) (int, error) {
	fd, err := shmOpenFile(shmDir, shmDir+"/"+name, flags, perm)
	if err != nil {
		return noFile, err
	}
	// F_SETFL replaces the status flags, as libc's call does: O_NONBLOCK
	// goes, FPOSIXSHM comes.
	if _, err := fcntl(fd, syscall.F_SETFL, fPosixShm); err != nil {
		sysCloseFile(fd)
		return noFile, err
	}
	return fd, nil
}

func shmUnlink(name string) error { return shmUnlinkFile(shmDir, shmDir+"/"+name) }
