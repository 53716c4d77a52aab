//go:build unix

package mmap

import (
	"os"
	"syscall"
	"testing"
	"unsafe"
)

// The bbolt way of growing a mapping (bbolt's db.mmap): unmap, grow the
// file, map it again at the new size, with the syscall package's calls.
func init() {
	growWays = append(growWays, growWay{"syscall.munmap-ftruncate-mmap", func(b *testing.B, path string, size, top int) (uintptr, func(int) uintptr, func()) {
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			b.Fatal(err)
		}
		fd := int(f.Fd())
		m, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
		if err != nil {
			b.Fatal(err)
		}
		grow := func(n int) uintptr {
			if err := syscall.Munmap(m); err != nil {
				b.Fatal(err)
			}
			if err := syscall.Ftruncate(fd, int64(n)); err != nil {
				b.Fatal(err)
			}
			if m, err = syscall.Mmap(fd, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED); err != nil {
				b.Fatal(err)
			}
			return uintptr(unsafe.Pointer(unsafe.SliceData(m)))
		}
		done := func() {
			syscall.Munmap(m)
			f.Close()
		}
		return uintptr(unsafe.Pointer(unsafe.SliceData(m))), grow, done
	}})
}
