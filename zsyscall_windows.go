//go:build windows

package mmap

import (
	"syscall"
	"unsafe"
)

// Hand-written bindings to the kernel32 (and one ntdll) functions the
// package needs beyond the syscall package, resolved lazily on first use.
// kernel32 and ntdll are KnownDLLs: the loader takes them from System32
// whatever the search path, so NewLazyDLL cannot be tricked into loading
// another copy.

var (
	modkernel32 = syscall.NewLazyDLL("kernel32.dll")
	modntdll    = syscall.NewLazyDLL("ntdll.dll")

	procCreateFileW                = modkernel32.NewProc("CreateFileW")
	procCreateFileMappingW         = modkernel32.NewProc("CreateFileMappingW")
	procMapViewOfFile              = modkernel32.NewProc("MapViewOfFile")
	procUnmapViewOfFile            = modkernel32.NewProc("UnmapViewOfFile")
	procFlushViewOfFile            = modkernel32.NewProc("FlushViewOfFile")
	procFlushFileBuffers           = modkernel32.NewProc("FlushFileBuffers")
	procVirtualProtect             = modkernel32.NewProc("VirtualProtect")
	procVirtualLock                = modkernel32.NewProc("VirtualLock")
	procVirtualUnlock              = modkernel32.NewProc("VirtualUnlock")
	procGetSystemInfo              = modkernel32.NewProc("GetSystemInfo")
	procGetLargePageMinimum        = modkernel32.NewProc("GetLargePageMinimum")
	procSetFileInformationByHandle = modkernel32.NewProc("SetFileInformationByHandle")
	procPrefetchVirtualMemory      = modkernel32.NewProc("PrefetchVirtualMemory")
	procK32QueryWorkingSetEx       = modkernel32.NewProc("K32QueryWorkingSetEx")
	procNtQueryObject              = modntdll.NewProc("NtQueryObject")
)

// lastError turns the error of a failed call into an Errno, never nil:
// some Wine stubs fail without setting the last error.
func lastError(e syscall.Errno) error {
	if e != 0 {
		return e
	}
	return syscall.EINVAL
}

func createFile(name *uint16, access, share uint32, disposition, attrs uint32) (syscall.Handle, error) {
	r, _, e := syscall.SyscallN(procCreateFileW.Addr(), uintptr(unsafe.Pointer(name)), uintptr(access),
		uintptr(share), 0, uintptr(disposition), uintptr(attrs), 0)
	if syscall.Handle(r) == syscall.InvalidHandle {
		return syscall.InvalidHandle, lastError(e)
	}
	return syscall.Handle(r), nil
}

func createFileMapping(h syscall.Handle, prot uint32, maxSize uint64) (syscall.Handle, error) {
	r, _, e := syscall.SyscallN(procCreateFileMappingW.Addr(), uintptr(h), 0, uintptr(prot),
		uintptr(maxSize>>32), uintptr(uint32(maxSize)), 0)
	if r == 0 {
		return 0, lastError(e)
	}
	return syscall.Handle(r), nil
}

func mapViewOfFile(section syscall.Handle, access uint32, off uint64, length uintptr) (unsafe.Pointer, error) {
	r, _, e := syscall.SyscallN(procMapViewOfFile.Addr(), uintptr(section), uintptr(access),
		uintptr(off>>32), uintptr(uint32(off)), length)
	if r == 0 {
		return nil, lastError(e)
	}
	return unsafe.Add(nil, r), nil
}

func unmapViewOfFile(addr unsafe.Pointer) error {
	if r, _, e := syscall.SyscallN(procUnmapViewOfFile.Addr(), uintptr(addr)); r == 0 {
		return lastError(e)
	}
	return nil
}

func flushViewOfFile(addr unsafe.Pointer, length uintptr) error {
	if r, _, e := syscall.SyscallN(procFlushViewOfFile.Addr(), uintptr(addr), length); r == 0 {
		return lastError(e)
	}
	return nil
}

func flushFileBuffers(h syscall.Handle) error {
	if r, _, e := syscall.SyscallN(procFlushFileBuffers.Addr(), uintptr(h)); r == 0 {
		return lastError(e)
	}
	return nil
}

func virtualProtect(addr unsafe.Pointer, size uintptr, prot uint32) error {
	var old uint32
	if r, _, e := syscall.SyscallN(procVirtualProtect.Addr(), uintptr(addr), size, uintptr(prot),
		uintptr(unsafe.Pointer(&old))); r == 0 {
		return lastError(e)
	}
	return nil
}

func virtualLock(addr unsafe.Pointer, size uintptr) error {
	if r, _, e := syscall.SyscallN(procVirtualLock.Addr(), uintptr(addr), size); r == 0 {
		return lastError(e)
	}
	return nil
}

func virtualUnlock(addr unsafe.Pointer, size uintptr) error {
	if r, _, e := syscall.SyscallN(procVirtualUnlock.Addr(), uintptr(addr), size); r == 0 {
		return lastError(e)
	}
	return nil
}

// systemInfo is SYSTEM_INFO from sysinfoapi.h.
type systemInfo struct {
	processorArchitecture     uint16
	reserved                  uint16
	pageSize                  uint32
	minimumApplicationAddress uintptr
	maximumApplicationAddress uintptr
	activeProcessorMask       uintptr
	numberOfProcessors        uint32
	processorType             uint32
	allocationGranularity     uint32
	processorLevel            uint16
	processorRevision         uint16
}

func getSystemInfo() (si systemInfo) {
	syscall.SyscallN(procGetSystemInfo.Addr(), uintptr(unsafe.Pointer(&si)))
	return si
}

// getLargePageMinimum is 0 where the processor has no large pages.
func getLargePageMinimum() uintptr {
	if procGetLargePageMinimum.Find() != nil {
		return 0
	}
	r, _, _ := syscall.SyscallN(procGetLargePageMinimum.Addr())
	return r
}

// fileEndOfFileInfo is FileEndOfFileInfo of FILE_INFO_BY_HANDLE_CLASS
// (minwinbase.h).
const fileEndOfFileInfo = 6

// setEndOfFile moves the end of file without touching the file pointer,
// which SetFilePointer plus SetEndOfFile would disturb for a caller who
// shares the handle (MapFile duplicates it; the pointer is shared).
func setEndOfFile(h syscall.Handle, size int64) error {
	info := size // FILE_END_OF_FILE_INFO is a single LARGE_INTEGER
	if r, _, e := syscall.SyscallN(procSetFileInformationByHandle.Addr(), uintptr(h), fileEndOfFileInfo,
		uintptr(unsafe.Pointer(&info)), unsafe.Sizeof(info)); r == 0 {
		return lastError(e)
	}
	return nil
}

// memoryRangeEntry is WIN32_MEMORY_RANGE_ENTRY from memoryapi.h.
type memoryRangeEntry struct {
	addr unsafe.Pointer
	size uintptr
}

// prefetchVirtualMemory needs Windows 8; older systems report
// ErrUnsupported through the missing procedure.
func prefetchVirtualMemory(addr unsafe.Pointer, size uintptr) error {
	if err := procPrefetchVirtualMemory.Find(); err != nil {
		return errProcMissing
	}
	entry := memoryRangeEntry{addr, size}
	if r, _, e := syscall.SyscallN(procPrefetchVirtualMemory.Addr(), uintptr(currentProcess), 1,
		uintptr(unsafe.Pointer(&entry)), 0); r == 0 {
		return lastError(e)
	}
	return nil
}

// workingSetExInformation is PSAPI_WORKING_SET_EX_INFORMATION from psapi.h;
// bit 0 of attrs is Valid: the page is in the working set.
type workingSetExInformation struct {
	addr  unsafe.Pointer
	attrs uintptr
}

func queryWorkingSetEx(info []workingSetExInformation) error {
	if r, _, e := syscall.SyscallN(procK32QueryWorkingSetEx.Addr(), uintptr(currentProcess),
		uintptr(unsafe.Pointer(unsafe.SliceData(info))), uintptr(len(info))*unsafe.Sizeof(info[0])); r == 0 {
		return lastError(e)
	}
	return nil
}

// objectBasicInformation is PUBLIC_OBJECT_BASIC_INFORMATION from
// winternl.h; class 0 of NtQueryObject.
type objectBasicInformation struct {
	attributes    uint32
	grantedAccess uint32
	handleCount   uint32
	pointerCount  uint32
	reserved      [10]uint32
}

// grantedAccess returns the access mask a handle was opened with.
func grantedAccess(h syscall.Handle) (uint32, error) {
	var info objectBasicInformation
	r, _, _ := syscall.SyscallN(procNtQueryObject.Addr(), uintptr(h), 0, uintptr(unsafe.Pointer(&info)),
		unsafe.Sizeof(info), 0)
	if r != 0 { // an NTSTATUS, not a Win32 error
		return 0, syscall.EINVAL
	}
	return info.grantedAccess, nil
}
