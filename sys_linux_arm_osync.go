//go:build linux && arm

package mmap

// oSync is O_SYNC from include/uapi/asm-generic/fcntl.h: __O_SYNC|O_DSYNC
// (0x100000|0x1000) since Linux 2.6.33. The syscall package's O_SYNC for
// linux/arm is the old 0x1000, which is O_DSYNC alone: file integrity
// without the metadata that OpenFileSync promises (oscheck found it;
// golang.org/x/sys/unix has 0x101000).
const oSync = 0x101000
