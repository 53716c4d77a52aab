//go:build linux

package mmap

// Linux has no shm_open system call: glibc's shm_open is
// open("/dev/shm/NAME", flags|O_NOFOLLOW|O_CLOEXEC, mode) on the tmpfs
// that every distribution mounts there, and shm_unlink is unlink. The
// package does the same with its own system calls (musl and Bionic agree
// on the directory; Android has none, which the error then says). The
// object is a tmpfs file: fstat knows its exact size, ftruncate resizes
// it at any time, and open applies the umask to its mode.

const shmDir = "/dev/shm"

// sysShmResizable: ftruncate grows or shrinks a tmpfs file.
const sysShmResizable = true

// shmIsFile: fstat calls the object a regular file.
const shmIsFile = true

func shmOpen(name string, flags int, perm uint32) (int, error) {
	return shmOpenFile(shmDir, shmDir+"/"+name, flags, perm)
}

func shmUnlink(name string) error { return shmUnlinkFile(shmDir, shmDir+"/"+name) }
