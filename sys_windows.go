//go:build windows

package mmap

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
	"unicode/utf16"
	"unsafe"
)

// Windows maps a file in two steps: CreateFileMappingW makes a section
// object, MapViewOfFile maps a view of it. The section handle is closed as
// soon as the view exists (the view keeps the section alive), so a Region
// holds one handle: its own on the file, which FlushFileBuffers needs.
//
// The view is made with the widest access the file handle allows and then
// narrowed with VirtualProtect to what was asked for, so that Protect can
// later widen it again within that limit, as mprotect does on Unix.

type fileHandle = syscall.Handle

const noFile = syscall.InvalidHandle

// sysCutNeedsUnmap: SetEndOfFile fails with ERROR_USER_MAPPED_FILE while a
// view maps the file (SetEndOfFile's documentation asks for every view to
// be unmapped first), so Resize unmaps before it cuts.
const sysCutNeedsUnmap = true

// sysUnmapsPart: UnmapViewOfFile takes a whole view, never part of one.
const sysUnmapsPart = false

type fileKind int

const (
	kindRegular fileKind = iota
	kindDir
	kindDevice
	kindOther
)

const (
	// From winbase.h / fileapi.h; the syscall package keeps them unexported.
	fileFlagNoBuffering      = 0x20000000 // FILE_FLAG_NO_BUFFERING
	fileFlagWriteThrough     = 0x80000000 // FILE_FLAG_WRITE_THROUGH
	fileFlagOpenReparsePoint = 0x00200000 // FILE_FLAG_OPEN_REPARSE_POINT
	fileAttributeNormal      = 0x80       // FILE_ATTRIBUTE_NORMAL
	// From winnt.h.
	pageNoAccess    = 0x01       // PAGE_NOACCESS
	secCommit       = 0x8000000  // SEC_COMMIT
	secLargePages   = 0x80000000 // SEC_LARGE_PAGES
	fileMapLargePgs = 0x20000000 // FILE_MAP_LARGE_PAGES
	fileWriteData   = 0x0002     // FILE_WRITE_DATA, in a handle's granted access
	// From winerror.h.
	errorNotLocked = syscall.Errno(158) // ERROR_NOT_LOCKED
)

var (
	sysOpenFlags = OpenCreate | OpenEnsureCreate | OpenTruncate | OpenDirect | OpenFileSync
	sysMapFlags  = MapPrivate | MapShared | MapAnonymous | MapHugePages | MapAllocate
	sysSyncFlags = SyncWait | SyncAsync
	sysProtFlags = ProtRead | ProtWrite | ProtExec | ProtNone

	systemInformation = getSystemInfo()
	currentProcess, _ = syscall.GetCurrentProcess()

	errProcMissing = errors.ErrUnsupported
)

func sysPageSize() int    { return int(systemInformation.pageSize) }
func sysGranularity() int { return int(systemInformation.allocationGranularity) }

func sysOpen(path string, o OpenFlag, mode fs.FileMode, prot Prot) (syscall.Handle, error) {
	var buf [260]uint16 // MAX_PATH: most paths fit on the stack
	name, err := utf16Path(buf[:0], path)
	if err != nil {
		return noFile, err
	}
	access := uint32(syscall.GENERIC_READ)
	if o&OpenWrite != 0 {
		access |= syscall.GENERIC_WRITE
	}
	if prot&ProtExec != 0 {
		access |= syscall.GENERIC_EXECUTE // an executable view needs it on the file
	}
	// No CREATE_ALWAYS or TRUNCATE_EXISTING: on an existing file they
	// replace its attributes with ours (a 0o444 Mode would make it
	// read-only) and fail with ERROR_ACCESS_DENIED on a hidden or system
	// file. OpenTruncate cuts the file after it is open instead, as
	// syscall.Open does (go.dev/issue/38225).
	attrs := uint32(fileAttributeNormal)
	if mode != 0 && mode&0o200 == 0 {
		attrs = syscall.FILE_ATTRIBUTE_READONLY // as os.OpenFile does for a new file
	}
	var disposition uint32
	switch {
	case o&OpenEnsureCreate != 0:
		disposition = syscall.CREATE_NEW
		attrs |= fileFlagOpenReparsePoint // O_EXCL: a dangling symlink is not followed
	case o&OpenCreate != 0:
		disposition = syscall.OPEN_ALWAYS
	default:
		disposition = syscall.OPEN_EXISTING
	}
	if o&OpenDirect != 0 {
		attrs |= fileFlagNoBuffering
	}
	if o&OpenFileSync != 0 {
		attrs |= fileFlagWriteThrough
	}
	// A nil SECURITY_ATTRIBUTES makes the handle non-inheritable. The
	// share mode is os.OpenFile's.
	h, err := createFile(name, access, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE, disposition, attrs)
	if err != nil || o&OpenTruncate == 0 || disposition == syscall.CREATE_NEW {
		return h, err
	}
	// A file that another view maps fails here with ERROR_USER_MAPPED_FILE.
	if err := setEndOfFile(h, 0); err != nil {
		syscall.CloseHandle(h)
		return noFile, err
	}
	return h, nil
}

// utf16Path is path as a NUL-terminated UTF-16 string, in buf when it
// fits (sparing the allocation of syscall.UTF16PtrFromString).
func utf16Path(buf []uint16, path string) (*uint16, error) {
	for _, r := range path {
		if r == 0 {
			return nil, syscall.EINVAL
		}
		buf = utf16.AppendRune(buf, r)
	}
	buf = append(buf, 0)
	return &buf[0], nil
}

// sysDup gives the Region a non-inheritable handle of its own on f, with
// the same access, and tells whether that access includes writing.
func sysDup(f *os.File) (syscall.Handle, bool, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return noFile, false, err
	}
	h := noFile
	var derr error
	if err := rc.Control(func(fd uintptr) {
		derr = syscall.DuplicateHandle(currentProcess, syscall.Handle(fd), currentProcess, &h, 0, false,
			syscall.DUPLICATE_SAME_ACCESS)
	}); err != nil {
		return noFile, false, &reason{"the *os.File given to MapFile is closed", ErrClosed}
	}
	if derr != nil {
		return noFile, false, derr
	}
	access, err := grantedAccess(h)
	if err != nil {
		// Unknown: let the OS judge each write it is asked for.
		return h, true, nil
	}
	return h, access&fileWriteData != 0, nil
}

func sysStat(h syscall.Handle) (int64, fileKind, error) {
	t, err := syscall.GetFileType(h)
	if err != nil {
		return 0, 0, err
	}
	switch t {
	case syscall.FILE_TYPE_CHAR:
		return 0, kindDevice, nil
	case syscall.FILE_TYPE_DISK:
	default:
		return 0, kindOther, nil
	}
	var info syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(h, &info); err != nil {
		return 0, 0, err
	}
	if info.FileAttributes&syscall.FILE_ATTRIBUTE_DIRECTORY != 0 {
		return 0, kindDir, nil
	}
	return int64(info.FileSizeHigh)<<32 | int64(info.FileSizeLow), kindRegular, nil
}

func sysTruncate(h syscall.Handle, size int64) error { return setEndOfFile(h, size) }

func sysCloseFile(h syscall.Handle) error { return syscall.CloseHandle(h) }

// maxAccess is the widest protection a view may have: what was asked for,
// plus writing where the file handle or copy-on-write allows it.
func maxAccess(h syscall.Handle, prot Prot, flags MapFlag) Prot {
	max := prot&ProtExec | ProtRead
	if flags&MapPrivate != 0 || h == noFile || prot&ProtWrite != 0 {
		max |= ProtWrite
	} else if access, err := grantedAccess(h); err == nil && access&fileWriteData != 0 {
		max |= ProtWrite
	}
	return max
}

// pageProt is the PAGE_* value for p: a writable private view of a file is
// copy-on-write (PAGE_WRITECOPY), so that its writes never reach the file.
func pageProt(p Prot, copyOnWrite bool) uint32 {
	switch {
	case p == ProtNone:
		return pageNoAccess
	case p&ProtExec != 0 && p&ProtWrite != 0 && copyOnWrite:
		return syscall.PAGE_EXECUTE_WRITECOPY
	case p&ProtExec != 0 && p&ProtWrite != 0:
		return syscall.PAGE_EXECUTE_READWRITE
	case p&ProtExec != 0:
		return syscall.PAGE_EXECUTE_READ
	case p&ProtWrite != 0 && copyOnWrite:
		return syscall.PAGE_WRITECOPY
	case p&ProtWrite != 0:
		return syscall.PAGE_READWRITE
	}
	return syscall.PAGE_READONLY
}

// viewAccess is the FILE_MAP_* value for a view of protection p. A private
// writable view is FILE_MAP_COPY alone: with FILE_MAP_WRITE beside it the
// writes would reach the file.
func viewAccess(p Prot, copyOnWrite bool) uint32 {
	var a uint32
	switch {
	case p&ProtWrite != 0 && copyOnWrite:
		a = syscall.FILE_MAP_COPY
	case p&ProtWrite != 0:
		a = syscall.FILE_MAP_WRITE
	default:
		a = syscall.FILE_MAP_READ
	}
	if p&ProtExec != 0 {
		a |= syscall.FILE_MAP_EXECUTE
	}
	return a
}

func sysMap(h syscall.Handle, off int64, size int, prot Prot, flags MapFlag) (unsafe.Pointer, error) {
	return sysMapNear(nil, h, off, size, prot, flags)
}

// sysMapNear is sysMap at hint (MapViewOfFileEx) where that address is
// free, and where Windows likes otherwise.
func sysMapNear(hint unsafe.Pointer, h syscall.Handle, off int64, size int, prot Prot, flags MapFlag) (unsafe.Pointer, error) {
	copyOnWrite := flags&MapPrivate != 0 && h != noFile
	max := maxAccess(h, prot, flags)
	sectionProt := pageProt(max, copyOnWrite)
	access := viewAccess(max, copyOnWrite)
	var maxSize uint64
	if h == noFile {
		maxSize = uint64(size)
		sectionProt |= secCommit
		if flags&MapHugePages != 0 {
			// Region has rounded size up to getLargePageMinimum. Without
			// SeLockMemoryPrivilege this fails with ERROR_PRIVILEGE_NOT_HELD.
			sectionProt |= secLargePages
			access |= fileMapLargePgs
		}
	} else {
		// Exactly the view's end; Map has made the file at least that
		// long, so the section never grows it. (Shrinking the file still
		// needs every view and section gone: see sysCutNeedsUnmap.)
		maxSize = uint64(off) + uint64(size)
	}
	section, err := createFileMapping(h, sectionProt, maxSize)
	if err != nil {
		return nil, err
	}
	var addr unsafe.Pointer
	if hint != nil {
		addr, err = mapViewOfFileEx(section, access, uint64(off), uintptr(size), hint)
	}
	if hint == nil || err != nil {
		addr, err = mapViewOfFile(section, access, uint64(off), uintptr(size))
	}
	syscall.CloseHandle(section) // the view holds the section from now on
	if err != nil {
		return nil, err
	}
	if prot != max {
		if err := virtualProtect(addr, uintptr(size), pageProt(prot, copyOnWrite)); err != nil {
			unmapViewOfFile(addr)
			return nil, err
		}
	}
	return addr, nil
}

func sysUnmap(addr unsafe.Pointer, _ int) error { return unmapViewOfFile(addr) }

func sysProtect(addr unsafe.Pointer, size int, prot Prot, flags MapFlag) error {
	// Anonymous memory is a private section of our own: plain read-write.
	p := pageProt(prot, flags&(MapPrivate|MapAnonymous) == MapPrivate)
	return eachAllocation(addr, size, func(a unsafe.Pointer, n uintptr) error { return virtualProtect(a, n, p) })
}

// sysSync writes the view's dirty pages with FlushViewOfFile, which only
// hands them to the cache manager; SyncWait then asks FlushFileBuffers to
// put the file's data and metadata on the disk.
func sysSync(addr unsafe.Pointer, size int, h syscall.Handle, f SyncFlag) error {
	if err := eachAllocation(addr, size, flushViewOfFile); err != nil {
		return err
	}
	if f&SyncWait != 0 {
		return flushFileBuffers(h)
	}
	return nil
}

// sysAdvise: Windows has PrefetchVirtualMemory for AdviceWillNeed and no
// read-ahead hints; the rest has no equivalent that keeps the contract
// (DiscardVirtualMemory does not read private file pages back from the
// file).
func sysAdvise(addr unsafe.Pointer, size int, a Advice) error {
	switch {
	case a == AdviceWillNeed:
		return prefetchVirtualMemory(addr, uintptr(size))
	case a.hint():
		return nil
	}
	return errors.ErrUnsupported
}

func sysLock(addr unsafe.Pointer, size int) error { return eachAllocation(addr, size, virtualLock) }

// sysUnlock: VirtualUnlock fails with ERROR_NOT_LOCKED on pages that are
// not locked (after dropping them from the working set); munlock succeeds
// there, and so does Unlock.
func sysUnlock(addr unsafe.Pointer, size int) error {
	if err := eachAllocation(addr, size, virtualUnlock); err != nil && err != errorNotLocked {
		return err
	}
	return nil
}

// sysResident asks QueryWorkingSetEx about every page, a batch at a time
// through a buffer on the stack.
func sysResident(addr unsafe.Pointer, size int) (int, error) {
	var batch [256]workingSetExInformation
	pages := 0
	for off := 0; off < size; {
		n := 0
		for ; n < len(batch) && off < size; n++ {
			batch[n] = workingSetExInformation{addr: unsafe.Add(addr, off)}
			off += pageSize
		}
		if err := queryWorkingSetEx(batch[:n]); err != nil {
			return 0, err
		}
		for _, info := range batch[:n] {
			pages += int(info.attrs & 1)
		}
	}
	return pages, nil
}

// sysRemap: Windows cannot resize a view; the caller makes a new one.
func sysRemap(unsafe.Pointer, int, int) (unsafe.Pointer, error) { return nil, errors.ErrUnsupported }

// sysHugePageSize is GetLargePageMinimum: 0 where the processor has none.
func sysHugePageSize() int { return int(getLargePageMinimum()) }
