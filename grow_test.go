//go:build !js && !wasip1 && !plan9

package mmap

// Growing in place (API.md, "Growing in place"): Options.Reserve, Cap,
// Resize within the reservation that never moves, MapAllocate, and readers
// that keep reading while the Region grows. What needs a particular OS is
// in grow_linux_test.go (/proc: one reservation, no memory cost, a full
// file system) and grow_unix_test.go (devices, allocated blocks).

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"unsafe"
)

// reservationChecker, where the OS shows its mappings (/proc/self/maps on
// Linux), checks that r is one reservation: its data mapped from path
// ("" for anonymous memory) and the rest of Cap() reserved, inaccessible,
// with no other mapping of path anywhere. It returns the check to run
// after Close: nothing of the reservation is left.
var reservationChecker func(t *testing.T, r *Region, path string) (afterClose func())

// growUnit is what the end of a reservation is rounded up to.
func growUnit(o Options) int {
	if o.Flags&MapHugePages != 0 {
		return hugePageSize()
	}
	return Granularity()
}

// wantCap is Cap() of a Region mapped with o and a Reserve: the
// reservation runs from the aligned offset below Offset to Offset+Reserve
// rounded up, and Cap is its length less the unaligned part of Offset.
func wantCap(o Options) int {
	delta := int(o.Offset & int64(Granularity()-1))
	return roundUp(delta+o.Reserve, growUnit(o)) - delta
}

// Special steps of a growth sequence, resolved against the Region.
const (
	stepCap     = -1 - iota // exactly Cap()
	stepPastCap             // Cap()+1: the one growth that may move
	stepFarPast             // Cap() + 3 granules + 7
)

// growModel follows a Region through Resizes and checks it byte for byte
// against what it must hold, and against its file.
type growModel struct {
	t        *testing.T
	r        *Region
	path     string // "" for anonymous memory
	off      int    // Options.Offset
	file     []byte // what the file holds; nil for anonymous memory
	want     []byte // what the Region holds
	unknown  []bool // bytes of want no contract fixes (see resize)
	writable bool   // the file grows and shrinks with the Region
	private  bool   // a private mapping of a file
	canWrite bool   // the Region has ProtWrite
	old      []byte // Bytes() as taken after Map, or after the last move
	base     uintptr
	cap      int
	privTail int  // a private shrink left the bytes up to here undefined
	reserved bool // mapped with a Reserve
	step     int
	pastCap  int // growths past Cap(): the only ones that may move
	moves    int
}

func newGrowModel(t *testing.T, r *Region, path string, o Options, file []byte, writable bool) *growModel {
	t.Helper()
	g := &growModel{t: t, r: r, path: path, off: int(o.Offset), file: file, writable: writable,
		private: path != "" && o.Flags&MapShared == 0, reserved: o.Reserve > 0, canWrite: o.Prot&ProtWrite != 0 || (o.Prot == 0 && path == "")}
	if path != "" {
		if g.off+r.Len() > len(file) {
			t.Fatalf("the file holds %d bytes, the Region %d at %d", len(file), r.Len(), g.off)
		}
		g.want = bytes.Clone(file[g.off : g.off+r.Len()])
	} else {
		g.want = make([]byte, r.Len())
	}
	g.unknown = make([]bool, len(g.want))
	g.old, g.base, g.cap = r.Bytes(), addrOf(r.Bytes()), r.Cap()
	switch {
	case g.old == nil:
		t.Fatal("Bytes() of an open Region is nil")
	case o.Reserve == 0 && g.cap != r.Len():
		t.Errorf("Reserve 0: Cap() = %d, want Len() = %d", g.cap, r.Len())
	case o.Reserve > 0 && g.cap != wantCap(o):
		t.Errorf("Reserve %d at Offset %d: Cap() = %d, want %d (the reservation rounded to %d, less the unaligned part of Offset)",
			o.Reserve, o.Offset, g.cap, wantCap(o), growUnit(o))
	}
	g.check()
	return g
}

// resolve turns a special step into a size.
func (g *growModel) resolve(n int) int {
	switch n {
	case stepCap:
		return g.r.Cap()
	case stepPastCap:
		return g.r.Cap() + 1
	case stepFarPast:
		return g.r.Cap() + 3*Granularity() + 7
	}
	return n
}

// resize resizes the Region to n and updates the model.
func (g *growModel) resize(n int) {
	t, r := g.t, g.r
	t.Helper()
	g.step++
	old, capBefore := len(g.want), r.Cap()
	if err := r.Resize(n); err != nil {
		t.Fatalf("step %d: Resize(%d) from %d, Cap %d: %v", g.step, n, old, capBefore, err)
	}
	if g.path != "" && g.writable { // the file is now Offset+n long
		end := g.off + n
		if end > len(g.file) {
			g.file = append(g.file, make([]byte, end-len(g.file))...)
		}
		g.file = g.file[:end]
	}
	if n < old {
		g.want, g.unknown = g.want[:n], g.unknown[:n]
		if g.private {
			// The private page the cut went through keeps its own copy
			// past the cut: what it shows there after growing again is
			// not the file's, and no contract says what it is.
			delta := g.off & (Granularity() - 1)
			g.privTail = roundUp(delta+n, Granularity()) - delta
		}
	}
	for i := old; i < n; i++ {
		var b byte
		if g.path != "" {
			b = g.file[g.off+i]
		}
		g.want = append(g.want, b)
		g.unknown = append(g.unknown, g.private && i < g.privTail)
	}
	switch now := addrOf(r.Bytes()); {
	case n > capBefore:
		g.pastCap++
		if now != g.base {
			g.moves++
			g.old, g.base = r.Bytes(), now // the old slices are gone
		}
		if r.Cap() < n {
			t.Errorf("step %d: Resize(%d) past Cap %d: Cap() = %d, less than the size", g.step, n, capBefore, r.Cap())
		}
	case now != g.base && !g.reserved && n < old && (runtime.GOOS == "windows" || n == 0):
		// Windows maps the kept part again at the old address, which
		// another allocation may have taken in between, and Resize(0)
		// gives the address space back. On Unix a shrink unmaps the tail
		// and stays where it is.
		t.Logf("step %d: Resize(%d) shrank a Region mapped without a Reserve and moved it", g.step, n)
		g.old, g.base = r.Bytes(), now
	case now != g.base:
		t.Fatalf("step %d: Resize(%d) within Cap %d moved the Region from %#x to %#x", g.step, n, capBefore, g.base, now)
	case r.Cap() != capBefore && (g.reserved || n > old):
		// A shrink keeps the reservation; only a Region mapped without
		// one may give its Cap back with its pages (as mremap does).
		t.Errorf("step %d: Resize(%d) from %d within the reservation changed Cap() from %d to %d", g.step, n, old, capBefore, r.Cap())
	}
	if g.moves > g.pastCap {
		t.Errorf("step %d: the Region moved %d times in %d growths past Cap()", g.step, g.moves, g.pastCap)
	}
	g.check()
	g.scribble()
}

// check compares the Region with the model: Len, Cap, Bytes, ReadAt, the
// old slice over the common prefix, and the file.
func (g *growModel) check() {
	t, r := g.t, g.r
	t.Helper()
	n := len(g.want)
	if r.Len() != n || len(r.Bytes()) != n {
		t.Fatalf("step %d: Len() %d, len(Bytes()) %d, want %d", g.step, r.Len(), len(r.Bytes()), n)
	}
	if r.Cap() < n {
		t.Errorf("step %d: Cap() %d < Len() %d", g.step, r.Cap(), n)
	}
	got := r.Bytes()
	for i := range n {
		if got[i] != g.want[i] && !g.unknown[i] {
			t.Fatalf("step %d: byte %d of %d is %#x, want %#x", g.step, i, n, got[i], g.want[i])
		}
	}
	if k := min(len(g.old), n); k > 0 && !bytes.Equal(g.old[:k], got[:k]) {
		t.Fatalf("step %d: a slice taken before reads other bytes over the common prefix", g.step)
	}
	buf := make([]byte, n+1)
	if k, err := r.ReadAt(buf, 0); k != n || err != io.EOF || !bytes.Equal(buf[:k], got) {
		t.Fatalf("step %d: ReadAt of everything: %d, %v; same bytes as Bytes(): %v", g.step, k, err, bytes.Equal(buf[:k], got))
	}
	if g.path == "" {
		return
	}
	if err := r.Sync(SyncWait); err != nil {
		t.Fatalf("step %d: Sync: %v", g.step, err)
	}
	if f := readFile(t, g.path); !bytes.Equal(f, g.file) {
		t.Fatalf("step %d: the file holds %d bytes that differ from the %d expected (first difference at %d)",
			g.step, len(f), len(g.file), firstDiff(f, g.file))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// scribble writes a mark through Bytes() at the newest byte and in the
// middle, and one through the old slice at the end of the common prefix,
// and checks that ReadAt sees the last.
func (g *growModel) scribble() {
	t, r := g.t, g.r
	t.Helper()
	n := len(g.want)
	if !g.canWrite || n == 0 {
		return
	}
	mark := byte(g.step*31 + 1)
	set := func(i int, b byte) {
		g.want[i], g.unknown[i] = b, false
		if g.path != "" && !g.private {
			g.file[g.off+i] = b
		}
	}
	b := r.Bytes()
	b[n-1], b[n/2] = mark, mark+1
	set(n-1, mark)
	set(n/2, mark+1)
	if k := min(len(g.old), n); k > 0 {
		g.old[k-1] = mark + 2
		set(k-1, mark+2)
		one := make([]byte, 1)
		if _, err := r.ReadAt(one, int64(k-1)); err != nil || one[0] != mark+2 {
			t.Fatalf("step %d: a write through the old slice at %d: ReadAt gives %#x, %v", g.step, k-1, one[0], err)
		}
	}
}

// growRow is one Region of the growth tables: a file (content not nil)
// mapped by Map or MapFile, or anonymous memory of anonSize bytes.
type growRow struct {
	name     string
	content  []byte // the file; nil: anonymous memory
	o        Options
	mapFile  bool // MapFile of a file opened as o.Open says
	anonSize int
	steps    []int // sizes, or stepCap, stepPastCap, stepFarPast
}

// openGrowRow maps the row's Region; skip says why it cannot be here.
func openGrowRow(t *testing.T, tt growRow) (r *Region, path string, writable bool, skip string) {
	t.Helper()
	var err error
	switch {
	case tt.content == nil:
		r, err = MapAnon(tt.anonSize, tt.o)
		if err != nil && tt.o.Flags&MapHugePages != 0 {
			if reason := noHugePages(err); reason != "" {
				return nil, "", false, reason
			}
		}
	case tt.mapFile:
		path = testFile(t, tt.content)
		flag := os.O_RDONLY
		if tt.o.Open&OpenWrite != 0 {
			flag = os.O_RDWR
		}
		f, ferr := os.OpenFile(path, flag, 0)
		if ferr != nil {
			t.Fatal(ferr)
		}
		r, err = MapFile(f, tt.o)
		f.Close()
	default:
		path = testFile(t, tt.content)
		r, err = Map(path, tt.o)
	}
	if err != nil {
		t.Fatalf("mapping %+v: %v", tt.o, err)
	}
	t.Cleanup(func() { r.Close() })
	return r, path, tt.content != nil && tt.o.Open&OpenWrite != 0, ""
}

// noHugePages tells why MapHugePages failed when that is the OS or the
// machine, not the package: "" when the error is the package's.
func noHugePages(err error) string {
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		return "no huge pages on this OS: " + err.Error()
	case errors.Is(err, syscall.ENOMEM), errors.Is(err, syscall.EINVAL):
		nr, _ := os.ReadFile("/proc/sys/vm/nr_hugepages")
		return fmt.Sprintf("the kernel has no huge pages reserved (vm.nr_hugepages %q; qemu-user says EINVAL): %v", bytes.TrimSpace(nr), err)
	case errors.Is(err, syscall.Errno(1314)):
		return "ERROR_PRIVILEGE_NOT_HELD: large pages need SeLockMemoryPrivilege: " + err.Error()
	}
	return ""
}

func runGrowRows(t *testing.T, rows []growRow) {
	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t)
			r, path, writable, skip := openGrowRow(t, tt)
			if skip != "" {
				t.Skip(skip)
			}
			var afterClose func()
			if reservationChecker != nil && tt.o.Reserve > 0 {
				afterClose = reservationChecker(t, r, path)
			}
			g := newGrowModel(t, r, path, tt.o, bytes.Clone(tt.content), writable)
			g.scribble()
			for _, n := range tt.steps {
				g.resize(g.resolve(n))
			}
			if reservationChecker != nil && r.Cap() > r.Len() {
				afterClose = reservationChecker(t, r, path)
			}
			t.Logf("%d steps, %d growths past Cap(), %d moves; Len %d, Cap %d", len(tt.steps), g.pastCap, g.moves, r.Len(), r.Cap())
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if r.Cap() != 0 || r.Len() != 0 || r.Bytes() != nil {
				t.Errorf("after Close: Cap %d, Len %d, Bytes nil %v; want 0, 0, true", r.Cap(), r.Len(), r.Bytes() == nil)
			}
			if afterClose != nil {
				afterClose()
			}
			checkNoLeak(t, before)
		})
	}
}

// TestGrowInPlace grows and shrinks Regions of every kind within their
// reservation: the address never changes (also across Resize(0)), old
// slices keep working over the common prefix, and every byte is what the
// file (or zeroed memory) says.
func TestGrowInPlace(t *testing.T) {
	ps, G := PageSize(), Granularity()
	R := 16 * G
	steps := []int{R/4 + 5, R/2 + 1, R/8 + 100, 3 * R / 4, 0, R/3 + 1, ps - 1, stepCap, R / 5}
	shared := Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: R}
	private := Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapPrivate, Reserve: R}
	with := func(o Options, f func(*Options)) Options { f(&o); return o }
	small := pattern(3*ps + 7)
	big := pattern(2*R + 3*G) // read-only Regions grow within it
	rows := []growRow{
		{name: "file shared writable", content: small, o: shared, steps: steps},
		{name: "file shared writable, unaligned Offset", content: pattern(G + 77 + 3*ps), o: with(shared, func(o *Options) { o.Offset = int64(G + 77) }), steps: steps},
		{name: "file shared writable, Offset inside the first page", content: small, o: with(shared, func(o *Options) { o.Offset = 9; o.Size = ps }), steps: steps},
		{name: "file shared writable, MapFile", content: small, o: shared, mapFile: true, steps: steps},
		{name: "file shared writable, ProtRead (bbolt)", content: small, o: with(shared, func(o *Options) { o.Prot = ProtRead }), steps: steps},
		{name: "file private writable", content: small, o: private, steps: steps},
		{name: "file private writable, unaligned Offset", content: pattern(G + 3*ps), o: with(private, func(o *Options) { o.Offset = int64(G + 3) }), steps: steps},
		{name: "file private, read-only file", content: big, o: with(private, func(o *Options) { o.Open = OpenRead; o.Size = ps }), steps: steps},
		{name: "file shared, read-only file", content: big, o: Options{Flags: MapShared, Size: ps + 3, Offset: 5, Reserve: R}, steps: steps},
		{name: "file shared, read-only file, MapFile", content: big, o: Options{Flags: MapShared, Size: 2 * ps, Reserve: R}, mapFile: true, steps: steps},
		{name: "empty file, shared writable", content: []byte{}, o: shared, steps: steps},
		{name: "empty file, private writable", content: []byte{}, o: private, steps: steps},
		{name: "Offset at the end of the file, shared writable", content: small, o: with(shared, func(o *Options) { o.Offset = int64(len(small)) }), steps: steps},
		{name: "Offset at the end of the file, read-only", content: small, o: Options{Offset: int64(len(small)), Reserve: R}, steps: []int{0}},
		{name: "anonymous private", anonSize: 3*ps + 5, o: Options{Reserve: R}, steps: steps},
		{name: "anonymous shared", anonSize: 3*ps + 5, o: Options{Flags: MapShared, Reserve: R}, steps: steps},
		{name: "anonymous, Reserve equal to the size", anonSize: R, o: Options{Reserve: R}, steps: []int{R / 2, 0, R}},
		{name: "anonymous, Reserve not a whole page", anonSize: ps, o: Options{Reserve: R + 1}, steps: []int{stepCap, 1}},
	}
	if hp := hugePageSize(); hp > 0 {
		rows = append(rows, growRow{name: "anonymous huge pages", anonSize: hp + 5,
			o: Options{Flags: MapHugePages, Reserve: 4 * hp}, steps: []int{2*hp + 1, hp / 2, 3 * hp, 0, stepCap}})
	} else {
		t.Log("no huge pages on this OS: the huge-page row is not in the table")
	}
	runGrowRows(t, rows)
}

// TestGrowPastCap grows Regions past Cap(): that growth moves them, once,
// to a reservation of at least the size, after which they grow in place
// again. Regions mapped without a Reserve start with Cap() == Len().
func TestGrowPastCap(t *testing.T) {
	ps, G := PageSize(), Granularity()
	R := 4 * G
	steps := []int{stepCap, stepPastCap, stepCap, 2 * ps, stepCap}
	content := pattern(2*ps + 11)
	rows := []growRow{
		{name: "file shared writable", content: content, o: Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: R}, steps: steps},
		{name: "file private writable", content: content, o: Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Reserve: R, Offset: 3}, steps: steps},
		{name: "file shared read-only, within the file", content: pattern(5 * R), o: Options{Flags: MapShared, Size: ps, Reserve: R}, steps: steps},
		{name: "file shared writable, far past", content: content, o: Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: R}, steps: []int{stepFarPast, stepCap}},
		{name: "anonymous private", anonSize: ps + 3, o: Options{Reserve: R}, steps: steps},
		{name: "anonymous shared", anonSize: ps + 3, o: Options{Flags: MapShared, Reserve: R}, steps: steps},
		{name: "file shared writable, Reserve 0", content: content, o: Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, steps: steps},
		{name: "anonymous private, Reserve 0", anonSize: ps + 3, o: Options{}, steps: steps},
		{name: "anonymous shared, Reserve 0", anonSize: ps + 3, o: Options{Flags: MapShared}, steps: steps},
	}
	runGrowRows(t, rows)
}

// TestGrowFollowsWriter maps a file read-only with a large Reserve while
// another handle appends to it with WriteAt: the Region follows the file
// to its current end without moving, and not a byte past it.
func TestGrowFollowsWriter(t *testing.T) {
	ps, G := PageSize(), Granularity()
	for _, tt := range []struct {
		name    string
		o       Options
		mapFile bool
	}{
		{"shared", Options{Flags: MapShared, Reserve: 32 * G}, false},
		{"private", Options{Reserve: 32 * G}, false},
		{"shared, unaligned Offset", Options{Flags: MapShared, Offset: 7, Reserve: 32 * G}, false},
		{"shared, MapFile", Options{Flags: MapShared, Reserve: 32 * G}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			content := pattern(ps + 3)
			path := testFile(t, content)
			w, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			before := snapshot(t)
			var r *Region
			if tt.mapFile {
				f, ferr := os.Open(path)
				if ferr != nil {
					t.Fatal(ferr)
				}
				r, err = MapFile(f, tt.o)
				f.Close()
			} else {
				r, err = Map(path, tt.o)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			base, first := addrOf(r.Bytes()), r.Bytes()
			off := int(tt.o.Offset)
			for k := 1; k <= 6; k++ {
				chunk := bytes.Repeat([]byte{byte(k)}, G/2+k*17)
				if _, err := w.WriteAt(chunk, int64(len(content))); err != nil {
					t.Fatal(err)
				}
				content = append(content, chunk...)
				end := len(content) - off
				err := r.Resize(end + 1)
				wantError(t, err, ErrInvalid, "mremap", "")
				if r.Len() == end+1 {
					t.Fatalf("a read-only Region grew past the end of its file")
				}
				if err := r.Resize(end); err != nil {
					t.Fatalf("following the file to %d: %v", end, err)
				}
				if addrOf(r.Bytes()) != base {
					t.Fatalf("growth %d moved the Region", k)
				}
				if !bytes.Equal(r.Bytes(), content[off:]) {
					t.Fatalf("growth %d: the Region differs from the file", k)
				}
				if !bytes.Equal(first, content[off:off+len(first)]) {
					t.Fatalf("growth %d: the first slice taken no longer reads the file", k)
				}
				if st, err := os.Stat(path); err != nil || st.Size() != int64(len(content)) {
					t.Fatalf("the Region changed the size of the file: %v, %v", st, err)
				}
			}
			if r.Cap() < 32*G {
				t.Errorf("Cap() %d < Reserve %d", r.Cap(), 32*G)
			}
			r.Close()
			checkNoLeak(t, before)
		})
	}
}

// TestGrowBboltStyle is the database case: the file holds what the
// database wrote, it is mapped at that Size with the Reserve the database
// wants (the next power of two), and the database grows the file itself
// (Truncate + Sync) before it calls Resize. Mapping never extends the
// file, and a copy of the file opened read-only maps too.
func TestGrowBboltStyle(t *testing.T) {
	const fileSize, want = 32 << 10, 1 << 20
	for _, tt := range []struct {
		name  string
		flag  int // os.OpenFile flag of the database's own handle
		o     Options
		write bool // the database writes with WriteAt on its handle
	}{
		{"read-only shared map of a read-write file", os.O_RDWR, Options{Flags: MapShared}, true},
		{"read-write shared map of a read-write file", os.O_RDWR, Options{Prot: ProtRead | ProtWrite, Flags: MapShared}, true},
		{"read-only file (a backup)", os.O_RDONLY, Options{Flags: MapShared}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			content := pattern(fileSize)
			path := testFile(t, content)
			f, err := os.OpenFile(path, tt.flag, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			before := snapshot(t)
			size := func() int64 {
				st, err := f.Stat()
				if err != nil {
					t.Fatal(err)
				}
				return st.Size()
			}
			o := tt.o
			o.Size, o.Reserve = fileSize, want
			r, err := MapFile(f, o)
			if err != nil {
				t.Fatalf("MapFile(Size %d, Reserve %d): %v", o.Size, o.Reserve, err)
			}
			defer r.Close()
			if got := size(); got != fileSize {
				t.Fatalf("MapFile with a Reserve changed the file's size to %d", got)
			}
			if r.Len() != fileSize || r.Cap() < want {
				t.Fatalf("Len %d, Cap %d; want %d and at least %d", r.Len(), r.Cap(), fileSize, want)
			}
			base := addrOf(r.Bytes())
			if !bytes.Equal(r.Bytes(), content) {
				t.Fatal("the Region does not hold the file")
			}
			if !tt.write {
				if err := r.Resize(fileSize + 1); err == nil {
					t.Error("a Region of a read-only file grew past its end")
				}
				return
			}
			for _, grown := range []int{64 << 10, 256 << 10, want} {
				// The database's own growth policy: grow the file, make
				// the new size durable, then follow it.
				if err := f.Truncate(int64(grown)); err != nil {
					t.Fatal(err)
				}
				if err := f.Sync(); err != nil {
					t.Fatal(err)
				}
				if err := r.Resize(grown); err != nil {
					t.Fatalf("Resize(%d) after the database grew its file: %v", grown, err)
				}
				if addrOf(r.Bytes()) != base {
					t.Fatalf("Resize(%d) moved the Region", grown)
				}
				if got := size(); got != int64(grown) {
					t.Fatalf("after Resize(%d) the file is %d bytes", grown, got)
				}
				page := []byte(fmt.Sprintf("page at %d", grown-4096))
				if _, err := f.WriteAt(page, int64(grown-4096)); err != nil {
					t.Fatal(err)
				}
				content = append(content, make([]byte, grown-len(content))...)
				copy(content[grown-4096:], page)
				if !bytes.Equal(r.Bytes(), content) {
					t.Fatalf("after growing to %d the Region differs from the file", grown)
				}
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if got := size(); got != want {
				t.Errorf("Close changed the file's size to %d", got)
			}
			checkNoLeak(t, before)
		})
	}
}

// TestReserveHuge reserves 64 GiB on 64-bit targets: Map and MapAnon
// succeed and the Region grows in place in it (what it costs in memory
// is measured where /proc shows it: TestReserveCostsNoMemory). On 32-bit
// targets, reservations that cannot all fit in the address space fail
// with an *Error, not a crash.
func TestReserveHuge(t *testing.T) {
	ps := PageSize()
	if unsafe.Sizeof(uintptr(0)) == 4 {
		const each = 3 << 29 // 1.5 GiB: three cannot fit in 4 GiB
		var held []*Region
		defer func() {
			for _, r := range held {
				r.Close()
			}
		}()
		for i := 0; i < 3; i++ {
			r, err := MapAnon(ps, Options{Reserve: each})
			if err != nil {
				wantError(t, err, nil, "mmap", "")
				t.Logf("reservation %d of 1.5 GiB: %v", i+1, err)
				return
			}
			held = append(held, r)
		}
		t.Fatal("three reservations of 1.5 GiB fit in a 32-bit address space")
	}
	reserve := int(uint64(64<<30) & uint64(math.MaxInt)) // 64 GiB; the mask keeps 32-bit targets compiling
	path := testFile(t, pattern(ps+5))
	for _, tt := range []struct {
		name string
		open func() (*Region, error)
	}{
		{"anonymous", func() (*Region, error) { return MapAnon(ps, Options{Reserve: reserve}) }},
		{"file shared writable", func() (*Region, error) {
			return Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: reserve})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.open()
			if err != nil {
				t.Fatalf("a 64 GiB reservation: %v", err)
			}
			defer r.Close()
			if r.Cap() < reserve {
				t.Fatalf("Cap() %d < Reserve %d", r.Cap(), reserve)
			}
			base := addrOf(r.Bytes())
			for _, n := range []int{1 << 20, 64 << 20, ps} {
				if err := r.Resize(n); err != nil {
					t.Fatalf("Resize(%d): %v", n, err)
				}
				if addrOf(r.Bytes()) != base {
					t.Fatalf("Resize(%d) moved the Region", n)
				}
				r.Bytes()[n-1] = 1
			}
		})
	}
}

// TestGrowConcurrentReaders runs 8 readers over a Region (ReadAt, Bytes,
// Guard, each checking the bytes it sees, and one more goroutine calling
// the other methods allowed during growth) while one goroutine grows it
// 1 000 times inside its reservation. None may fail or see a wrong byte;
// -race must stay quiet.
func TestGrowConcurrentReaders(t *testing.T) {
	ps := PageSize()
	steps := 1000
	if testing.Short() {
		steps = 250
	}
	step := ps/4 + 13
	total := ps + steps*step
	filePattern := func(i int) byte { return byte(i*7 + i>>12) } // pattern()'s byte i
	anonPattern := func(i int) byte {
		if i < ps {
			return filePattern(i)
		}
		return 0
	}
	for _, tt := range []struct {
		name string
		file bool
		o    Options
	}{
		{"file shared writable", true, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Size: ps, Reserve: total}},
		{"file shared read-only", true, Options{Flags: MapShared, Size: ps, Reserve: total}},
		{"anonymous private", false, Options{Reserve: total}},
		{"anonymous shared", false, Options{Flags: MapShared, Reserve: total}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := anonPattern
			var r *Region
			if tt.file {
				// The file holds the pattern to the end of the
				// reservation: growing never extends it.
				r = safeMap(t, testFile(t, pattern(total)), tt.o)
				want = filePattern
			} else {
				r = safeAnon(t, ps, tt.o)
				copy(r.Bytes(), pattern(ps))
			}
			base, capacity := addrOf(r.Bytes()), r.Cap()
			guard, hasGuard := any(r).(interface{ Guard(func([]byte)) error })
			var done atomic.Bool
			var totalReads atomic.Int64
			var failures atomic.Int32
			fail := func(format string, args ...any) {
				if failures.Add(1) <= 5 {
					t.Errorf(format, args...)
				}
				done.Store(true)
			}
			checkAt := func(who string, b []byte, i int) {
				if b[i] != want(i) {
					fail("%s: byte %d of %d is %#x, want %#x", who, i, len(b), b[i], want(i))
				}
			}
			var wg, ready sync.WaitGroup
			reads := make([]int, 8)
			ready.Add(8)
			for id := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(id), 9))
					buf := make([]byte, 4096)
					for !done.Load() {
						n := r.Len()
						off := rng.IntN(n)
						k := min(1+rng.IntN(len(buf)), n-off)
						got, err := r.ReadAt(buf[:k], int64(off))
						if got != k || (err != nil && !(err == io.EOF && off+k == n)) {
							fail("reader %d: ReadAt(%d bytes at %d) of Len %d: %d, %v", id, k, off, n, got, err)
							return
						}
						for i := range k {
							if buf[i] != want(off+i) {
								fail("reader %d: ReadAt at %d: byte %d is %#x, want %#x", id, off, off+i, buf[i], want(off+i))
								return
							}
						}
						b := r.Bytes()
						if len(b) < n || addrOf(b) != base {
							fail("reader %d: Bytes() of %d bytes at %#x after Len %d at %#x", id, len(b), addrOf(b), n, base)
							return
						}
						checkAt("Bytes", b, len(b)-1) // the newest page is mapped
						checkAt("Bytes", b, rng.IntN(len(b)))
						if hasGuard {
							err := guard.Guard(func(b []byte) {
								checkAt("Guard", b, len(b)-1)
								checkAt("Guard", b, rng.IntN(len(b)))
							})
							if err != nil {
								fail("reader %d: Guard: %v", id, err)
								return
							}
						}
						if c := r.Cap(); c != capacity {
							fail("reader %d: Cap() %d during growth, want %d", id, c, capacity)
						}
						if reads[id]++; reads[id] == 1 {
							ready.Done() // growth starts once every reader has read
						}
						totalReads.Add(1)
					}
					if reads[id] == 0 {
						ready.Done()
					}
				}()
			}
			wg.Add(1)
			go func() { // the other methods that may run during growth
				defer wg.Done()
				for !done.Load() {
					n := r.Len()
					for _, err := range []error{r.Sync(SyncAsync), r.SyncRange(n/2, n/2, SyncAsync),
						r.Advise(AdviceNormal), r.AdviseRange(0, n, AdviceNormal)} {
						if err != nil {
							fail("during growth: %v", err)
						}
					}
					if k, err := r.Resident(); err != nil || k > r.Len() {
						fail("Resident during growth: %d, %v", k, err)
					}
				}
			}()
			ready.Wait()
			for i := 1; i <= steps && !done.Load(); i++ {
				// Pace the growth by the reads, eight per growth, so
				// that readers run between growths even on one core.
				for totalReads.Load() < int64(8*i) && !done.Load() {
					runtime.Gosched()
				}
				if err := r.Resize(ps + i*step); err != nil {
					fail("growth %d to %d: %v", i, ps+i*step, err)
					break
				}
				if addrOf(r.Bytes()) != base {
					fail("growth %d moved the Region", i)
					break
				}
			}
			done.Store(true)
			wg.Wait()
			if r.Len() != total && failures.Load() == 0 {
				t.Errorf("Len %d after the growths, want %d", r.Len(), total)
			}
			for id, n := range reads {
				if n == 0 && failures.Load() == 0 {
					t.Errorf("reader %d read nothing during %d growths", id, steps)
				}
			}
			t.Logf("%d growths, reads per reader %v, Guard used: %v", steps, reads, hasGuard)
		})
	}
}

// TestMapAllocate maps and grows with MapAllocate: the file holds the
// mapped range, and writes through Bytes() land. Allocated blocks are
// counted where stat has them (TestMapAllocateBlocks), the full disk in
// TestMapAllocateFullDisk (Linux).
func TestMapAllocate(t *testing.T) {
	before := snapshot(t)
	path := filepath.Join(testDir(t), "alloc.bin")
	o := Options{Open: OpenWrite | OpenCreate, Prot: ProtRead | ProtWrite, Flags: MapShared | MapAllocate, Size: 1 << 20, Reserve: 8 << 20}
	r, err := Map(path, o)
	if errors.Is(err, errors.ErrUnsupported) {
		wantError(t, err, errors.ErrUnsupported, "mmap", "")
		t.Skipf("the file system of %s cannot allocate: %v", path, err)
	}
	if err != nil {
		t.Fatalf("Map with MapAllocate: %v", err)
	}
	base := addrOf(r.Bytes())
	for _, n := range []int{1 << 20, 4 << 20, 2 << 20, 8 << 20} {
		if err := r.Resize(n); err != nil {
			t.Fatalf("Resize(%d) with MapAllocate: %v", n, err)
		}
		if addrOf(r.Bytes()) != base {
			t.Fatalf("Resize(%d) moved the Region", n)
		}
		b := r.Bytes()
		for i := 0; i < n; i += 64 << 10 {
			b[i] = byte(i >> 16)
		}
		if st, err := os.Stat(path); err != nil || st.Size() != int64(n) {
			t.Fatalf("after Resize(%d): %v, %v", n, st, err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	f := readFile(t, path)
	for i := 0; i < len(f); i += 64 << 10 {
		if f[i] != byte(i>>16) {
			t.Fatalf("byte %d of the file is %#x, want %#x", i, f[i], byte(i>>16))
		}
	}
	checkNoLeak(t, before)
}

// TestReserveBadInput: a Reserve or a MapAllocate that cannot be honoured
// is refused before anything is opened, created or mapped. The rows that
// need only one file are in commonBadCalls (safety_test.go).
func TestReserveBadInput(t *testing.T) {
	ps := PageSize()
	dir := testDir(t)
	file := filepath.Join(dir, "file.bin")
	if err := os.WriteFile(file, pattern(2*ps+5), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t)
	for _, tt := range []struct {
		name string
		o    Options
		msg  string
	}{
		{"MapAllocate, private", Options{Open: OpenWrite | OpenCreate, Prot: ProtRead | ProtWrite, Flags: MapPrivate | MapAllocate, Size: ps}, "MapAllocate"},
		{"MapAllocate, neither shared nor private", Options{Open: OpenWrite | OpenCreate, Prot: ProtRead | ProtWrite, Flags: MapAllocate, Size: ps}, "MapAllocate"},
		{"MapAllocate, opened read-only", Options{Open: OpenRead | OpenCreate, Flags: MapShared | MapAllocate, Size: ps}, "MapAllocate"},
		{"MapAllocate, OpenEnsureCreate private", Options{Open: OpenWrite | OpenEnsureCreate, Prot: ProtRead | ProtWrite, Flags: MapPrivate | MapAllocate, Size: ps}, "MapAllocate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "new.bin")
			err := closeIfMapped(Map(path, tt.o))
			wantError(t, err, ErrInvalid, "mmap", tt.msg)
			if _, serr := os.Stat(path); !errors.Is(serr, os.ErrNotExist) {
				t.Errorf("the refused call left %s behind (%v)", path, serr)
				os.Remove(path)
			}
		})
	}
	for _, tt := range []struct {
		name string
		call func() (*Region, error)
		msg  string
	}{
		{"MapFile MapAllocate of a read-only file", func() (*Region, error) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			return MapFile(f, Options{Flags: MapShared | MapAllocate})
		}, "MapAllocate"},
		{"MapFile MapAllocate private of a read-write file", func() (*Region, error) {
			f, err := os.OpenFile(file, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			return MapFile(f, Options{Prot: ProtRead | ProtWrite, Flags: MapPrivate | MapAllocate})
		}, "MapAllocate"},
		{"Reserve smaller than Size", func() (*Region, error) {
			return Map(file, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Size: 2 * ps, Reserve: ps})
		}, "Reserve"},
		{"Reserve smaller than Size past the end of the file", func() (*Region, error) {
			return Map(file, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Size: 4 * ps, Reserve: 3 * ps})
		}, "Reserve"},
		{"negative Reserve", func() (*Region, error) {
			return Map(file, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Size: ps, Reserve: -1})
		}, "Reserve"},
		{"Offset+Reserve overflows, writable", func() (*Region, error) {
			return Map(file, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: math.MaxInt64 - int64(ps), Size: 1, Reserve: 2 * ps})
		}, "overflows"},
		{"MapAnon with MapAllocate", func() (*Region, error) { return MapAnon(ps, Options{Flags: MapShared | MapAllocate}) }, "MapAllocate"},
		{"MapAnon Reserve smaller than the size", func() (*Region, error) { return MapAnon(2*ps, Options{Reserve: ps}) }, "Reserve"},
		{"MapAnon negative Reserve", func() (*Region, error) { return MapAnon(ps, Options{Reserve: math.MinInt}) }, "Reserve"},
		{"MapFile Reserve smaller than the file", func() (*Region, error) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			return MapFile(f, Options{Reserve: 2 * ps})
		}, "Reserve"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, closeIfMapped(tt.call()), ErrInvalid, "mmap", tt.msg)
		})
	}
	if got := readFile(t, file); !bytes.Equal(got, pattern(2*ps+5)) {
		t.Error("a refused call changed the file")
	}
	checkNoLeak(t, before)
}
