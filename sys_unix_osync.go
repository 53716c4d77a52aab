//go:build unix && !(linux && arm)

package mmap

import "syscall"

// oSync is O_SYNC (sys_linux_arm_osync.go has the one the syscall package
// gets wrong).
const oSync = syscall.O_SYNC
