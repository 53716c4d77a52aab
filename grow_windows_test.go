//go:build windows

package mmap

// Growing in place on Windows (sys_windows_grow.go): what VirtualQuery
// shows of a reservation, which addresses a growth lays open, and what
// happens when another allocation takes the released tail. The portable
// table of grow_test.go runs here too, with checkReservationQuery as its
// reservationChecker.

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"unsafe"
)

func init() { reservationChecker = checkReservationQuery }

// queryRun is one run of alike pages as VirtualQuery reports it, as
// offsets from the start of the reservation.
type queryRun struct {
	lo, hi     int
	state, typ uint32
	protect    uint32
	allocProt  uint32
	allocBase  int
}

func (q queryRun) String() string {
	return fmt.Sprintf("[%#x, %#x) state %#x type %#x protect %#x alloc %#x/%#x", q.lo, q.hi, q.state, q.typ, q.protect, q.allocBase, q.allocProt)
}

// queryRange lists the runs that cover [res, res+size).
func queryRange(t testing.TB, res unsafe.Pointer, size int) []queryRun {
	t.Helper()
	var out []queryRun
	for off := 0; off < size; {
		var mi memoryBasicInformation
		if err := virtualQuery(unsafe.Add(res, off), &mi); err != nil {
			t.Fatalf("VirtualQuery(%#x): %v", uintptr(res)+uintptr(off), err)
		}
		q := queryRun{lo: off, hi: int(mi.baseAddress + mi.regionSize - uintptr(res)), state: mi.state, typ: mi.typ,
			protect: mi.protect, allocProt: mi.allocationProtect, allocBase: int(mi.allocationBase - uintptr(res))}
		if q.hi <= off {
			t.Fatalf("VirtualQuery(%#x) made no progress: %v", uintptr(res)+uintptr(off), q)
		}
		out = append(out, q)
		off = q.hi
	}
	return out
}

// checkReservationQuery checks r's reservation the way VirtualQuery shows
// it: the pages holding Len() mapped (views, or committed private memory)
// and accessible; past the last granule holding data, only reservations
// of ours, inaccessible, up to the end. After Close, all of it is free.
func checkReservationQuery(t *testing.T, r *Region, _ string) func() {
	t.Helper()
	res, size := r.m.addr, r.m.size
	end := r.mapEnd(r.Len())
	dataEnd, tail := roundUp(end, PageSize()), roundUp(end, Granularity())
	anonPrivate := r.m.file == noFile && r.flags&MapPrivate != 0
	for _, q := range queryRange(t, res, size) {
		switch {
		case q.lo < dataEnd:
			want := uint32(memMapped)
			if anonPrivate {
				want = memPrivate
			}
			if q.state != memCommit || q.typ != want || q.protect == pageNoAccess && Prot(r.prot.Load()) != ProtNone {
				t.Errorf("Len %d: data pages %v: want committed, accessible, type %#x", r.Len(), q, want)
			}
		case q.lo < tail:
			// The rest of the last granule: a view's PAGE_NOACCESS
			// pages, the free gap after a view that ends early, or
			// reserved private memory.
			ok := q.state == memFree || q.protect == pageNoAccess || q.state == memReserve
			if !ok {
				t.Errorf("Len %d: last granule past the data %v: want inaccessible", r.Len(), q)
			}
		default:
			if q.state != memReserve || q.typ != memPrivate || (!anonPrivate && q.allocProt != reserveMark) {
				t.Errorf("Len %d, Cap %d: tail %v: want one of our reservations (MEM_RESERVE, MEM_PRIVATE, protect %#x)",
					r.Len(), r.Cap(), q, reserveMark)
			}
		}
	}
	return func() { checkReleased(t, res, size) }
}

// checkReleased checks that nothing of ours is left in a reservation
// after Close: no view, no reservation with our mark. The process may
// have allocated there since (a Region that moved left its old
// reservation long ago): private memory of others does not count.
func checkReleased(t *testing.T, res unsafe.Pointer, size int) {
	t.Helper()
	for _, q := range queryRange(t, res, size) {
		if q.state != memFree && (q.typ == memMapped || q.allocProt == reserveMark) {
			t.Errorf("after Close: %v of the reservation [%p, +%#x) is left", q, res, size)
		}
	}
}

// growFileRegion maps a file of fileSize bytes with o, for the tests
// below, and the check to run after Close.
func growFileRegion(t *testing.T, fileSize int, o Options) (*Region, string) {
	t.Helper()
	path := testFile(t, pattern(fileSize))
	r, err := Map(path, o)
	if err != nil {
		t.Fatal(err)
	}
	return r, path
}

// TestWindowsGrowLayout grows and shrinks Regions of every kind through
// ends on and off the 64 KiB granule, checking after each step the
// address, the bytes, and VirtualQuery's view of the reservation; after
// Close nothing of it is left.
func TestWindowsGrowLayout(t *testing.T) {
	G, ps := Granularity(), PageSize()
	R := 12 * G
	steps := []int{G, G + 1, 3*G - 5, 2 * ps, 5 * G, 0, ps + 9, 7*G + 3, 7*G + 4, R}
	for _, tt := range []struct {
		name     string
		file     int // file size; 0: anonymous
		o        Options
		writable bool
	}{
		{"file shared writable", 1, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: R}, true},
		{"file private writable, unaligned Offset", 5, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Offset: 3, Reserve: R}, true},
		{"file shared read-only, larger file", R + 100, Options{Flags: MapShared, Size: 10, Reserve: R}, false},
		{"file private read-only, larger file", R + 2*G, Options{Size: G + 7, Offset: int64(G + 1), Reserve: R}, false},
		{"anonymous private", 0, Options{Reserve: R}, false},
		{"anonymous shared", 0, Options{Flags: MapShared, Reserve: R}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var r *Region
			var path string
			if tt.file > 0 {
				r, path = growFileRegion(t, tt.file, tt.o)
			} else {
				var err error
				if r, err = MapAnon(100, tt.o); err != nil {
					t.Fatal(err)
				}
			}
			defer func() {
				if !r.closed {
					r.Close()
				}
			}()
			base := addrOf(r.Bytes())
			capacity := r.Cap()
			if capacity < R {
				t.Fatalf("Cap() = %d, want at least %d", capacity, R)
			}
			writable := Prot(r.prot.Load())&ProtWrite != 0
			var mark []byte // r.Bytes() as it was after Map: its prefix stays valid
			mark = r.Bytes()
			for _, n := range steps {
				n = min(n, capacity)
				if err := r.Resize(n); err != nil {
					t.Fatalf("Resize(%d) from %d: %v", n, len(mark), err)
				}
				if got := addrOf(r.Bytes()); got != base {
					t.Fatalf("Resize(%d) moved the Region from %#x to %#x", n, base, got)
				}
				b := r.Bytes()
				if path != "" && tt.o.Flags&MapShared != 0 {
					file := readFile(t, path)
					for i := range b {
						if b[i] != file[int(tt.o.Offset)+i] {
							t.Fatalf("Len %d: byte %d is %#x, the file's %#x", n, i, b[i], file[int(tt.o.Offset)+i])
						}
					}
				}
				if writable && n > 0 {
					// The slice taken after Map still reaches the first byte.
					mark[:1][0] = byte(n)
					if b[0] != byte(n) {
						t.Fatalf("Len %d: a write through the first slice is not seen", n)
					}
					b[n-1] = byte(n + 1)
				}
				checkReservationQuery(t, r, path)
			}
			res, size := r.m.addr, r.m.size
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			checkReleased(t, res, size)
		})
	}
}

// TestWindowsGrowWindow checks which addresses a growth lays open (the
// tail it releases, a view it replaces), with testHookWindow: growth from
// a granule boundary, or within a view that reaches the end of its
// granule because the file did, never touches an address below the old
// end; a file Region that grows its own file from an end inside a granule
// replaces exactly the view of that last granule.
func TestWindowsGrowWindow(t *testing.T) {
	G, ps := Granularity(), PageSize()
	for _, tt := range []struct {
		name      string
		fileSize  int
		o         Options
		steps     []int
		remapLast bool // the growth from an unaligned end replaces the last granule's view
	}{
		{"shared, the file is longer: unaligned steps", 20 * G, Options{Flags: MapShared, Size: ps + 1, Reserve: 16 * G}, []int{ps + 2, G + 5, 3*G - 1, 3 * G, 7*G + 13}, false},
		{"shared writable, aligned steps", G, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: 16 * G}, []int{2 * G, 5 * G, 6 * G}, false},
		{"shared writable, unaligned steps", 10, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: 16 * G}, []int{G + 5, 2*G + 7}, true},
		{"private writable, unaligned steps", 10, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Reserve: 16 * G}, []int{G + 5, 2*G + 7}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := growFileRegion(t, tt.fileSize, tt.o)
			defer r.Close()
			res := uintptr(r.m.addr)
			var opened []uintptr
			testHookWindow = func(addr unsafe.Pointer) { opened = append(opened, uintptr(addr)-res) }
			defer func() { testHookWindow = nil }()
			for _, n := range tt.steps {
				from := r.mapEnd(r.Len())
				if r.Len() > 0 && Prot(r.prot.Load())&ProtWrite != 0 {
					r.Bytes()[r.Len()-1] = 0x5a // a private change that must survive a replacement
				}
				last := r.Len() - 1
				opened = opened[:0]
				if err := r.Resize(n); err != nil {
					t.Fatalf("Resize(%d): %v", n, err)
				}
				if Prot(r.prot.Load())&ProtWrite != 0 && r.Bytes()[last] != 0x5a {
					t.Fatalf("Resize(%d): the byte at the old end is %#x, want what was written there", n, r.Bytes()[last])
				}
				for _, a := range opened {
					switch {
					case int(a) >= from:
					case tt.remapLast && int(a) == from&^(G-1) && from%G != 0:
					default:
						t.Errorf("growing from %d to %d laid open %#x, below the old end", from, r.mapEnd(n), a)
					}
				}
			}
		})
	}
}

// TestWindowsGrowReadersNoGuard grows a shared Region in whole granules
// while 4 goroutines read through slices of Bytes, unguarded: nothing
// they can reach is ever unmapped, so none of them may crash or see a
// byte that is not the file's.
func TestWindowsGrowReadersNoGuard(t *testing.T) {
	G := Granularity()
	steps := 200
	if testing.Short() {
		steps = 60
	}
	total := (steps + 1) * G
	r, _ := growFileRegion(t, total, Options{Flags: MapShared, Size: G, Reserve: total})
	defer r.Close()
	var done atomic.Bool
	var wg sync.WaitGroup
	var bad atomic.Int64
	bad.Store(-1)
	for id := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := id; !done.Load(); i += 4099 {
				b := r.Bytes()
				j := i % len(b)
				if b[j] != byte(j*7+j>>12) {
					bad.Store(int64(j))
					return
				}
			}
		}()
	}
	for n := 2 * G; n <= total; n += G {
		if err := r.Resize(n); err != nil {
			t.Error(err)
			break
		}
	}
	done.Store(true)
	wg.Wait()
	if j := bad.Load(); j >= 0 {
		t.Errorf("a reader saw a wrong byte at %d", j)
	}
}

// TestWindowsGrowAddressTaken lets another allocation take the tail in the
// window between its release and the mapping: Resize fails with
// ERROR_INVALID_ADDRESS instead of moving, the Region keeps its address,
// length and bytes, grows again once the address is free, and Close
// frees none of the stranger's memory.
func TestWindowsGrowAddressTaken(t *testing.T) {
	G := Granularity()
	for _, tt := range []struct {
		name  string
		anon  bool
		o     Options
		keep  bool // the stranger keeps its allocation through Close
		steps []int
	}{
		{"file shared", false, Options{Flags: MapShared, Size: G, Reserve: 8 * G}, false, []int{3 * G}},
		{"file shared, kept through Close", false, Options{Flags: MapShared, Size: G, Reserve: 8 * G}, true, []int{3 * G}},
		{"anonymous shared", true, Options{Flags: MapShared, Reserve: 8 * G}, false, []int{3 * G}},
		{"file private writable, unaligned end", false, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Size: G + 5, Reserve: 8 * G}, false, []int{3*G + 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var r *Region
			var err error
			if tt.anon {
				r, err = MapAnon(G, tt.o)
			} else {
				size := 8 * G
				if tt.o.Open&OpenWrite != 0 {
					size = 10 // Map extends it to Size, Resize further
				}
				r, _ = growFileRegion(t, size, tt.o)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if !r.closed {
					r.Close()
				}
			}()
			if Prot(r.prot.Load())&ProtWrite != 0 {
				r.Bytes()[0] = 0x77
			}
			before := append([]byte(nil), r.Bytes()...)
			base, n0 := addrOf(r.Bytes()), r.Len()
			var stolen unsafe.Pointer
			testHookWindow = func(addr unsafe.Pointer) {
				if stolen == nil {
					if stolen, err = virtualAlloc(addr, uintptr(G), memReserve, pageNoAccess); err != nil {
						t.Errorf("stealing %p: %v", addr, err)
					}
				}
			}
			defer func() { testHookWindow = nil }()
			for _, n := range tt.steps {
				err := r.Resize(n)
				if stolen == nil {
					t.Fatalf("Resize(%d): the window was never opened", n)
				}
				if err == nil {
					t.Fatalf("Resize(%d) succeeded while %p was taken", n, stolen)
				}
				if !errors.Is(err, errorInvalidAddress) {
					t.Errorf("Resize(%d) = %v, want ERROR_INVALID_ADDRESS", n, err)
				}
				if addrOf(r.Bytes()) != base || r.Len() != n0 {
					t.Fatalf("after the failed Resize: address %#x Len %d, want %#x and %d", addrOf(r.Bytes()), r.Len(), base, n0)
				}
				if string(r.Bytes()) != string(before) {
					t.Fatalf("after the failed Resize the bytes changed")
				}
				if !tt.keep {
					break
				}
			}
			testHookWindow = nil
			res, size := r.m.addr, r.m.size
			if tt.keep {
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
				var mi memoryBasicInformation
				if err := virtualQuery(stolen, &mi); err != nil || mi.state != memReserve {
					t.Errorf("Close freed the stranger's reservation at %p (state %#x, %v)", stolen, mi.state, err)
				}
				if err := virtualFree(stolen, 0, memRelease); err != nil {
					t.Fatal(err)
				}
			} else {
				if err := virtualFree(stolen, 0, memRelease); err != nil {
					t.Fatal(err)
				}
				n := tt.steps[len(tt.steps)-1]
				if err := r.Resize(n); err != nil {
					t.Fatalf("Resize(%d) once the address is free again: %v", n, err)
				}
				if addrOf(r.Bytes()) != base || string(r.Bytes()[:n0]) != string(before) {
					t.Fatal("the growth after the stranger left moved the Region or changed its bytes")
				}
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
			}
			checkReleased(t, res, size)
		})
	}
}

// TestWindowsShrinkRegrowPrivate shrinks a private Region of a writable
// file (the file is cut: every view goes first, private bytes parked) and
// grows it again: the kept private bytes survive, at the same address.
func TestWindowsShrinkRegrowPrivate(t *testing.T) {
	G := Granularity()
	path := testFile(t, pattern(3*G+5))
	r, err := Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Offset: 7, Reserve: 8 * G})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	base := addrOf(r.Bytes())
	for i := 0; i < r.Len(); i += 4093 {
		r.Bytes()[i] = 0xee
	}
	want := append([]byte(nil), r.Bytes()[:G+3]...)
	for _, n := range []int{G + 3, 5*G + 1, 2} {
		if err := r.Resize(n); err != nil {
			t.Fatalf("Resize(%d): %v", n, err)
		}
		if addrOf(r.Bytes()) != base {
			t.Fatalf("Resize(%d) moved the Region", n)
		}
		k := min(n, len(want))
		if string(r.Bytes()[:k]) != string(want[:k]) {
			t.Fatalf("Len %d: the kept private bytes changed", n)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() != int64(7+n) {
			t.Fatalf("Len %d: the file is %v bytes (%v), want %d", n, fi.Size(), err, 7+n)
		}
		want = want[:k]
	}
}

// TestWindowsGrowOwnFileReaders is the weaker case of the promise: a
// shared Region that grows its own file to ends inside a granule replaces
// the view of its last granule at each growth. Readers using ReadAt get
// the file's bytes or ErrFault there, never a crash and never a wrong
// byte; below that granule they never fail.
func TestWindowsGrowOwnFileReaders(t *testing.T) {
	G := Granularity()
	steps := 150
	if testing.Short() {
		steps = 50
	}
	step := G/3 + 17
	r, path := growFileRegion(t, 1, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: (steps + 2) * step})
	defer r.Close()
	if err := r.Resize(step); err != nil {
		t.Fatal(err)
	}
	clear(r.Bytes())
	r.Bytes()[0] = 1 // pattern: byte i is byte(i) past 0, written as the Region grows
	var done atomic.Bool
	var wg sync.WaitGroup
	var faults, lowFaults, wrong atomic.Int64
	for id := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64)
			for i := id * 977; !done.Load(); i += 3001 {
				n := r.Len()
				off := i % n
				k := min(len(buf), n-off)
				_, err := r.ReadAt(buf[:k], int64(off))
				switch {
				case errors.Is(err, ErrFault):
					faults.Add(1)
					if off+k <= n&^(G-1)-G { // below the granule being replaced
						lowFaults.Add(1)
					}
				case err != nil:
					wrong.Add(1)
				default:
					for j, c := range buf[:k] {
						if p := off + j; p > 0 && c != byte(p) && c != 0 {
							wrong.Add(1)
						}
					}
				}
			}
		}()
	}
	for n := 2 * step; n <= (steps+1)*step; n += step {
		old := r.Len()
		if err := r.Resize(n); err != nil {
			t.Error(err)
			break
		}
		b := r.Bytes()
		for p := old; p < n; p++ {
			b[p] = byte(p)
		}
	}
	done.Store(true)
	wg.Wait()
	t.Logf("%d growths of %d bytes; reads that met the replaced granule: %d", steps, step, faults.Load())
	if wrong.Load() > 0 || lowFaults.Load() > 0 {
		t.Errorf("%d reads saw a wrong byte or error, %d failed below the last granule", wrong.Load(), lowFaults.Load())
	}
	if got := readFile(t, path); len(got) != r.Len() {
		t.Errorf("the file is %d bytes, the Region %d", len(got), r.Len())
	}
}

// TestWindowsShrinkRefusedCut: another view of the file keeps Windows from
// cutting it (ERROR_USER_MAPPED_FILE). A shrinking Resize of a Region with
// a reservation reports that, and leaves the Region (address, length,
// bytes, private ones included) and the file as they were.
func TestWindowsShrinkRefusedCut(t *testing.T) {
	G := Granularity()
	content := pattern(3*G + 100)
	for _, flags := range []MapFlag{MapShared, MapPrivate} {
		t.Run(flags.String(), func(t *testing.T) {
			path := testFile(t, content)
			r, err := Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: flags, Offset: 5, Reserve: 8 * G})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			r.Bytes()[G+1] = 0x99
			want := append([]byte(nil), r.Bytes()...)
			base := addrOf(r.Bytes())
			other := safeMap(t, path, Options{}) // the view that forbids the cut
			defer other.Close()
			err = r.Resize(G / 2)
			if !errors.Is(err, errorUserMappedFile) {
				t.Fatalf("Resize(%d) with another view of the file = %v, want ERROR_USER_MAPPED_FILE", G/2, err)
			}
			// The seam's part: the old length is mapped again, private bytes and all.
			if got := unsafe.Slice((*byte)(unsafe.Add(r.m.addr, r.delta)), len(want)); string(got) != string(want) {
				t.Fatal("after the refused cut the old bytes are not all mapped back")
			}
			if addrOf(r.Bytes()) != base || r.Len() != len(want) || string(r.Bytes()) != string(want) {
				// sysShrinkTo maps the old length back when the cut is
				// refused; the length Resize publishes must follow.
				t.Fatalf("the refused Resize changed the Region: address %#x Len %d, want %#x and %d", addrOf(r.Bytes()), r.Len(), base, len(want))
			}
			if fi, err := os.Stat(path); err != nil || fi.Size() != int64(len(content)) {
				t.Errorf("the file changed: %v, %v", fi, err)
			}
			checkReservationQuery(t, r, path)
		})
	}
}

// TestWindowsShrinkAddressTaken: a shrink that cuts the file unmaps every
// view first (Windows refuses the cut otherwise) and maps the kept part
// again. When another thread's allocation takes the start of the
// reservation in that window for good (as the runtime's own first-fit
// allocations may), Resize reports ERROR_INVALID_ADDRESS, and Close frees
// none of that allocation: the reservation's start is no proof of
// ownership, only our mark is.
func TestWindowsShrinkAddressTaken(t *testing.T) {
	G := Granularity()
	r, _ := growFileRegion(t, 3*G, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: 8 * G})
	res, size := r.m.addr, r.m.size
	var stolen unsafe.Pointer
	testHookWindow = func(addr unsafe.Pointer) {
		if stolen == nil && addr == res {
			var err error
			if stolen, err = virtualAlloc(addr, uintptr(G), memReserve|memCommit, syscall.PAGE_READWRITE); err != nil {
				t.Errorf("taking %p: %v", addr, err)
			}
		}
	}
	defer func() { testHookWindow = nil }()
	err := r.Resize(G / 2)
	testHookWindow = nil
	if stolen == nil {
		t.Fatal("the shrink never opened the start of the reservation")
	}
	if !errors.Is(err, errorInvalidAddress) {
		t.Errorf("Resize with the address taken = %v, want ERROR_INVALID_ADDRESS", err)
	}
	var lost interface{ mappedPrefix() int }
	if !errors.As(err, &lost) || lost.mappedPrefix() != 0 {
		t.Errorf("Resize with the address taken = %v, want a lostError keeping nothing", err)
	}
	theirs := unsafe.Slice((*byte)(stolen), G)
	theirs[0], theirs[G-1] = 0x42, 0x43
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	var mi memoryBasicInformation
	if err := virtualQuery(stolen, &mi); err != nil || mi.state != memCommit || theirs[0] != 0x42 || theirs[G-1] != 0x43 {
		t.Fatalf("Close freed or changed the other allocation at %p (state %#x, %v)", stolen, mi.state, err)
	}
	if err := virtualFree(stolen, 0, memRelease); err != nil {
		t.Fatal(err)
	}
	checkReleased(t, res, size)
}

// TestWindowsManyViews: a file Region that grew in place is several
// views, and VirtualProtect, FlushViewOfFile and VirtualLock refuse a
// range spanning two (ERROR_INVALID_PARAMETER). Protect, Sync, SyncRange,
// Lock and Unlock over all of it go view by view.
func TestWindowsManyViews(t *testing.T) {
	G := Granularity()
	r, path := growFileRegion(t, 10, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: 16 * G})
	defer r.Close()
	for _, n := range []int{G + 3, 3*G + 5, 4 * G, 7*G + 1} {
		if err := r.Resize(n); err != nil {
			t.Fatal(err)
		}
	}
	views := 0
	for _, q := range queryRange(t, r.m.addr, r.mappedSize()) {
		if q.lo == q.allocBase && q.typ == memMapped {
			views++
		}
	}
	if views < 3 {
		t.Fatalf("the Region is %d views; the test needs several", views)
	}
	b := r.Bytes()
	for i := 0; i < len(b); i += 4096 {
		b[i] = byte(i >> 12)
	}
	if err := r.Sync(SyncWait); err != nil {
		t.Errorf("Sync over %d views: %v", views, err)
	}
	if err := r.SyncRange(G-5, 3*G, SyncAsync); err != nil {
		t.Errorf("SyncRange across views: %v", err)
	}
	if err := r.Protect(ProtRead); err != nil {
		t.Fatalf("Protect(ProtRead) over %d views: %v", views, err)
	}
	if _, err := r.WriteAt([]byte{1}, int64(5*G)); !errors.Is(err, ErrFault) {
		t.Errorf("WriteAt after Protect(ProtRead) = %v, want ErrFault", err)
	}
	if err := r.Protect(ProtRead | ProtWrite); err != nil {
		t.Fatalf("Protect(ProtRead|ProtWrite): %v", err)
	}
	if _, err := r.WriteAt([]byte{9}, int64(r.Len()-1)); err != nil {
		t.Errorf("WriteAt after Protect back: %v", err)
	}
	if err := r.Lock(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Lock over %d views: %v", views, err)
	} else if err == nil {
		if err := r.Unlock(); err != nil {
			t.Errorf("Unlock: %v", err)
		}
	}
	file := readFile(t, path)
	for i := 0; i < len(b)-1; i += 4096 {
		if file[i] != byte(i>>12) {
			t.Fatalf("file byte %d is %#x after Sync, want %#x", i, file[i], byte(i>>12))
		}
	}
}
