//go:build darwin || dragonfly || freebsd || netbsd || openbsd || solaris

package mmap

import "syscall"

// adviceValue: the BSDs, macOS and Solaris share the four read-ahead
// advices. Their MADV_DONTNEED is another thing than Linux's: a hint that
// may or may not drop the pages (FreeBSD only lowers their priority), so
// a private page does not then read back as zeros or as the file, which
// the AdviceDontNeed contract promises: it is ErrUnsupported here. No huge
// page advice, no populate.
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
	}
	return 0, false
}
