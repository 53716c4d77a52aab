//go:build netbsd && arm

package mmap

// The msync flags from NetBSD's <sys/mman.h>, which the syscall package
// leaves out for netbsd/arm.
const (
	msAsync      = 0x01 // MS_ASYNC
	msInvalidate = 0x02 // MS_INVALIDATE
	msSync       = 0x04 // MS_SYNC
)
