//go:build linux

package mmap

import "syscall"

// sysDiskFull reports whether the filesystem that holds the file has no
// block left for an unprivileged writer (fstatfs: f_bavail 0): a write
// through a shared mapping into a hole of the file then raises SIGBUS.
// Guard asks only after a fault without a usable address (qemu-user).
func sysDiskFull(fd int) bool {
	var st syscall.Statfs_t
	return syscall.Fstatfs(fd, &st) == nil && st.Bavail == 0
}
