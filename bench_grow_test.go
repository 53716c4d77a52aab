//go:build !js && !wasip1 && !plan9

package mmap

// Benchmarks of growing in place (API.md, "Growing in place"), for make
// bench; contenders and ratios are named as in bench_test.go:
//
//   - Grow: a shared file Region grown from 1 MiB to 1 GiB (64 MiB with
//     -short) in 1 MiB steps: Resize within a Reserve, against Resize of a
//     Region without one (mremap on Linux) and the bbolt way (munmap,
//     ftruncate, mmap at the new size: bench_grow_unix_test.go). Reports
//     ns/step and moves/op (how often the address changed per growth).
//   - ReadDuringGrowth: 2 goroutines doing random 4 KiB ReadAt while a
//     third grows the Region by 1 MiB every millisecond, against the same
//     readers with no growth (the target: throughput ≥ 0.90, so
//     a ratio ≤ 1.11).
//   - GrowDuringScan: the time of one Resize while another goroutine is in
//     the middle of a 100 ms scan: in place it does not wait; under a
//     bbolt-style sync.RWMutex around remapping it waits for the scan.
//   - RandomReadReserved: the hot path on a Region with a Reserve, to
//     compare with BenchmarkRandomRead (the Region's length is atomic now).

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// growWay is one way of growing a shared mapping of a file: open maps the
// file's first size bytes and returns the address, a function that grows
// the mapping (and the file) to n bytes and returns the address then, and
// one that unmaps.
type growWay struct {
	name string
	open func(b *testing.B, path string, size, top int) (addr uintptr, grow func(n int) uintptr, done func())
}

// growWays holds the ways that need system calls of their own
// (bench_grow_unix_test.go adds the bbolt way).
var growWays []growWay

// regionGrowth grows a shared file Region with Resize, with or without a
// Reserve of the top size.
func regionGrowth(reserve bool) func(b *testing.B, path string, size, top int) (uintptr, func(int) uintptr, func()) {
	return func(b *testing.B, path string, size, top int) (uintptr, func(int) uintptr, func()) {
		o := Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Size: size}
		if reserve {
			o.Reserve = top
		}
		r, err := Map(path, o)
		if err != nil {
			b.Fatal(err)
		}
		grow := func(n int) uintptr {
			if err := r.Resize(n); err != nil {
				b.Fatal(err)
			}
			return addrOf(r.Bytes())
		}
		return addrOf(r.Bytes()), grow, func() { r.Close() }
	}
}

// BenchmarkGrow grows a shared file mapping from 1 MiB to 1 GiB in 1 MiB
// steps, one whole growth per op, starting from a 1 MiB file each time.
func BenchmarkGrow(b *testing.B) {
	top := giB
	if testing.Short() {
		top = 64 * miB
	}
	path := filepath.Join(testDir(b), "grow.bin")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	ways := append([]growWay{
		{"mmap.Resize-in-place", regionGrowth(true)},
		{"mmap.Resize-no-Reserve", regionGrowth(false)},
	}, growWays...)
	b.Run(sizeName(miB)+"-to-"+sizeName(top)+"-by-1MiB", func(b *testing.B) {
		g := newGroup(b)
		for _, w := range ways {
			g.add(w.name, func(b *testing.B) {
				steps := top/miB - 1
				moves, ops := 0, 0
				b.ReportAllocs()
				for b.Loop() {
					if err := os.Truncate(path, miB); err != nil {
						b.Fatal(err)
					}
					addr, grow, done := w.open(b, path, miB, top)
					for n := 2 * miB; n <= top; n += miB {
						if a := grow(n); a != addr {
							moves++
							addr = a
						}
					}
					done()
					ops++
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(ops*steps), "ns/step")
				b.ReportMetric(float64(moves)/float64(ops*steps), "moves/step")
			})
		}
		g.run()
	})
	os.Truncate(path, 0)
}

// BenchmarkReadDuringGrowth: two readers doing random 4 KiB ReadAt in
// the first 64 MiB of a shared file Region, while a third goroutine grows
// it by 1 MiB every millisecond (within its Reserve), against the same
// readers with nothing growing. ns/op is the time per read of the pair:
// the inverse of their throughput.
func BenchmarkReadDuringGrowth(b *testing.B) {
	const size, room = 64 * miB, giB
	p := makeBenchFile(b, testDir(b), "growing", size, 8*miB)
	r, err := Map(p, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: size + room})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	touch(r)
	b.Run("4KiB", func(b *testing.B) {
		g := newGroup(b)
		g.add("mmap.ReadAt-growing", func(b *testing.B) { readersDuringGrowth(b, r, size, true) })
		g.add("nogrowth.ReadAt", func(b *testing.B) { readersDuringGrowth(b, r, size, false) })
		g.run()
	})
}

func readersDuringGrowth(b *testing.B, r *Region, size int, grow bool) {
	const n = 4 * kiB
	// Three goroutines run at once: with GOMAXPROCS 2 the grower would
	// wait for the readers' time slices, not for its ticker.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(3, runtime.GOMAXPROCS(0))))
	stop := make(chan struct{})
	var grower sync.WaitGroup
	growths := 0
	if grow {
		grower.Add(1)
		go func() {
			defer grower.Done()
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				if next := r.Len() + miB; next <= r.Cap() {
					if err := r.Resize(next); err != nil {
						b.Error(err)
						return
					}
					growths++
				}
			}
		}()
	}
	b.SetBytes(n)
	b.ReportAllocs()
	b.ResetTimer()
	var readers sync.WaitGroup
	for id := range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			rng := rand.New(rand.NewPCG(uint64(id), 3))
			buf := make([]byte, n)
			for range (b.N + 1) / 2 {
				if _, err := r.ReadAt(buf, int64(rng.IntN(size/n)*n)); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	readers.Wait()
	b.StopTimer()
	close(stop)
	grower.Wait()
	if grow {
		b.ReportMetric(float64(growths)/b.Elapsed().Seconds(), "growths/s")
	}
	if err := r.Resize(size); err != nil { // no reader runs now: shrinking is allowed
		b.Fatal(err)
	}
}

// BenchmarkGrowDuringScan times one Resize (by 64 KiB) while another
// goroutine scans the first 64 MiB of the Region in 100 ms passes, one
// after the other. In place the scan and the growth do not wait for each
// other. The bbolt way holds a sync.RWMutex: each scan under RLock, each
// remap (here Resize of a Region without a Reserve) under Lock, which
// waits for the scan in progress to end.
func BenchmarkGrowDuringScan(b *testing.B) {
	const size, step, room = 64 * miB, 64 * kiB, giB
	const scanFor = 100 * time.Millisecond
	p := makeBenchFile(b, testDir(b), "scanned", size, 8*miB)
	g := newGroup(b)
	for _, c := range []struct {
		name    string
		reserve int
		lock    bool
	}{
		{"mmap.Resize-in-place", size + room, false},
		{"bbolt.RWMutex-Resize", 0, true},
	} {
		g.add(c.name, func(b *testing.B) {
			r, err := Map(p, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: c.reserve})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			touch(r)
			var mu sync.RWMutex
			var stop atomic.Bool
			var sink atomic.Uint64
			var scanner sync.WaitGroup
			start := func() {
				stop.Store(false)
				started := make(chan struct{})
				scanner.Add(1)
				go func() {
					defer scanner.Done()
					for first := true; !stop.Load(); first = false {
						if c.lock {
							mu.RLock()
						}
						data := r.Bytes()[:size]
						if first {
							close(started)
						}
						var s uint64
						for t0, i := time.Now(), 0; time.Since(t0) < scanFor; i = (i + 1) % (size / miB) {
							s += sumWords(data[i*miB : (i+1)*miB])
						}
						sink.Add(s)
						if c.lock {
							mu.RUnlock()
						}
					}
				}()
				<-started
			}
			end := func() {
				stop.Store(true)
				scanner.Wait()
			}
			start()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				next := r.Len() + step
				if next > size+room {
					// Back to the start, with no scan running: a shrink
					// must not race with the scanner.
					b.StopTimer()
					end()
					if err := r.Resize(size); err != nil {
						b.Fatal(err)
					}
					start()
					b.StartTimer()
					next = size + step
				}
				if c.lock {
					mu.Lock()
				}
				err := r.Resize(next)
				if c.lock {
					mu.Unlock()
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			end()
			benchSink += sink.Load()
		})
	}
	g.run()
}

// BenchmarkRandomReadReserved is BenchmarkRandomRead's file group on a
// Region mapped with a Reserve and grown into it: the hot path must cost
// what it costs without one.
func BenchmarkRandomReadReserved(b *testing.B) {
	const size = 64 * miB
	p := makeBenchFile(b, testDir(b), "random-reserved", size, 8*miB)
	for _, n := range []int{4 * kiB, 64} {
		b.Run("file/"+sizeName(n), func(b *testing.B) {
			r, err := Map(p, Options{Size: size / 2, Reserve: 2 * size})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { r.Close() })
			if err := r.Resize(size); err != nil { // the part read was grown into
				b.Fatal(err)
			}
			touch(r)
			g := newGroup(b)
			addGuardedReads(g, r, make([]byte, n), randomOffsets(size, n))
			g.run()
		})
	}
}
