//go:build windows

package mmap

import (
	"syscall"
	"unsafe"
)

// Bindings for named sections (sys_windows_shm.go), in the style of
// zsyscall_windows.go: CreateFileMappingW with a name, OpenFileMappingW,
// and ntdll's NtQuerySection, the one call that tells a section's size.

var (
	procOpenFileMappingW = modkernel32.NewProc("OpenFileMappingW")
	procNtQuerySection   = modntdll.NewProc("NtQuerySection")
)

// createNamedSection makes a section of size bytes backed by the paging
// file, named name. A nil SECURITY_ATTRIBUTES gives the session's default
// security and a handle that child processes do not inherit. When the
// name exists already, Windows returns a handle to that object and sets
// ERROR_ALREADY_EXISTS: the handle is closed and that error returned.
func createNamedSection(prot uint32, size uint64, name *uint16) (syscall.Handle, error) {
	r, _, e := syscall.SyscallN(procCreateFileMappingW.Addr(), uintptr(syscall.InvalidHandle), 0, uintptr(prot),
		uintptr(size>>32), uintptr(uint32(size)), uintptr(unsafe.Pointer(name)))
	if r == 0 {
		return 0, lastError(e)
	}
	if e == syscall.ERROR_ALREADY_EXISTS {
		syscall.CloseHandle(syscall.Handle(r))
		return 0, e
	}
	return syscall.Handle(r), nil
}

// openNamedSection opens the section called name with the given access
// (FILE_MAP_*, SECTION_*), not inheritable.
func openNamedSection(access uint32, name *uint16) (syscall.Handle, error) {
	r, _, e := syscall.SyscallN(procOpenFileMappingW.Addr(), uintptr(access), 0, uintptr(unsafe.Pointer(name)))
	if r == 0 {
		return 0, lastError(e)
	}
	return syscall.Handle(r), nil
}

// sectionBasicInformation is SECTION_BASIC_INFORMATION (ntddk.h), class 0
// of NtQuerySection.
type sectionBasicInformation struct {
	baseAddress          uintptr
	allocationAttributes uint32
	maximumSize          int64
}

// sectionSize is the size of a section, from NtQuerySection; the handle
// needs SECTION_QUERY.
func sectionSize(h syscall.Handle) (int64, error) {
	if err := procNtQuerySection.Find(); err != nil {
		return 0, errProcMissing
	}
	var info sectionBasicInformation
	r, _, _ := syscall.SyscallN(procNtQuerySection.Addr(), uintptr(h), 0, uintptr(unsafe.Pointer(&info)),
		unsafe.Sizeof(info), 0)
	if r != 0 { // an NTSTATUS, not a Win32 error
		return 0, syscall.EINVAL
	}
	return info.maximumSize, nil
}
