//go:build illumos

package mmap

// illumos has O_DIRECT, which Oracle Solaris lacks: a hint to move read(2)
// and write(2) data past the page cache, which a file system may ignore
// (as FreeBSD's O_DIRECT is). A mapping goes through the page cache
// whatever the flag says.
var illumosOpenBits = []osBit[OpenFlag]{
	{OpenDirect, oDirect},
}

// oDirect is O_DIRECT from illumos' usr/src/uts/common/sys/fcntl.h
// ("direct disk access hint"); the syscall package has none for solaris.
const oDirect = 0x2000000
