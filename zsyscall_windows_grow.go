//go:build windows

package mmap

import (
	"syscall"
	"unsafe"
)

// Hand-written bindings to the kernel32 functions that growing in place
// needs (sys_windows_grow.go), in the style of zsyscall_windows.go.

var (
	procVirtualAlloc    = modkernel32.NewProc("VirtualAlloc")
	procVirtualFree     = modkernel32.NewProc("VirtualFree")
	procVirtualQuery    = modkernel32.NewProc("VirtualQuery")
	procMapViewOfFileEx = modkernel32.NewProc("MapViewOfFileEx")
)

func virtualAlloc(addr unsafe.Pointer, size uintptr, typ, prot uint32) (unsafe.Pointer, error) {
	r, _, e := syscall.SyscallN(procVirtualAlloc.Addr(), uintptr(addr), size, uintptr(typ), uintptr(prot))
	if r == 0 {
		return nil, lastError(e)
	}
	return unsafe.Add(nil, r), nil
}

func virtualFree(addr unsafe.Pointer, size uintptr, typ uint32) error {
	if r, _, e := syscall.SyscallN(procVirtualFree.Addr(), uintptr(addr), size, uintptr(typ)); r == 0 {
		return lastError(e)
	}
	return nil
}

// memoryBasicInformation is MEMORY_BASIC_INFORMATION from winnt.h. The
// 64-bit struct's PartitionId sits in the padding after allocationProtect,
// so one Go layout fits both widths. Addresses stay uintptr: they are
// compared and subtracted, never dereferenced.
type memoryBasicInformation struct {
	baseAddress       uintptr
	allocationBase    uintptr
	allocationProtect uint32
	regionSize        uintptr
	state             uint32
	protect           uint32
	typ               uint32
}

func virtualQuery(addr unsafe.Pointer, mi *memoryBasicInformation) error {
	r, _, e := syscall.SyscallN(procVirtualQuery.Addr(), uintptr(addr), uintptr(unsafe.Pointer(mi)), unsafe.Sizeof(*mi))
	if r == 0 {
		return lastError(e)
	}
	return nil
}

// mapViewOfFileEx maps a view at addr, or fails (ERROR_INVALID_ADDRESS
// when something else is there); it never maps elsewhere.
func mapViewOfFileEx(section syscall.Handle, access uint32, off uint64, length uintptr, addr unsafe.Pointer) (unsafe.Pointer, error) {
	r, _, e := syscall.SyscallN(procMapViewOfFileEx.Addr(), uintptr(section), uintptr(access),
		uintptr(off>>32), uintptr(uint32(off)), length, uintptr(addr))
	if r == 0 {
		return nil, lastError(e)
	}
	return unsafe.Add(nil, r), nil
}
