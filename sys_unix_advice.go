//go:build unix && !aix

package mmap

import "syscall"

// readAheadAdvice is the madvise value of the four advices every Unix
// with madvise shares (AIX has none). Outside Linux these are all the
// advice there is: the BSDs', macOS's and Solaris' MADV_DONTNEED is another thing than Linux's: a hint that
// may or may not drop the pages (FreeBSD only lowers their priority), so
// a private page does not then read back as zeros or as the file, which
// the AdviceDontNeed contract promises: it is ErrUnsupported here. No huge
// page advice, no populate.
func readAheadAdvice(a Advice) (int, bool) {
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
