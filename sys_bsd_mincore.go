//go:build freebsd || netbsd || dragonfly

package mmap

import (
	"syscall"
	"unsafe"
)

// mincoreRaw: bit 0 of each byte (MINCORE_INCORE) says the page is
// resident, as sysResident expects; the other bits report referenced or
// modified pages and are ignored.
func mincoreRaw(addr unsafe.Pointer, length uintptr, vec *byte) error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_MINCORE, uintptr(addr), length, uintptr(unsafe.Pointer(vec))); e != 0 {
		return e
	}
	return nil
}
