//go:build unix

package mmap

import (
	"syscall"
)

// Named shared memory on Unix: a descriptor from the OS's shm_open (or
// from open(2) in the directory where the OS's libc keeps the objects),
// sized with ftruncate and mapped like a file. Each Unix provides, in its
// sys_<goos>_shm.go file, shmOpen (which returns a close-on-exec
// descriptor), shmUnlink, sysShmResizable and shmIsFile (false where
// fstat does not call the object a regular file: macOS).

func sysCreateShared(name string, size int, c Options) (*Region, error) {
	if err := shmRefused(name, c); err != nil {
		return nil, err
	}
	fd, err := shmOpen(name, syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL, uint32(c.Mode.Perm()))
	if err != nil {
		return nil, err
	}
	r, err := sizeShared(fd, name, size, c)
	if err != nil {
		shmUnlink(name) // the object is ours: nothing is left behind
		return nil, err
	}
	return r, nil
}

// sizeShared gives the new object behind fd its size and maps it; it
// closes fd on failure. The object is made through a read-write
// descriptor (ftruncate needs one on most systems); a Region without
// ProtWrite then takes a read-only descriptor of its own.
func sizeShared(fd int, name string, size int, c Options) (*Region, error) {
	if err := sysTruncate(fd, int64(size)); err != nil {
		sysCloseFile(fd)
		return nil, err
	}
	writable := c.Prot&ProtWrite != 0
	if !writable {
		rfd, err := shmOpen(name, syscall.O_RDONLY, 0)
		sysCloseFile(fd)
		if err != nil {
			return nil, err
		}
		fd = rfd
	}
	r, err := mapShared(fd, name, c, writable)
	if err != nil {
		sysCloseFile(fd)
		return nil, err
	}
	return r, nil
}

func sysOpenShared(name string, c Options) (*Region, error) {
	if err := shmRefused(name, c); err != nil {
		return nil, err
	}
	writable := c.Prot&ProtWrite != 0
	flags := syscall.O_RDONLY
	if writable {
		flags = syscall.O_RDWR
	}
	fd, err := shmOpen(name, flags, 0)
	if err != nil {
		return nil, err
	}
	r, err := mapShared(fd, name, c, writable)
	if err != nil {
		sysCloseFile(fd)
		return nil, err
	}
	return r, nil
}

func sysRemoveShared(name string) error { return shmUnlink(name) }

// mapShared maps the part of the object behind fd that c asks for, after
// checking that it lies inside the object (OpenShared never grows it).
// The mapping is made as for a file; where fstat gives the object no
// file type (macOS), it is taken for the regular file it behaves as.
func mapShared(fd int, name string, c Options, writable bool) (*Region, error) {
	size, kind, err := sysStat(fd)
	if err != nil {
		return nil, err
	}
	if _, err := shmSpan(name, c, size); err != nil {
		return nil, err
	}
	if !shmIsFile {
		kind = kindRegular
	}
	r, err := mapStatted(fd, name, c, writable, size, kind)
	if err != nil {
		return nil, err
	}
	r.shm = true
	return r, nil
}

// shmRefused refuses, before anything is created, what mapShared cannot
// do where it builds the Region itself (macOS): a reservation to grow
// into (the object cannot grow), and MapAllocate (the pages of a macOS
// object are anonymous memory, with no blocks to allocate in advance).
func shmRefused(name string, c Options) error {
	switch {
	case shmIsFile:
		return nil
	case c.Reserve != 0:
		return unsupported(opShmOpen, name, "Options.Reserve with shared memory")
	case c.Flags&MapAllocate != 0:
		return unsupported(opShmOpen, name, "MapAllocate with shared memory")
	}
	return nil
}

// shmOpenFile is shm_open where libc implements it as open(2) of a file
// in a directory of its own (glibc, NetBSD, DragonFly): path is that
// file. ENOENT when the directory itself is missing is said so.
func shmOpenFile(dir, path string, flags int, perm uint32) (int, error) {
	fd, err := openFile(path, flags|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, perm)
	switch err {
	case nil:
		return fd, nil
	case syscall.EISDIR: // a directory of that name: no valid object
		return noFile, syscall.EINVAL
	case syscall.ENOENT:
		var st syscall.Stat_t
		if syscall.Stat(dir, &st) != nil {
			return noFile, &reason{"the directory of shared-memory objects, " + dir + ", is missing", err}
		}
	}
	return noFile, err
}

// shmUnlinkFile is shm_unlink for the libcs of shmOpenFile.
func shmUnlinkFile(dir, path string) error {
	err := syscall.Unlink(path)
	if err == syscall.ENOENT {
		var st syscall.Stat_t
		if syscall.Stat(dir, &st) != nil {
			return &reason{"the directory of shared-memory objects, " + dir + ", is missing", err}
		}
	}
	return err
}
