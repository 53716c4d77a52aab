//go:build freebsd || netbsd || openbsd || dragonfly

package mmap

import "syscall"

// What the BSDs share whichever way they reach the kernel (system calls
// on FreeBSD, NetBSD and DragonFly: sys_bsd_trap.go; libc on OpenBSD:
// sys_openbsd_libc.go).

// afterOpen enables O_ASYNC through fcntl(F_SETFL), the way fcntl(2)
// documents on every BSD: open(2) does not list O_ASYNC among its flags.
func afterOpen(fd int, o OpenFlag) error {
	if o&OpenAsync == 0 {
		return nil
	}
	return setStatusFlag(fd, syscall.O_ASYNC)
}

// adviceValue: the read-ahead advices alone (sys_unix_advice.go).
func adviceValue(a Advice) (int, bool) { return readAheadAdvice(a) }
