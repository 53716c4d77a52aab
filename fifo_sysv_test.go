//go:build aix || solaris || illumos

package mmap

import "os/exec"

// mkfifo: the syscall package has no Mkfifo here; mkfifo(1) is POSIX.
func mkfifo(path string) error { return exec.Command("mkfifo", "-m", "600", path).Run() }
