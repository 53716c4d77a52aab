//go:build linux

package mmap

import (
	"syscall"
	"unsafe"
)

// Linux: raw system calls on the syscall package's numbers and flag values,
// which differ between architectures (MAP_ANONYMOUS is 0x800 on mips,
// O_DIRECT 0x10000 on arm). The call that maps memory differs too:
// sys_linux_mmap.go, sys_linux_mmap2.go and sys_linux_s390x.go.
//
// Which calls go through rawSyscallNoBlock (no hand-off to the scheduler;
// the assembly trampoline on amd64 and arm64) and which through
// syscall.Syscall6 (the runtime may give the P to another thread while
// the call waits) follows one rule: a call that can wait for the disk, or
// for a lock held across I/O, is blocking. mmap without MAP_POPULATE or
// MAP_LOCKED, munmap, mprotect and mincore only edit page tables; open,
// fcntl, ftruncate, fstat, msync, and an mmap that populates or locks can
// wait for I/O.

var openBits = []osBit[OpenFlag]{
	{OpenCreate, syscall.O_CREAT},
	{OpenEnsureCreate, syscall.O_CREAT | syscall.O_EXCL},
	{OpenTruncate, syscall.O_TRUNC},
	{OpenDirect, syscall.O_DIRECT},
	{OpenFileSync, syscall.O_SYNC},
	{OpenDataSync, syscall.O_DSYNC},
	{OpenDontClaimTTY, syscall.O_NOCTTY},
	{OpenNonBlock, syscall.O_NONBLOCK},
	{OpenNoFollow, syscall.O_NOFOLLOW},
	{OpenAsync, syscall.O_ASYNC},
	{OpenDirectory, syscall.O_DIRECTORY},
	{OpenLargeFile, syscall.O_LARGEFILE},
}

var mapBits = []osBit[MapFlag]{
	{MapPrivate, syscall.MAP_PRIVATE},
	{MapShared, syscall.MAP_SHARED},
	{MapAnonymous, syscall.MAP_ANONYMOUS},
	{MapNoReserve, syscall.MAP_NORESERVE},
	{MapLocked, syscall.MAP_LOCKED},
	{MapGrowsDown, syscall.MAP_GROWSDOWN},
	{MapPopulate, syscall.MAP_POPULATE},
	{MapNonBlock, syscall.MAP_NONBLOCK},
	{MapHugePages, mapHugeTLB},
}

var syncBits = []osBit[SyncFlag]{
	{SyncWait, syscall.MS_SYNC},
	{SyncAsync, syscall.MS_ASYNC},
	{SyncInvalidate, syscall.MS_INVALIDATE},
}

// atFDCWD is AT_FDCWD from include/uapi/linux/fcntl.h (a variable, since
// a negative constant cannot become a uintptr); the syscall package
// keeps its copy unexported.
var atFDCWD = -100

// openFile is openat(AT_FDCWD, path) with the path copied into a buffer
// on the stack when it is short, sparing the allocation that
// syscall.BytePtrFromString makes.
func openFile(path string, flags int, perm uint32) (int, error) {
	for i := 0; i < len(path); i++ {
		if path[i] == 0 {
			return noFile, syscall.EINVAL
		}
	}
	var buf [256]byte
	var p *byte
	if len(path) < len(buf) {
		copy(buf[:], path)
		p = &buf[0]
	} else {
		b := make([]byte, len(path)+1)
		copy(b, path)
		p = &b[0]
	}
	for {
		fd, _, e := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(p)),
			uintptr(flags), uintptr(perm), 0, 0)
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return noFile, e
		}
		return int(fd), nil
	}
}

// afterOpen sets what open(2) accepts but ignores: Linux enables O_ASYNC
// only through fcntl(F_SETFL).
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

func fcntl(fd, cmd, arg int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), uintptr(cmd), uintptr(arg))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func mmapRaw(length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	blocking := flags&(syscall.MAP_POPULATE|syscall.MAP_LOCKED) != 0
	addr, e := mmapSyscall(length, prot, flags, fd, off, blocking)
	if e != 0 {
		return nil, e
	}
	// The kernel's address is not Go memory; unsafe.Add from nil turns it
	// into a pointer without a uintptr-to-Pointer conversion.
	return unsafe.Add(nil, addr), nil
}

func munmapRaw(addr unsafe.Pointer, length uintptr) error {
	if _, e := rawSyscallNoBlock(syscall.SYS_MUNMAP, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return syscall.Errno(e)
	}
	return nil
}

func mprotectRaw(addr unsafe.Pointer, length uintptr, prot int) error {
	if _, e := rawSyscallNoBlock(syscall.SYS_MPROTECT, uintptr(addr), length, uintptr(prot), 0, 0, 0); e != 0 {
		return syscall.Errno(e)
	}
	return nil
}

func msyncRaw(addr unsafe.Pointer, length uintptr, flags int) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MSYNC, uintptr(addr), length, uintptr(flags)); e != 0 {
		return e
	}
	return nil
}

// syncDurable has nothing to add on Linux: msync(MS_SYNC) ends in
// vfs_fsync_range, which writes the data and the metadata (the size)
// needed to read it back.
func syncDurable(int) error { return nil }
