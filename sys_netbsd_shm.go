//go:build netbsd

package mmap

// NetBSD's libc (lib/librt/shm.c) keeps a shared-memory object as the file
// /var/shm/.shmobj_NAME, opened with O_CLOEXEC|O_NOFOLLOW, and removes it
// with unlink; the package does the same. libc first checks, with
// fstatvfs1, that /var/shm is a tmpfs with mode 01777, and fails with
// ENOTSUP otherwise; the package checks neither (the statvfs layout is not
// in the syscall package), so on a system without that tmpfs the objects
// are files on disk under /var/shm, or fail with the error of open.

const shmDir = "/var/shm"

// sysShmResizable: the object is a file, which ftruncate resizes.
const sysShmResizable = true

const shmIsFile = true

func shmOpen(name string, flags int, perm uint32) (int, error) {
	return shmOpenFile(shmDir, shmDir+"/.shmobj_"+name, flags, perm)
}

func shmUnlink(name string) error { return shmUnlinkFile(shmDir, shmDir+"/.shmobj_"+name) }
