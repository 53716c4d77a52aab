//go:build unix

package mmap

import (
	"os"
	"syscall"
	"testing"
)

// The syscall package's mmap, as most Go code maps memory: a contender for
// the Map+Close benchmarks.
func init() {
	anonMapContenders = append(anonMapContenders, contender{"syscall.Mmap", func(b *testing.B, a benchArgs) {
		b.ReportAllocs()
		for b.Loop() {
			m, err := syscall.Mmap(-1, 0, a.size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
			if err != nil {
				b.Fatal(err)
			}
			if err := syscall.Munmap(m); err != nil {
				b.Fatal(err)
			}
		}
	}})
	fileMapContenders = append(fileMapContenders, contender{"os.Open+syscall.Mmap", func(b *testing.B, a benchArgs) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.Open(a.path)
			if err != nil {
				b.Fatal(err)
			}
			fi, err := f.Stat()
			if err != nil {
				b.Fatal(err)
			}
			m, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE)
			if err != nil {
				b.Fatal(err)
			}
			if err := syscall.Munmap(m); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	}})
}
