//go:build linux

package mmap

import (
	"os"
	"strconv"
	"strings"
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

var osOpenBits = []osBit[OpenFlag]{
	{OpenDirect, syscall.O_DIRECT},
	{OpenDataSync, syscall.O_DSYNC},
	{OpenAsync, syscall.O_ASYNC},
	{OpenLargeFile, syscall.O_LARGEFILE},
}

var osMapBits = []osBit[MapFlag]{
	{MapNoReserve, syscall.MAP_NORESERVE},
	{MapLocked, syscall.MAP_LOCKED},
	{MapGrowsDown, syscall.MAP_GROWSDOWN},
	{MapPopulate, syscall.MAP_POPULATE},
	{MapNonBlock, syscall.MAP_NONBLOCK},
	{MapHugePages, mapHugeTLB},
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
		// O_LARGEFILE always, as syscall.Open adds it: without it a 32-bit
		// process cannot open a file past 2 GiB at all (EOVERFLOW), not
		// even to map its first page. It is 0 where it is implied.
		fd, _, e := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(p)),
			uintptr(flags|syscall.O_LARGEFILE), uintptr(perm), 0, 0)
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
	return setStatusFlag(fd, syscall.O_ASYNC)
}

func fcntl(fd, cmd, arg int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), uintptr(cmd), uintptr(arg))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func mmapRaw(hint unsafe.Pointer, length uintptr, prot, flags, fd int, off int64) (unsafe.Pointer, error) {
	blocking := flags&(syscall.MAP_POPULATE|syscall.MAP_LOCKED) != 0
	addr, e := mmapSyscall(hint, length, prot, flags, fd, off, blocking)
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

// madvPopulateRead and madvPopulateWrite are from
// include/uapi/asm-generic/mman-common.h (Linux 5.14); the syscall package
// predates them.
const (
	madvPopulateRead  = 22
	madvPopulateWrite = 23
)

func adviceValue(a Advice) (int, bool) {
	switch a {
	case AdviceDontNeed:
		return syscall.MADV_DONTNEED, true
	case AdviceHugePage:
		return syscall.MADV_HUGEPAGE, true
	case AdviceNoHugePage:
		return syscall.MADV_NOHUGEPAGE, true
	case AdvicePopulateRead:
		return madvPopulateRead, true
	case AdvicePopulateWrite:
		return madvPopulateWrite, true
	}
	return readAheadAdvice(a)
}

// madviseRaw blocks for the advice that reads the file (WILLNEED starts
// read-ahead, POPULATE faults everything in) and not for the rest.
func madviseRaw(addr unsafe.Pointer, length uintptr, advice int) error {
	var e uintptr
	switch advice {
	case syscall.MADV_WILLNEED, madvPopulateRead, madvPopulateWrite:
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(addr), length, uintptr(advice))
		e = uintptr(errno)
	default:
		_, e = rawSyscallNoBlock(syscall.SYS_MADVISE, uintptr(addr), length, uintptr(advice), 0, 0, 0)
	}
	if e != 0 {
		return syscall.Errno(e)
	}
	return nil
}

// mlockRaw faults every page in, so it may wait for the disk.
func mlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MLOCK, uintptr(addr), length, 0); e != 0 {
		return e
	}
	return nil
}

func munlockRaw(addr unsafe.Pointer, length uintptr) error {
	if _, e := rawSyscallNoBlock(syscall.SYS_MUNLOCK, uintptr(addr), length, 0, 0, 0, 0); e != 0 {
		return syscall.Errno(e)
	}
	return nil
}

func mincoreRaw(addr unsafe.Pointer, length uintptr, vec *byte) error {
	if _, e := rawSyscallNoBlock(syscall.SYS_MINCORE, uintptr(addr), length, uintptr(unsafe.Pointer(vec)), 0, 0, 0); e != 0 {
		return syscall.Errno(e)
	}
	return nil
}

// mremapMayMove is MREMAP_MAYMOVE from include/uapi/linux/mman.h.
const mremapMayMove = 1

func mremapRaw(addr unsafe.Pointer, oldSize, newSize uintptr) (unsafe.Pointer, error) {
	r, e := rawSyscallNoBlock(syscall.SYS_MREMAP, uintptr(addr), oldSize, newSize, mremapMayMove, 0, 0)
	if e != 0 {
		return nil, syscall.Errno(e)
	}
	return unsafe.Add(nil, r), nil
}

// sysHugePageSize is the default huge page size, the Hugepagesize line of
// /proc/meminfo (2 MiB on x86-64, 512 MiB on some arm64 kernels); 0 when
// the kernel has no hugetlbfs.
func sysHugePageSize() int {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Hugepagesize:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
