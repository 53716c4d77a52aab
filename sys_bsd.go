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
	fl, err := fcntl(fd, syscall.F_GETFL, 0)
	if err != nil {
		return err
	}
	_, err = fcntl(fd, syscall.F_SETFL, fl|syscall.O_ASYNC)
	return err
}

// adviceValue knows the five advices every BSD has; huge pages and
// populate have no equivalent. MADV_DONTNEED on the BSDs lets the kernel
// drop the pages lazily and never zeroes private memory, unlike Linux.
func adviceValue(a Advice) (int, bool) {
	switch a {
	case AdviceNormal:
		return syscall.MADV_NORMAL, true
	case AdviceRandom:
		return syscall.MADV_RANDOM, true
	case AdviceSequential:
		return syscall.MADV_SEQUENTIAL, true
	case AdviceWillNeed:
		return syscall.MADV_WILLNEED, true
	case AdviceDontNeed:
		return syscall.MADV_DONTNEED, true
	}
	return 0, false
}
