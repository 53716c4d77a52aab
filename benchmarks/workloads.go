//go:build linux

package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"syscall"
	"unsafe"

	mmapgo "github.com/edsrzf/mmap-go"
	"github.com/mmaplib/mmap"
	expmmap "golang.org/x/exp/mmap"
	"golang.org/x/sys/unix"
)

const (
	kiB = 1 << 10
	miB = 1 << 20
	giB = 1 << 30
)

var sink uint64

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>12)
	}
	return b
}

// sumWords reads every byte of p, eight at a time, in place.
func sumWords(p []byte) uint64 {
	if len(p) < 8 {
		return 0
	}
	w := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(p))), len(p)/8)
	var s0, s1, s2, s3 uint64
	i := 0
	for ; i+4 <= len(w); i += 4 {
		s0 += w[i]
		s1 += w[i+1]
		s2 += w[i+2]
		s3 += w[i+3]
	}
	for ; i < len(w); i++ {
		s0 += w[i]
	}
	return s0 + s1 + s2 + s3
}

// writeKind is how a file is written; on ext4 it decides the page-cache
// folio size: large writes make 2 MiB folios, 4 KiB writes 4 KiB ones.
type writeKind struct {
	name  string
	chunk int
}

var (
	largeWrites = writeKind{"large-writes", 8 * miB}
	smallWrites = writeKind{"4k-writes", 4 * kiB}
)

// makeFile writes size bytes in chunks of wk.chunk, syncs, and makes the
// file resident.
func makeFile(dir, name string, size int, wk writeKind) string {
	p := filepath.Join(dir, name)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	check(err)
	buf := pattern(min(size, wk.chunk))
	for off := 0; off < size; off += len(buf) {
		_, err := f.Write(buf[:min(len(buf), size-off)])
		check(err)
	}
	check(f.Sync())
	check(f.Close())
	makeResident(p)
	return p
}

// makeResident reads the file and checks with mincore that all of it is
// in the page cache: idle page cache is reclaimed on some machines.
func makeResident(p string) {
	f, err := os.Open(p)
	check(err)
	defer f.Close()
	buf := make([]byte, miB)
	for {
		if _, err := f.Read(buf); err == io.EOF {
			break
		} else {
			check(err)
		}
	}
	fi, err := f.Stat()
	check(err)
	if fi.Size() == 0 {
		return
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(fi.Size()), unix.PROT_READ, unix.MAP_SHARED)
	check(err)
	defer unix.Munmap(m)
	vec := make([]byte, (len(m)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, e := syscall.RawSyscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		check(e)
	}
	in := 0
	for _, v := range vec {
		in += int(v & 1)
	}
	if in < len(vec) {
		fmt.Fprintf(os.Stderr, "warning: %s: %d of %d pages resident\n", filepath.Base(p), in, len(vec))
	}
}

func sizeName(n int) string {
	switch {
	case n >= giB:
		return fmt.Sprintf("%dGiB", n/giB)
	case n >= miB:
		return fmt.Sprintf("%dMiB", n/miB)
	case n >= kiB:
		return fmt.Sprintf("%dKiB", n/kiB)
	}
	return fmt.Sprintf("%dB", n)
}

// --- raw system calls: the floors -------------------------------------

func rawMmap(length, prot, flags, fd uintptr) uintptr {
	var r uintptr
	var e syscall.Errno
	if flags&syscall.MAP_POPULATE != 0 {
		r, _, e = syscall.Syscall6(syscall.SYS_MMAP, 0, length, prot, flags, fd, 0)
	} else {
		r, _, e = syscall.RawSyscall6(syscall.SYS_MMAP, 0, length, prot, flags, fd, 0)
	}
	if e != 0 {
		check(e)
	}
	return r
}

func rawMunmap(addr, length uintptr) {
	if _, _, e := syscall.RawSyscall6(syscall.SYS_MUNMAP, addr, length, 0, 0, 0, 0); e != 0 {
		check(e)
	}
}

var atFDCWD = -100

func rawOpen(path *byte, flags int) uintptr {
	fd, _, e := syscall.RawSyscall6(syscall.SYS_OPENAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(path)), uintptr(flags|syscall.O_CLOEXEC), 0, 0, 0)
	if e != 0 {
		check(e)
	}
	return fd
}

func rawFstatSize(fd uintptr) int64 {
	var st syscall.Stat_t
	if _, _, e := syscall.RawSyscall(syscall.SYS_FSTAT, fd, uintptr(unsafe.Pointer(&st)), 0); e != 0 {
		check(e)
	}
	return st.Size
}

func rawClose(fd uintptr) { syscall.RawSyscall(syscall.SYS_CLOSE, fd, 0, 0) }

func cString(s string) *byte { return &append([]byte(s), 0)[0] }

func bytesAt(addr uintptr, n int) []byte { return unsafe.Slice((*byte)(unsafe.Add(nil, addr)), n) }

// guardedCopy is the cheapest fault-safe copy a user can write: recover
// is called only when the copy did not return.
func guardedCopy(dst, src []byte) (n int) {
	old := debug.SetPanicOnFault(true)
	done := false
	defer func() {
		debug.SetPanicOnFault(old)
		if !done && recover() != nil {
			n = -1
		}
	}()
	n = copy(dst, src)
	done = true
	return n
}

// --- the workloads -----------------------------------------------------

func mustMap(p string, o mmap.Options) *mmap.Region {
	r, err := mmap.Map(p, o)
	check(err)
	return r
}

func readerFile(p string) *os.File {
	f, err := os.Open(p)
	check(err)
	return f
}

// seqRead: read a resident file from start to end, warm mappings.
func seqRead(dir string, size int, wk writeKind) *workload {
	p := makeFile(dir, "seq-"+wk.name, size, wk)
	dst, heap := make([]byte, size), pattern(size)
	copy(dst, heap) // fault the destination in before any timing
	r := mustMap(p, mmap.Options{})
	sink += sumWords(r.Bytes())
	x, err := expmmap.Open(p)
	check(err)
	gf := readerFile(p)
	g, err := mmapgo.Map(gf, mmapgo.RDONLY, 0)
	check(err)
	u, err := unix.Mmap(int(gf.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
	check(err)
	sink += sumWords(g) + sumWords(u)
	of := readerFile(p)
	buf := make([]byte, miB)
	return &workload{
		name: fmt.Sprintf("seq-read/%s/%s", sizeName(size), wk.name), bytes: int64(size), ref: "floor: heap copy",
		contenders: []contender{
			{"mmap: copy from Bytes()", "mmap", func(n int) {
				for range n {
					copy(dst, r.Bytes())
				}
			}},
			{"mmap: ReadAt", "mmap", func(n int) {
				for range n {
					r.ReadAt(dst, 0)
				}
			}},
			{"mmap: sum words in Bytes()", "mmap", func(n int) {
				for range n {
					sink += sumWords(r.Bytes())
				}
			}},
			{"x/exp/mmap: ReadAt", "x/exp/mmap", func(n int) {
				for range n {
					x.ReadAt(dst, 0)
				}
			}},
			{"mmap-go: copy", "mmap-go", func(n int) {
				for range n {
					copy(dst, g)
				}
			}},
			{"x/sys/unix: Mmap, copy", "x/sys/unix", func(n int) {
				for range n {
					copy(dst, u)
				}
			}},
			{"os: File.Read 1MiB buffer", "os", func(n int) {
				for range n {
					of.Seek(0, io.SeekStart)
					for {
						if _, err := of.Read(buf); err != nil {
							break
						}
					}
				}
			}},
			{"floor: heap copy", "floor", func(n int) {
				for range n {
					copy(dst, heap)
				}
			}},
			{"floor: heap sum words", "floor", func(n int) {
				for range n {
					sink += sumWords(heap)
				}
			}},
		},
		targets: []target{
			{"mmap: copy from Bytes()", "floor: heap copy", 1 / 0.95, "sequential read through Bytes() ≥ 0.95× a heap copy (time ≤ 1.053×)"},
		},
		cleanup: func() {
			r.Close()
			x.Close()
			g.Unmap()
			unix.Munmap(u)
			gf.Close()
			of.Close()
			os.Remove(p)
		},
	}
}

// randomRead: n-byte reads at random n-aligned offsets of a resident
// 64 MiB file, or of anonymous memory.
func randomRead(dir string, n int, anon bool) *workload {
	const size = 64 * miB
	rng := rand.New(rand.NewPCG(1, 2))
	offs := make([]int64, 1<<14)
	for i := range offs {
		offs[i] = int64(rng.IntN(size/n) * n)
	}
	mask := len(offs) - 1
	buf := make([]byte, n)
	var r *mmap.Region
	var err error
	kind := "file"
	w := &workload{bytes: int64(n), ref: "floor: guarded copy"}
	if anon {
		kind = "anon"
		r, err = mmap.MapAnon(size, mmap.Options{})
		check(err)
		copy(r.Bytes(), pattern(size))
		w.cleanup = func() { r.Close() }
	} else {
		p := makeFile(dir, "random", size, largeWrites)
		r = mustMap(p, mmap.Options{})
		sink += sumWords(r.Bytes())
		x, err := expmmap.Open(p)
		check(err)
		gf := readerFile(p)
		g, err := mmapgo.Map(gf, mmapgo.RDONLY, 0)
		check(err)
		u, err := unix.Mmap(int(gf.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
		check(err)
		sink += sumWords(g) + sumWords(u)
		var xi, gi, ui, oi int
		w.contenders = []contender{
			{"x/exp/mmap: ReadAt", "x/exp/mmap", func(k int) {
				for range k {
					x.ReadAt(buf, offs[xi&mask])
					xi++
				}
			}},
			{"mmap-go: copy", "mmap-go", func(k int) {
				for range k {
					copy(buf, g[offs[gi&mask]:])
					gi++
				}
			}},
			{"x/sys/unix: Mmap, copy", "x/sys/unix", func(k int) {
				for range k {
					copy(buf, u[offs[ui&mask]:])
					ui++
				}
			}},
			{"os: File.ReadAt", "os", func(k int) {
				for range k {
					gf.ReadAt(buf, offs[oi&mask])
					oi++
				}
			}},
		}
		w.cleanup = func() {
			r.Close()
			x.Close()
			g.Unmap()
			unix.Munmap(u)
			gf.Close()
			os.Remove(p)
		}
		if n >= 4*kiB {
			w.targets = []target{
				{"mmap: ReadAt", "floor: copy from Bytes()", 1.05, "ReadAt ≤ 1.05× a raw copy from Bytes() at 4 KiB"},
				{"mmap: ReadAt", "x/exp/mmap: ReadAt", 0, "reported: ReadAt against x/exp/mmap's unguarded ReadAt"},
			}
		} else {
			w.targets = []target{
				{"mmap: ReadAt", "x/exp/mmap: ReadAt", 1.50, "ReadAt ≤ 1.50× x/exp/mmap's unguarded ReadAt at 64 B"},
			}
		}
	}
	if anon && n < 4*kiB {
		w.targets = []target{
			{"mmap: ReadAt", "floor: copy from Bytes()", 1.10, "ReadAt of anonymous memory ≤ 1.10× a raw copy from Bytes() at 64 B"},
		}
	}
	w.name = fmt.Sprintf("random-read/%s/%s", kind, sizeName(n))
	data := r.Bytes()
	var ri, fi, bi int
	w.contenders = append([]contender{
		{"mmap: ReadAt", "mmap", func(k int) {
			for range k {
				r.ReadAt(buf, offs[ri&mask])
				ri++
			}
		}},
		{"floor: guarded copy", "floor", func(k int) {
			for range k {
				guardedCopy(buf, data[offs[fi&mask]:])
				fi++
			}
		}},
		{"floor: copy from Bytes()", "floor", func(k int) {
			for range k {
				copy(buf, data[offs[bi&mask]:])
				bi++
			}
		}},
	}, w.contenders...)
	w.targets = append([]target{{"mmap: ReadAt", "floor: guarded copy", 1.05, "ReadAt ≤ 1.05× the cheapest fault-safe copy"}}, w.targets...)
	return w
}

// guardBatch: 64 reads of 64 bytes at random 64-aligned offsets of a
// resident 64 MiB file per operation, all inside one Guard, against the
// same reads from Bytes() with no guard, one ReadAt each, and x/exp/mmap's
// ReadAt each. The guard is paid once for the 64 reads.
func guardBatch(dir string) *workload {
	const size, n, batch = 64 * miB, 64, 64
	p := makeFile(dir, "batch", size, largeWrites)
	r := mustMap(p, mmap.Options{})
	sink += sumWords(r.Bytes())
	x, err := expmmap.Open(p)
	check(err)
	rng := rand.New(rand.NewPCG(3, 4))
	offs := make([]int64, 1<<14)
	for i := range offs {
		offs[i] = int64(rng.IntN(size/n) * n)
	}
	mask := len(offs) - 1
	buf := make([]byte, n)
	data := r.Bytes()
	var gi, bi, ri, xi int
	return &workload{
		name: "guard-batch/file/64x64B", bytes: n * batch, ref: "floor: 64 copies from Bytes()",
		contenders: []contender{
			{"mmap: 64 copies inside one Guard", "mmap", func(k int) {
				for range k {
					err := r.Guard(func(b []byte) {
						for range batch {
							copy(buf, b[offs[gi&mask]:])
							gi++
						}
					})
					if err != nil {
						check(err)
					}
				}
			}},
			{"floor: 64 copies from Bytes()", "floor", func(k int) {
				for range k {
					for range batch {
						copy(buf, data[offs[bi&mask]:])
						bi++
					}
				}
			}},
			{"mmap: 64 ReadAt", "mmap", func(k int) {
				for range k {
					for range batch {
						r.ReadAt(buf, offs[ri&mask])
						ri++
					}
				}
			}},
			{"x/exp/mmap: 64 ReadAt", "x/exp/mmap", func(k int) {
				for range k {
					for range batch {
						x.ReadAt(buf, offs[xi&mask])
						xi++
					}
				}
			}},
		},
		targets: []target{
			{"mmap: 64 copies inside one Guard", "floor: 64 copies from Bytes()", 1.05, "64 random 64 B reads inside one Guard ≤ 1.05× the same reads from Bytes() unguarded"},
			{"mmap: 64 copies inside one Guard", "x/exp/mmap: 64 ReadAt", 0, "reported: one Guard against 64 of x/exp/mmap's unguarded ReadAt"},
		},
		cleanup: func() {
			r.Close()
			x.Close()
			os.Remove(p)
		},
	}
}

// coldRead: map a resident 64 MiB file, read every word, unmap.
func coldRead(dir string, wk writeKind) *workload {
	const size = 64 * miB
	p := makeFile(dir, "cold-"+wk.name, size, wk)
	cp := cString(p)
	buf := make([]byte, miB)
	mapRead := func(o mmap.Options) func(int) {
		return func(n int) {
			for range n {
				r := mustMap(p, o)
				sink += sumWords(r.Bytes())
				check(r.Close())
			}
		}
	}
	raw := func(flags uintptr) func(int) {
		return func(n int) {
			for range n {
				fd := rawOpen(cp, syscall.O_RDONLY)
				sz := rawFstatSize(fd)
				addr := rawMmap(uintptr(sz), syscall.PROT_READ, flags, fd)
				sink += sumWords(bytesAt(addr, int(sz)))
				rawMunmap(addr, uintptr(sz))
				rawClose(fd)
			}
		}
	}
	return &workload{
		name: "cold-read/64MiB/" + wk.name, bytes: size, ref: "floor: raw mmap",
		contenders: []contender{
			{"mmap: Map, sum, Close", "mmap", mapRead(mmap.Options{})},
			{"mmap: Map(MapPopulate), sum, Close", "mmap", mapRead(mmap.Options{Flags: mmap.MapPopulate})},
			{"mmap: Map, Advise(AdvicePopulateRead), sum, Close", "mmap", func(n int) {
				for range n {
					r := mustMap(p, mmap.Options{})
					check(r.Advise(mmap.AdvicePopulateRead))
					sink += sumWords(r.Bytes())
					check(r.Close())
				}
			}},
			{"x/exp/mmap: Open, ReadAt 1MiB+sum, Close", "x/exp/mmap", func(n int) {
				for range n {
					x, err := expmmap.Open(p)
					check(err)
					for off := 0; off < x.Len(); off += len(buf) {
						x.ReadAt(buf, int64(off))
						sink += sumWords(buf)
					}
					x.Close()
				}
			}},
			{"mmap-go: Map, sum, Unmap", "mmap-go", func(n int) {
				for range n {
					f := readerFile(p)
					g, err := mmapgo.Map(f, mmapgo.RDONLY, 0)
					check(err)
					sink += sumWords(g)
					g.Unmap()
					f.Close()
				}
			}},
			{"x/sys/unix: Mmap(MAP_POPULATE), sum", "x/sys/unix", func(n int) {
				for range n {
					f := readerFile(p)
					u, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_POPULATE)
					check(err)
					sink += sumWords(u)
					unix.Munmap(u)
					f.Close()
				}
			}},
			{"os: File.Read 1MiB+sum", "os", func(n int) {
				for range n {
					f := readerFile(p)
					for {
						k, err := f.Read(buf)
						if err != nil {
							break
						}
						sink += sumWords(buf[:k])
					}
					f.Close()
				}
			}},
			{"floor: raw mmap", "floor", raw(syscall.MAP_PRIVATE)},
			{"floor: raw mmap MAP_POPULATE", "floor", raw(syscall.MAP_PRIVATE | syscall.MAP_POPULATE)},
		},
		targets: []target{
			{"mmap: Map(MapPopulate), sum, Close", "floor: raw mmap MAP_POPULATE", 1.05, "cold read with MapPopulate ≤ 1.05× raw MAP_POPULATE (4 KiB folios)"},
			{"mmap: Map, sum, Close", "floor: raw mmap", 0, "reported: plain cold read against raw mmap"},
		},
		cleanup: func() { os.Remove(p) },
	}
}

type cleanupObj struct {
	addr uintptr
	data []byte
	c    runtime.Cleanup
	_    [6]uintptr // about the size of an mmap.Region
}

type cleanupArg struct{ addr, size uintptr }

func unmapCleanup(a cleanupArg) { rawMunmap(a.addr, a.size) }

// mapCloseAnon: map 64 KiB of anonymous memory and unmap it.
func mapCloseAnon() *workload {
	const size = 64 * kiB
	return &workload{
		name: "map-close/anon-64KiB", ref: "floor: RawSyscall6 mmap+munmap",
		contenders: []contender{
			{"mmap: MapAnon+Close", "mmap", func(n int) {
				for range n {
					r, err := mmap.MapAnon(size, mmap.Options{})
					check(err)
					check(r.Close())
				}
			}},
			{"mmap-go: MapRegion(ANON)+Unmap", "mmap-go", func(n int) {
				for range n {
					g, err := mmapgo.MapRegion(nil, size, mmapgo.RDWR, mmapgo.ANON, 0)
					check(err)
					check(g.Unmap())
				}
			}},
			{"x/sys/unix: Mmap+Munmap", "x/sys/unix", func(n int) {
				for range n {
					u, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
					check(err)
					check(unix.Munmap(u))
				}
			}},
			{"syscall: Mmap+Munmap", "syscall", func(n int) {
				for range n {
					u, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
					check(err)
					check(syscall.Munmap(u))
				}
			}},
			{"floor: RawSyscall6 mmap+munmap", "floor", func(n int) {
				for range n {
					a := rawMmap(size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS, ^uintptr(0))
					rawMunmap(a, size)
				}
			}},
			// Not a floor: what the package must add to one, a heap object
			// with a cleanup that unmaps it if it is dropped (the API's
			// safety net), to show where the difference goes.
			{"floor + new object + runtime.AddCleanup/Stop", "floor", func(n int) {
				for range n {
					a := rawMmap(size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS, ^uintptr(0))
					o := &cleanupObj{addr: a}
					o.c = runtime.AddCleanup(o, unmapCleanup, cleanupArg{a, size})
					o.c.Stop()
					rawMunmap(a, size)
				}
			}},
		},
		targets: []target{
			{"mmap: MapAnon+Close", "floor: RawSyscall6 mmap+munmap", 1.05, "Map+Close of 64 KiB anonymous ≤ 1.05× raw mmap+munmap"},
			{"mmap: MapAnon+Close", "syscall: Mmap+Munmap", 1.0, "… and so below syscall.Mmap+Munmap"},
		},
	}
}

// mapCloseFile: map a 4 KiB file and unmap it.
func mapCloseFile(dir string) *workload {
	p := filepath.Join(dir, "small")
	check(os.WriteFile(p, pattern(4*kiB), 0o644))
	cp := cString(p)
	mf := readerFile(p)
	return &workload{
		name: "map-close/file-4KiB", ref: "floor: raw open+fstat+mmap+munmap+close",
		contenders: []contender{
			{"mmap: Map(path)+Close", "mmap", func(n int) {
				for range n {
					check(mustMap(p, mmap.Options{}).Close())
				}
			}},
			{"mmap: MapFile(open f)+Close", "mmap", func(n int) {
				for range n {
					r, err := mmap.MapFile(mf, mmap.Options{})
					check(err)
					check(r.Close())
				}
			}},
			{"x/exp/mmap: Open+Close", "x/exp/mmap", func(n int) {
				for range n {
					x, err := expmmap.Open(p)
					check(err)
					check(x.Close())
				}
			}},
			{"mmap-go: os.Open+Map+Unmap+Close", "mmap-go", func(n int) {
				for range n {
					f := readerFile(p)
					g, err := mmapgo.Map(f, mmapgo.RDONLY, 0)
					check(err)
					check(g.Unmap())
					f.Close()
				}
			}},
			{"x/sys/unix: os.Open+Stat+Mmap+Munmap+Close", "x/sys/unix", func(n int) {
				for range n {
					f := readerFile(p)
					fi, err := f.Stat()
					check(err)
					u, err := unix.Mmap(int(f.Fd()), 0, int(fi.Size()), unix.PROT_READ, unix.MAP_PRIVATE)
					check(err)
					check(unix.Munmap(u))
					f.Close()
				}
			}},
			{"floor: raw open+fstat+mmap+munmap+close", "floor", func(n int) {
				for range n {
					fd := rawOpen(cp, syscall.O_RDONLY)
					sz := rawFstatSize(fd)
					a := rawMmap(uintptr(sz), syscall.PROT_READ, syscall.MAP_PRIVATE, fd)
					rawMunmap(a, uintptr(sz))
					rawClose(fd)
				}
			}},
		},
		targets: []target{
			{"mmap: Map(path)+Close", "floor: raw open+fstat+mmap+munmap+close", 1.05, "Map(path)+Close of a 4 KiB file ≤ 1.05× raw open+fstat+mmap+munmap+close"},
			{"mmap: Map(path)+Close", "x/exp/mmap: Open+Close", 0.60, "Map(path)+Close of a 4 KiB file ≤ 0.60× x/exp/mmap's Open+Close"},
			{"floor: raw open+fstat+mmap+munmap+close", "x/exp/mmap: Open+Close", 0, "reported: the raw floor against x/exp/mmap (the issue measured 0.52×)"},
		},
		cleanup: func() { mf.Close(); os.Remove(p) },
	}
}

// durableWrite: write 64 MiB over an existing file and make it durable.
func durableWrite(dir string) *workload {
	const size = 64 * miB
	p := makeFile(dir, "durable", size, largeWrites)
	cp := cString(p)
	src := pattern(size)
	openRW := func() *os.File {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		check(err)
		return f
	}
	return &workload{
		name: "durable-write/64MiB", bytes: size, ref: "floor: raw mmap+copy+msync+munmap",
		contenders: []contender{
			{"mmap: Map(shared)+copy+Sync(SyncWait)+Close", "mmap", func(n int) {
				for range n {
					r := mustMap(p, mmap.Options{Open: mmap.OpenWrite, Prot: mmap.ProtRead | mmap.ProtWrite, Flags: mmap.MapShared})
					copy(r.Bytes(), src)
					check(r.Sync(mmap.SyncWait))
					check(r.Close())
				}
			}},
			{"mmap-go: Map(RDWR)+copy+Flush+Unmap", "mmap-go", func(n int) {
				for range n {
					f := openRW()
					g, err := mmapgo.Map(f, mmapgo.RDWR, 0)
					check(err)
					copy(g, src)
					check(g.Flush())
					check(g.Unmap())
					f.Close()
				}
			}},
			{"x/sys/unix: Mmap+copy+Msync(MS_SYNC)", "x/sys/unix", func(n int) {
				for range n {
					f := openRW()
					u, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
					check(err)
					copy(u, src)
					check(unix.Msync(u, unix.MS_SYNC))
					check(unix.Munmap(u))
					f.Close()
				}
			}},
			{"os: File.WriteAt+Sync", "os", func(n int) {
				for range n {
					f := openRW()
					_, err := f.WriteAt(src, 0)
					check(err)
					check(f.Sync())
					f.Close()
				}
			}},
			{"floor: raw mmap+copy+msync+munmap", "floor", func(n int) {
				for range n {
					fd := rawOpen(cp, syscall.O_RDWR)
					a := rawMmap(size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED, fd)
					copy(bytesAt(a, size), src)
					if _, _, e := syscall.Syscall(syscall.SYS_MSYNC, a, size, syscall.MS_SYNC); e != 0 {
						check(e)
					}
					rawMunmap(a, size)
					rawClose(fd)
				}
			}},
		},
		targets: []target{
			{"mmap: Map(shared)+copy+Sync(SyncWait)+Close", "floor: raw mmap+copy+msync+munmap", 1.03, "durable write through a shared map ≤ 1.03× raw mmap+copy+msync"},
			{"mmap: Map(shared)+copy+Sync(SyncWait)+Close", "os: File.WriteAt+Sync", 0, "reported: against os.File.WriteAt+Sync (the issue expects ~1.10×)"},
		},
		cleanup: func() { os.Remove(p) },
	}
}
