//go:build !plan9

package mmap

import "syscall"

// errNoExec is what exec says of a binary the kernel cannot run itself
// (a foreign architecture under qemu-user without binfmt_misc).
var errNoExec error = syscall.ENOEXEC
