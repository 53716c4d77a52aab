//go:build linux

package main

// Growing a shared file mapping by 1 MiB at a time, as a database or a log
// does, from 1 MiB up to 1 GiB and back to 1 MiB: one op is one growth of
// 1 MiB (the return to 1 MiB is one op in 1023). This package grows in
// place inside a Reserve; the others remap: mremap (this package without
// a Reserve, and x/sys/unix), or unmap, grow the file and map again at the
// new size (bbolt's way, through mmap-go and through the syscall package).

import (
	"os"
	"path/filepath"
	"syscall"

	mmapgo "github.com/edsrzf/mmap-go"
	"github.com/mmaplib/mmap"
	"golang.org/x/sys/unix"
)

func growFile(dir string) *workload {
	const step, top = miB, giB
	var files []string
	var undo []func()
	newFile := func(name string) *os.File {
		p := filepath.Join(dir, name)
		files = append(files, p)
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
		check(err)
		check(f.Truncate(step))
		return f
	}
	// region grows a Region of its own file by one step, or back to one.
	region := func(name string, reserve int) func(n int) {
		f := newFile(name)
		r, err := mmap.MapFile(f, mmap.Options{Prot: mmap.ProtRead | mmap.ProtWrite, Flags: mmap.MapShared, Reserve: reserve})
		check(err)
		f.Close()
		undo = append(undo, func() { r.Close() })
		return func(n int) {
			for range n {
				next := r.Len() + step
				if next > top {
					next = step
				}
				check(r.Resize(next))
			}
		}
	}
	// remap grows a []byte mapping of its own file by one step with grow;
	// sys is the package whose Mmap and Munmap go together (each keeps a
	// table of its own mappings).
	remap := func(name string, sys string, grow func(f *os.File, m []byte, size int) []byte) func(n int) {
		f := newFile(name)
		mapf, unmap := unix.Mmap, unix.Munmap
		if sys == "syscall" {
			mapf, unmap = syscall.Mmap, syscall.Munmap
		}
		m, err := mapf(int(f.Fd()), 0, step, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
		check(err)
		undo = append(undo, func() { unmap(m); f.Close() })
		return func(n int) {
			for range n {
				next := len(m) + step
				if next > top {
					next = step
				}
				m = grow(f, m, next)
			}
		}
	}
	return &workload{
		name: "grow/1MiB-to-1GiB-by-1MiB", ref: "syscall: munmap+ftruncate+mmap (bbolt's way)",
		contenders: []contender{
			{"mmap: Resize within a Reserve (in place)", "mmap", region("reserve", top)},
			{"mmap: Resize without a Reserve (mremap)", "mmap", region("noreserve", 0)},
			{"x/sys/unix: Ftruncate+Mremap(MREMAP_MAYMOVE)", "x/sys/unix", remap("mremap", "x/sys/unix", func(f *os.File, m []byte, size int) []byte {
				check(f.Truncate(int64(size)))
				m, err := unix.Mremap(m, size, unix.MREMAP_MAYMOVE)
				check(err)
				return m
			})},
			{"mmap-go: Unmap+Truncate+MapRegion", "mmap-go", remap("mmapgo", "x/sys/unix", func(f *os.File, m []byte, size int) []byte {
				g := mmapgo.MMap(m) // mmap-go maps with x/sys/unix: the first mapping is one of its own
				check(g.Unmap())
				check(f.Truncate(int64(size)))
				g, err := mmapgo.MapRegion(f, size, mmapgo.RDWR, 0, 0)
				check(err)
				return []byte(g)
			})},
			{"syscall: munmap+ftruncate+mmap (bbolt's way)", "syscall", remap("syscall", "syscall", func(f *os.File, m []byte, size int) []byte {
				check(syscall.Munmap(m))
				check(syscall.Ftruncate(int(f.Fd()), int64(size)))
				m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
				check(err)
				return m
			})},
		},
		targets: []target{
			{"mmap: Resize within a Reserve (in place)", "syscall: munmap+ftruncate+mmap (bbolt's way)", 0, "reported: growth in place against bbolt's remap (readers need not stop)"},
			{"mmap: Resize within a Reserve (in place)", "x/sys/unix: Ftruncate+Mremap(MREMAP_MAYMOVE)", 0, "reported: growth in place against mremap"},
		},
		cleanup: func() {
			for _, u := range undo {
				u()
			}
			for _, p := range files {
				os.Remove(p)
			}
		},
	}
}
