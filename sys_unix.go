//go:build unix

package mmap

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
	"unsafe"
)

// The seam between region.go and a Unix kernel. Each Unix provides, in its
// own sys_<goos>*.go file, the tables osOpenBits and osMapBits, the
// function adviceValue, and the primitives openFile, afterOpen, fcntl,
// mmapRaw, munmapRaw, mprotectRaw, msyncRaw, syncDurable, madviseRaw,
// mlockRaw, munlockRaw, mincoreRaw and mremapRaw (errors.ErrUnsupported
// where the OS has no mremap); everything else is the same on every Unix
// and lives here.

type fileHandle = int

const noFile fileHandle = -1

// sysCutNeedsUnmap: a Unix kernel shrinks a mapped file (the pages past
// the new end then fault), so Resize may cut after remapping.
const sysCutNeedsUnmap = false

// sysUnmapsPart: munmap takes any whole pages of a mapping, so a Region
// shrinks where it stands.
const sysUnmapsPart = true

type fileKind int

const (
	kindRegular fileKind = iota
	kindDir
	kindDevice // a character or block device: no size to go by
	kindOther  // FIFO, socket: cannot be mapped
)

// osBit pairs a flag of ours with the OS's bits for it. A flag missing
// from a table is one the OS cannot honour.
type osBit[F ~uint32] struct {
	flag F
	os   int
}

// The flag tables: what every Unix has, under its POSIX name, and what
// each OS adds in its own file (osOpenBits, osMapBits), where the flags it
// cannot honour are simply absent.
var (
	openBits = append([]osBit[OpenFlag]{
		{OpenCreate, syscall.O_CREAT},
		{OpenEnsureCreate, syscall.O_CREAT | syscall.O_EXCL},
		{OpenTruncate, syscall.O_TRUNC},
		{OpenFileSync, oSync},
		{OpenDontClaimTTY, syscall.O_NOCTTY},
		{OpenNonBlock, syscall.O_NONBLOCK},
		{OpenNoFollow, syscall.O_NOFOLLOW},
		{OpenDirectory, syscall.O_DIRECTORY},
	}, osOpenBits...)
	mapBits = append([]osBit[MapFlag]{
		{MapPrivate, syscall.MAP_PRIVATE},
		{MapShared, syscall.MAP_SHARED},
		{MapAnonymous, syscall.MAP_ANON},
	}, osMapBits...)
	syncBits = []osBit[SyncFlag]{
		{SyncWait, msSync},
		{SyncAsync, msAsync},
		{SyncInvalidate, msInvalidate},
	}
)

var (
	sysOpenFlags = supported(openBits)
	sysMapFlags  = supported(mapBits) | allocateFlag // MapAllocate is no mmap bit: sys_*_grow.go
	sysSyncFlags = supported(syncBits)
	sysProtFlags = ProtRead | ProtWrite | ProtExec | ProtNone
)

// supported is the set of flags a table has.
func supported[F ~uint32](t []osBit[F]) F {
	var f F
	for _, b := range t {
		f |= b.flag
	}
	return f
}

// translate maps the flags set in f to the OS bits of the table.
func translate[F ~uint32](f F, t []osBit[F]) int {
	v := 0
	for _, b := range t {
		if f&b.flag != 0 {
			v |= b.os
		}
	}
	return v
}

func sysPageSize() int    { return os.Getpagesize() }
func sysGranularity() int { return os.Getpagesize() }

func sysOpen(path string, o OpenFlag, mode fs.FileMode, _ Prot) (int, error) {
	flags := syscall.O_CLOEXEC | translate(o, openBits)
	if o&OpenWrite != 0 {
		flags |= syscall.O_RDWR
	} else {
		flags |= syscall.O_RDONLY
	}
	perm := uint32(mode.Perm())
	if mode == 0 {
		perm = 0o666
	}
	// The same bits as os.OpenFile sends.
	if mode&fs.ModeSetuid != 0 {
		perm |= syscall.S_ISUID
	}
	if mode&fs.ModeSetgid != 0 {
		perm |= syscall.S_ISGID
	}
	if mode&fs.ModeSticky != 0 {
		perm |= syscall.S_ISVTX
	}
	// A read-only open(2) of a FIFO waits for a writer, forever if none
	// comes. O_NONBLOCK keeps open from waiting (mapFile then refuses the
	// FIFO as not a regular file). It stays set: it changes nothing for a
	// regular file or a device, whose descriptor the Region only maps,
	// stats, truncates and syncs, and taking it off would cost every Map
	// a system call.
	if o&OpenWrite == 0 {
		flags |= syscall.O_NONBLOCK
	}
	fd, err := openFile(path, flags, perm)
	if err != nil {
		return noFile, err
	}
	if err := afterOpen(fd, o); err != nil {
		syscall.Close(fd)
		return noFile, err
	}
	return fd, nil
}

// sysDup gives the Region a close-on-exec descriptor of its own for f and
// tells whether f was opened for writing.
func sysDup(f *os.File) (int, bool, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return noFile, false, err
	}
	nfd, fl := noFile, 0
	var ferr error
	if err := rc.Control(func(fd uintptr) {
		if fl, ferr = fcntl(int(fd), syscall.F_GETFL, 0); ferr == nil {
			nfd, ferr = dupCloexec(int(fd))
		}
	}); err != nil {
		return noFile, false, &reason{"the *os.File given to MapFile is closed", ErrClosed}
	}
	if ferr != nil {
		return noFile, false, ferr
	}
	acc := fl & syscall.O_ACCMODE
	return nfd, acc == syscall.O_RDWR || acc == syscall.O_WRONLY, nil
}

// dupCloexec duplicates fd close-on-exec. AIX has no F_DUPFD_CLOEXEC (the
// syscall package defines it as 0, which is F_DUPFD): there FD_CLOEXEC is
// set after the dup, under syscall.ForkLock so that no fork in between
// inherits the descriptor, as os does.
func dupCloexec(fd int) (int, error) {
	if syscall.F_DUPFD_CLOEXEC != 0 {
		return fcntl(fd, syscall.F_DUPFD_CLOEXEC, 0)
	}
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	nfd, err := fcntl(fd, syscall.F_DUPFD, 0)
	if err == nil {
		syscall.CloseOnExec(nfd)
	}
	return nfd, err
}

func sysStat(fd int) (int64, fileKind, error) {
	var st syscall.Stat_t
	if err := ignoringEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return 0, 0, err
	}
	switch uint32(st.Mode) & syscall.S_IFMT {
	case syscall.S_IFREG:
		return st.Size, kindRegular, nil
	case syscall.S_IFDIR:
		return 0, kindDir, nil
	case syscall.S_IFCHR, syscall.S_IFBLK:
		return 0, kindDevice, nil
	}
	return 0, kindOther, nil
}

func sysTruncate(fd int, size int64) error {
	return ignoringEINTR(func() error { return syscall.Ftruncate(fd, size) })
}

// sysCloseFile closes fd once: close(2) is not retried on EINTR, since
// the descriptor is gone either way on the kernels we run on.
func sysCloseFile(fd int) error { return syscall.Close(fd) }

// sysMap maps size bytes of fd at off (aligned), or anonymous memory for
// noFile.
func sysMap(fd int, off int64, size int, prot Prot, flags MapFlag) (unsafe.Pointer, error) {
	return sysMapNear(nil, fd, off, size, prot, flags)
}

// sysMapNear is sysMap at hint where the kernel finds it free (a hint,
// not MAP_FIXED: it never replaces anything).
func sysMapNear(hint unsafe.Pointer, fd int, off int64, size int, prot Prot, flags MapFlag) (unsafe.Pointer, error) {
	return mmapRaw(hint, uintptr(size), unixProt(prot), translate(flags, mapBits), fd, off)
}

func sysUnmap(addr unsafe.Pointer, size int) error { return munmapRaw(addr, uintptr(size)) }

func sysProtect(addr unsafe.Pointer, size int, prot Prot, _ MapFlag) error {
	return mprotectRaw(addr, uintptr(size), unixProt(prot))
}

// sysSync flushes the pages and, for SyncWait, makes them durable: msync
// is enough on Linux; other kernels are asked once more through the file
// (syncDurable), since their msync may stop at the disk's cache.
func sysSync(addr unsafe.Pointer, size int, fd int, f SyncFlag) error {
	if err := msyncRaw(addr, uintptr(size), translate(f, syncBits)); err != nil {
		return err
	}
	if f&SyncWait != 0 {
		return syncDurable(fd)
	}
	return nil
}

func unixProt(p Prot) int {
	v := 0
	if p&ProtRead != 0 {
		v |= syscall.PROT_READ
	}
	if p&ProtWrite != 0 {
		v |= syscall.PROT_WRITE
	}
	if p&ProtExec != 0 {
		v |= syscall.PROT_EXEC
	}
	return v // ProtNone is PROT_NONE, 0 everywhere
}

// setStatusFlag adds flag to fd's status flags with fcntl(F_SETFL): the
// only way to enable O_ASYNC, which open(2) ignores on Linux and does not
// take on the BSDs.
func setStatusFlag(fd, flag int) error {
	fl, err := fcntl(fd, syscall.F_GETFL, 0)
	if err != nil {
		return err
	}
	_, err = fcntl(fd, syscall.F_SETFL, fl|flag)
	return err
}

func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != syscall.EINTR {
			return err
		}
	}
}

// sysAdvise passes a on to madvise; an advice the OS lacks is
// errors.ErrUnsupported, or nothing at all when it is only a hint.
func sysAdvise(addr unsafe.Pointer, size int, a Advice) error {
	v, ok := adviceValue(a)
	if !ok {
		if a.hint() {
			return nil
		}
		return errors.ErrUnsupported
	}
	return madviseRaw(addr, uintptr(size), v)
}

func sysLock(addr unsafe.Pointer, size int) error   { return mlockRaw(addr, uintptr(size)) }
func sysUnlock(addr unsafe.Pointer, size int) error { return munlockRaw(addr, uintptr(size)) }

// sysResident counts the resident pages of [addr, addr+size) with mincore,
// a chunk at a time through a buffer on the stack.
func sysResident(addr unsafe.Pointer, size int) (int, error) {
	var vec [4096]byte
	pages := 0
	for off := 0; off < size; {
		n := min(size-off, len(vec)*pageSize)
		if err := mincoreRaw(unsafe.Add(addr, off), uintptr(n), &vec[0]); err != nil {
			return 0, err
		}
		for _, v := range vec[:(n+pageSize-1)/pageSize] {
			pages += int(v & 1)
		}
		off += n
	}
	return pages, nil
}

// sysRemap moves or resizes an anonymous or private mapping in place where
// the OS can (mremap on Linux); elsewhere it is errors.ErrUnsupported and
// the caller makes a new mapping.
func sysRemap(addr unsafe.Pointer, oldSize, newSize int) (unsafe.Pointer, error) {
	return mremapRaw(addr, uintptr(oldSize), uintptr(newSize))
}
