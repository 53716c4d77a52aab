//go:build !js && !wasip1 && !plan9

package mmap

// The package benchmarks: what mapping buys against os.File and against the
// cheapest code that does the same work (a "floor": a bare copy, a raw
// system call), measured in the same run.
//
// Naming, which internal/benchratio relies on: the last element of a
// benchmark's name is the contender; "mmap.*" is this package, anything
// else (floor.*, heap.*, os.*, syscall.*) is a baseline, and benchratio
// prints the ratio of every mmap.* contender to every baseline of the same
// group. Run them with `make bench` (rounds, each starting the groups at
// another contender; medians and per-round ratios).
//
// Files are written two ways, because on ext4 that decides the size of the
// page-cache folios: "large-writes" (8 MiB writes: 2 MiB folios, one fault
// per 2 MiB) and "4k-writes" (4 KiB writes: 4 KiB folios, one fault per 16
// pages with fault-around). Warm benchmarks make the file resident before
// the timer starts: idle page cache is reclaimed on some machines.

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"unsafe"
)

const (
	kiB = 1 << 10
	miB = 1 << 20
	giB = 1 << 30
)

// contender is one way of doing a benchmark's work; platform files add the
// ones that need system calls of their own (bench_unix_test.go,
// bench_linux_test.go).
type contender struct {
	name string
	run  func(b *testing.B, a benchArgs)
}

type benchArgs struct {
	path string // the file, made before the group runs
	size int    // bytes of the file, or of the mapping
}

var (
	anonMapContenders  []contender // Map+Close of anonymous memory
	fileMapContenders  []contender // Map+Close of a small file
	coldReadContenders []contender // map, read everything, unmap
	durableContenders  []contender // write a file and make it durable
	syscallContenders  []contender // one cheap system call
	benchSink          uint64
	benchWriteKinds    = []struct {
		name  string
		chunk int
	}{{"large-writes", 8 * miB}, {"4k-writes", 4 * kiB}}
)

// group collects the contenders of one benchmark group and runs them
// starting at a different one in each round (BENCH_ROUND, which make bench
// sets to the round's number), so that no contender is always the first
// after the group's set-up, or always the last.
type group struct {
	b     *testing.B
	names []string
	fns   []func(*testing.B)
}

var benchRound, _ = strconv.Atoi(os.Getenv("BENCH_ROUND"))

func newGroup(b *testing.B) *group { return &group{b: b} }

func (g *group) add(name string, fn func(*testing.B)) {
	g.names = append(g.names, name)
	g.fns = append(g.fns, fn)
}

func (g *group) run() {
	for i := range g.fns {
		k := (i + benchRound) % len(g.fns)
		g.b.Run(g.names[k], g.fns[k])
	}
}

// makeBenchFile writes size bytes to a new file in dir with writes of chunk
// bytes, syncs it (so no writeback runs during the timings) and reads it
// back once, so that it is in the page cache.
func makeBenchFile(b *testing.B, dir, name string, size, chunk int) string {
	b.Helper()
	p := filepath.Join(dir, name)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := pattern(min(chunk, size))
	for off := 0; off < size; off += len(buf) {
		if _, err := f.Write(buf[:min(len(buf), size-off)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	ensureResident(b, p)
	return p
}

// ensureResident reads the file at p through os.File, then checks with
// mincore that every page is in the page cache; it logs when not.
func ensureResident(b *testing.B, p string) {
	b.Helper()
	f, err := os.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, miB)
	for {
		if _, err := f.Read(buf); err == io.EOF {
			break
		} else if err != nil {
			b.Fatal(err)
		}
	}
	f.Close()
	r, err := Map(p, Options{})
	if err != nil || r.Len() == 0 {
		return
	}
	defer r.Close()
	if got, err := sysResident(r.m.addr, r.m.size); err == nil && got < (r.m.size+pageSize-1)/pageSize {
		b.Logf("%s: only %d of %d pages resident after reading it", filepath.Base(p), got, (r.m.size+pageSize-1)/pageSize)
	}
}

// touch reads every word of a mapping, so that its pages are mapped in
// before a warm benchmark starts its timer.
func touch(r *Region) { benchSink += sumWords(r.Bytes()) }

// sumWords adds up the uint64 words of p in place: the cheapest way to read
// every byte. p must be 8-byte aligned, as mappings and large heap buffers
// are.
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

func sizeName(n int) string {
	switch {
	case n >= giB && n%giB == 0:
		return strconv.Itoa(n/giB) + "GiB"
	case n >= miB && n%miB == 0:
		return strconv.Itoa(n/miB) + "MiB"
	case n >= kiB && n%kiB == 0:
		return strconv.Itoa(n/kiB) + "KiB"
	}
	return strconv.Itoa(n) + "B"
}

func mapWarm(b *testing.B, p string, o Options) *Region {
	b.Helper()
	r, err := Map(p, o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	touch(r)
	return r
}

func openBenchFile(b *testing.B, p string) *os.File {
	b.Helper()
	f, err := os.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

// BenchmarkSeqRead reads a page-cached file from start to end: copying out
// of Bytes() or summing its words in place, against os.File.Read with 64 KiB
// and 1 MiB buffers and against the same work on a heap buffer (the limit).
func BenchmarkSeqRead(b *testing.B) {
	for _, size := range []int{miB, 64 * miB, giB} {
		b.Run(sizeName(size), func(b *testing.B) {
			if size >= giB && testing.Short() {
				b.Skip("1 GiB skipped with -short")
			}
			dir := testDir(b)
			heapSrc, heapDst := pattern(size), make([]byte, size)
			copy(heapDst, heapSrc) // fault the destination in before any timing
			for _, wk := range benchWriteKinds {
				b.Run(wk.name, func(b *testing.B) {
					p := makeBenchFile(b, dir, wk.name, size, wk.chunk)
					b.Run("copy", func(b *testing.B) {
						g := newGroup(b)
						g.add("mmap.Bytes", func(b *testing.B) {
							r := mapWarm(b, p, Options{})
							b.SetBytes(int64(size))
							b.ReportAllocs()
							for b.Loop() {
								copy(heapDst, r.Bytes())
							}
						})
						g.add("mmap.ReadAt", func(b *testing.B) {
							r := mapWarm(b, p, Options{})
							b.SetBytes(int64(size))
							b.ReportAllocs()
							for b.Loop() {
								if _, err := r.ReadAt(heapDst, 0); err != nil {
									b.Fatal(err)
								}
							}
						})
						g.add("heap.copy", func(b *testing.B) {
							b.SetBytes(int64(size))
							b.ReportAllocs()
							for b.Loop() {
								copy(heapDst, heapSrc)
							}
						})
						for _, bs := range []int{64 * kiB, miB} {
							g.add("os.File.Read-"+sizeName(bs), func(b *testing.B) {
								ensureResident(b, p)
								f := openBenchFile(b, p)
								buf := make([]byte, bs)
								b.SetBytes(int64(size))
								b.ReportAllocs()
								for b.Loop() {
									if _, err := f.Seek(0, io.SeekStart); err != nil {
										b.Fatal(err)
									}
									for {
										n, err := f.Read(buf)
										if err == io.EOF {
											break
										} else if err != nil || n == 0 {
											b.Fatal(err)
										}
									}
								}
							})
						}
						g.run()
					})
					b.Run("sum", func(b *testing.B) {
						g := newGroup(b)
						g.add("mmap.Bytes", func(b *testing.B) {
							r := mapWarm(b, p, Options{})
							b.SetBytes(int64(size))
							b.ReportAllocs()
							for b.Loop() {
								benchSink += sumWords(r.Bytes())
							}
						})
						g.add("heap.sum", func(b *testing.B) {
							b.SetBytes(int64(size))
							b.ReportAllocs()
							for b.Loop() {
								benchSink += sumWords(heapSrc)
							}
						})
						g.run()
					})
				})
			}
		})
	}
}

// guardedCopyFloor is the cheapest fault-safe copy: the floor for ReadAt.
// It is written here, as a user would, and not shared with fault.go:
// recover is called only when the copy did not return.
func guardedCopyFloor(dst, src []byte) (n int) {
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

// BenchmarkRandomRead reads 4 KiB and 64 B at random offsets of a resident
// 64 MiB file: Region.ReadAt, against a bare copy from Bytes(), the
// cheapest guarded copy, and os.File.ReadAt. The anon group does the same
// on anonymous memory, where no fault can happen.
func BenchmarkRandomRead(b *testing.B) {
	const size = 64 * miB
	dir := testDir(b)
	p := makeBenchFile(b, dir, "random", size, 8*miB)
	for _, src := range []string{"file", "anon"} {
		for _, n := range []int{4 * kiB, 64} {
			b.Run(src+"/"+sizeName(n), func(b *testing.B) {
				var r *Region
				if src == "file" {
					r = mapWarm(b, p, Options{})
				} else {
					var err error
					if r, err = MapAnon(size, Options{}); err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() { r.Close() })
					copy(r.Bytes(), readFile(b, p))
				}
				offs, buf, mask, data := randomOffsets(size, n), make([]byte, n), 1<<14-1, r.Bytes()
				g := newGroup(b)
				addGuardedReads(g, r, buf, offs)
				g.add("floor.Bytes-copy", func(b *testing.B) {
					b.SetBytes(int64(n))
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						copy(buf, data[offs[i&mask]:])
						i++
					}
				})
				if src == "file" {
					g.add("os.File.ReadAt", func(b *testing.B) {
						ensureResident(b, p)
						f := openBenchFile(b, p)
						b.SetBytes(int64(n))
						b.ReportAllocs()
						i := 0
						for b.Loop() {
							if _, err := f.ReadAt(buf, offs[i&mask]); err != nil {
								b.Fatal(err)
							}
							i++
						}
					})
				}
				g.run()
				runtime.KeepAlive(r)
			})
		}
	}
}

// BenchmarkGuardBatch makes 64 reads of 64 bytes at random offsets of a
// resident 64 MiB file per operation: all inside one Guard, against the
// same reads from Bytes() with no guard (the floor) and 64 ReadAt calls.
// One guard for the batch should cost next to nothing.
func BenchmarkGuardBatch(b *testing.B) {
	const size, n, batch = 64 * miB, 64, 64
	p := makeBenchFile(b, testDir(b), "batch", size, 8*miB)
	r := mapWarm(b, p, Options{})
	rng := rand.New(rand.NewPCG(3, 4))
	offs := make([]int64, 1<<14)
	for i := range offs {
		offs[i] = int64(rng.IntN(size/n) * n)
	}
	mask := len(offs) - 1
	buf := make([]byte, n)
	data := r.Bytes()
	g := newGroup(b)
	g.add("mmap.Guard", func(b *testing.B) {
		b.SetBytes(n * batch)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			err := r.Guard(func(m []byte) {
				for range batch {
					copy(buf, m[offs[i&mask]:])
					i++
				}
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	g.add("mmap.ReadAt", func(b *testing.B) {
		b.SetBytes(n * batch)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			for range batch {
				if _, err := r.ReadAt(buf, offs[i&mask]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		}
	})
	g.add("floor.Bytes-copy", func(b *testing.B) {
		b.SetBytes(n * batch)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			for range batch {
				copy(buf, data[offs[i&mask]:])
				i++
			}
		}
	})
	g.run()
}

// randomOffsets is a table of 1<<14 random offsets of an n-byte read in
// size bytes, aligned to n as a page or a record would be; its length is
// a power of two so that the index is a mask.
func randomOffsets(size, n int) []int64 {
	rng := rand.New(rand.NewPCG(1, 2))
	offs := make([]int64, 1<<14)
	for i := range offs {
		offs[i] = int64(rng.IntN(size/n) * n)
	}
	return offs
}

// addGuardedReads adds to g the two guarded contenders of a random-read
// group: Region.ReadAt into buf at offs, and the cheapest guarded copy.
func addGuardedReads(g *group, r *Region, buf []byte, offs []int64) {
	n, mask, data := len(buf), len(offs)-1, r.Bytes()
	g.add("mmap.ReadAt", func(b *testing.B) {
		b.SetBytes(int64(n))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := r.ReadAt(buf, offs[i&mask]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	g.add("floor.guarded-copy", func(b *testing.B) {
		b.SetBytes(int64(n))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if guardedCopyFloor(buf, data[offs[i&mask]:]) < 0 {
				b.Fatal("fault")
			}
			i++
		}
	})
}

// BenchmarkColdRead maps a page-cached 64 MiB file, reads every word and
// unmaps it, each time: the cost of the page faults (or of MapPopulate),
// against os.File.Read of the whole file and the raw system calls.
func BenchmarkColdRead(b *testing.B) {
	const size = 64 * miB
	dir := testDir(b)
	for _, wk := range benchWriteKinds {
		b.Run(sizeName(size)+"/"+wk.name, func(b *testing.B) {
			p := makeBenchFile(b, dir, wk.name, size, wk.chunk)
			a := benchArgs{path: p, size: size}
			g := newGroup(b)
			for _, c := range []contender{
				{"mmap.Map", func(b *testing.B, a benchArgs) { coldMapRead(b, a, Options{}) }},
				{"mmap.Map-populate", func(b *testing.B, a benchArgs) { coldMapRead(b, a, Options{Flags: MapPopulate}) }},
				{"mmap.Map-AdvicePopulateRead", func(b *testing.B, a benchArgs) { coldAdviseRead(b, a, AdvicePopulateRead) }},
				{"mmap.Map-AdviceWillNeed", func(b *testing.B, a benchArgs) { coldAdviseRead(b, a, AdviceWillNeed) }},
				{"os.File.Read-1MiB", func(b *testing.B, a benchArgs) {
					buf := make([]byte, miB)
					b.SetBytes(int64(a.size))
					b.ReportAllocs()
					for b.Loop() {
						f, err := os.Open(a.path)
						if err != nil {
							b.Fatal(err)
						}
						for {
							n, err := f.Read(buf)
							if err == io.EOF {
								break
							} else if err != nil {
								b.Fatal(err)
							}
							benchSink += sumWords(buf[:n])
						}
						f.Close()
					}
				}},
			} {
				g.add(c.name, func(b *testing.B) { ensureResident(b, p); c.run(b, a) })
			}
			for _, c := range coldReadContenders {
				g.add(c.name, func(b *testing.B) { ensureResident(b, p); c.run(b, a) })
			}
			g.run()
		})
	}
}

func coldMapRead(b *testing.B, a benchArgs, o Options) {
	b.SetBytes(int64(a.size))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Map(a.path, o)
		if err != nil {
			b.Skip(err) // MapPopulate where the OS lacks it
		}
		benchSink += sumWords(r.Bytes())
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// coldAdviseRead is coldMapRead with advice given right after Map.
func coldAdviseRead(b *testing.B, a benchArgs, adv Advice) {
	b.SetBytes(int64(a.size))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Map(a.path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Advise(adv); err != nil {
			r.Close()
			b.Skip(err) // MADV_POPULATE_READ before Linux 5.14, or no madvise
		}
		benchSink += sumWords(r.Bytes())
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResize grows 64 KiB of anonymous memory to 1 MiB and shrinks it
// back (mremap on Linux, a new mapping and a copy elsewhere).
func BenchmarkResize(b *testing.B) {
	r, err := MapAnon(64*kiB, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Resize(miB); err != nil {
			b.Fatal(err)
		}
		if err := r.Resize(64 * kiB); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMapClose maps and unmaps, touching nothing: 64 KiB of anonymous
// memory, and a 4 KiB file by path and through MapFile, against the
// syscall package and the raw system calls.
func BenchmarkMapClose(b *testing.B) {
	b.Run("anon-64KiB", func(b *testing.B) {
		a := benchArgs{size: 64 * kiB}
		g := newGroup(b)
		g.add("mmap.MapAnon", func(b *testing.B) {
			mapCloseLoop(b, func() (*Region, error) { return MapAnon(a.size, Options{}) })
		})
		for _, c := range anonMapContenders {
			g.add(c.name, func(b *testing.B) { c.run(b, a) })
		}
		g.run()
	})
	b.Run("file-4KiB", func(b *testing.B) {
		p := testFile(b, pattern(4*kiB))
		a := benchArgs{path: p, size: 4 * kiB}
		g := newGroup(b)
		g.add("mmap.Map", func(b *testing.B) {
			mapCloseLoop(b, func() (*Region, error) { return Map(p, Options{}) })
		})
		g.add("mmap.MapFile", func(b *testing.B) {
			f := openBenchFile(b, p)
			mapCloseLoop(b, func() (*Region, error) { return MapFile(f, Options{}) })
		})
		for _, c := range fileMapContenders {
			g.add(c.name, func(b *testing.B) { c.run(b, a) })
		}
		g.run()
	})
}

// mapCloseLoop times mk followed by Close.
func mapCloseLoop(b *testing.B, mk func() (*Region, error)) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := mk()
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDurableWrite writes 64 MiB over an existing file and makes it
// durable: through a shared mapping and Sync(SyncWait), against
// os.File.WriteAt and File.Sync, and raw mmap+copy+msync+munmap.
func BenchmarkDurableWrite(b *testing.B) {
	const size = 64 * miB
	dir := testDir(b)
	p := makeBenchFile(b, dir, "durable", size, 8*miB)
	src := pattern(size)
	a := benchArgs{path: p, size: size}
	g := newGroup(b)
	g.add(sizeName(size)+"/mmap.Map-copy-Sync", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			r, err := Map(p, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
			if err != nil {
				b.Fatal(err)
			}
			copy(r.Bytes(), src)
			if err := r.Sync(SyncWait); err != nil {
				b.Fatal(err)
			}
			if err := r.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	g.add(sizeName(size)+"/os.File.WriteAt-Sync", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.OpenFile(p, os.O_RDWR, 0)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.WriteAt(src, 0); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
	for _, c := range durableContenders {
		g.add(sizeName(size)+"/"+c.name, func(b *testing.B) { c.run(b, a) })
	}
	g.run()
}

// BenchmarkSyscall compares the ways of entering the kernel on a call that
// does nothing (the assembly trampoline on linux/amd64 and arm64).
func BenchmarkSyscall(b *testing.B) {
	if len(syscallContenders) == 0 {
		b.Skip("no raw system calls on " + runtime.GOOS + "/" + runtime.GOARCH)
	}
	g := newGroup(b)
	for _, c := range syscallContenders {
		g.add(c.name, func(b *testing.B) { c.run(b, benchArgs{}) })
	}
	g.run()
}

// TestAllocs proves the hot paths allocate nothing and Map little. It is a
// test, not a benchmark: it runs with go test, -race included.
func TestAllocs(t *testing.T) {
	// The counts hold under -race too (checked with Go 1.26): no build tag
	// is needed to skip the race build.
	p := testFile(t, pattern(64*kiB))
	r, err := Map(p, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 4*kiB)
	check := func(name string, max float64, fn func()) {
		t.Helper()
		if got := testing.AllocsPerRun(100, fn); got > max {
			t.Errorf("%s: %v allocations per call, want at most %v", name, got, max)
		}
	}
	check("ReadAt", 0, func() {
		if _, err := r.ReadAt(buf, 8*kiB); err != nil {
			t.Fatal(err)
		}
	})
	check("ReadAt at EOF", 0, func() { r.ReadAt(buf, int64(r.Len())-10) })
	check("WriteAt", 0, func() {
		if _, err := r.WriteAt(buf, 8*kiB); err != nil {
			t.Fatal(err)
		}
	})
	check("Bytes", 0, func() { benchSink += uint64(len(r.Bytes())) })
	check("Sync", 0, func() {
		if err := r.Sync(SyncWait); err != nil {
			t.Fatal(err)
		}
	})
	check("Sync async", 0, func() {
		if err := r.Sync(SyncAsync); err != nil {
			t.Fatal(err)
		}
	})
	check("Protect", 0, func() {
		if err := r.Protect(ProtRead); err != nil {
			t.Fatal(err)
		}
		if err := r.Protect(ProtRead | ProtWrite); err != nil {
			t.Fatal(err)
		}
	})
	a, err := MapAnon(64*kiB, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	check("ReadAt anonymous", 0, func() { a.ReadAt(buf, 0) })
	check("WriteAt anonymous", 0, func() { a.WriteAt(buf, 0) })
	// At most 3 per Map: the Region, its cleanup's argument, and at most
	// one more. syscall.Fstat allocates where it goes through fstatat with
	// an empty path (linux/loong64 builds the C string ""), one over that.
	mapAllocs := 3.0
	if runtime.GOOS == "linux" && runtime.GOARCH == "loong64" {
		mapAllocs = 4
	}
	check("Map+Close", mapAllocs, func() {
		m, err := Map(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m.Close()
	})
	check("MapAnon+Close", 3, func() {
		m, err := MapAnon(64*kiB, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m.Close()
	})
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	check("MapFile+Close", mapAllocs, func() {
		m, err := MapFile(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m.Close()
	})
}
