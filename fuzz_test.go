//go:build !js && !wasip1 && !plan9

package mmap

// Fuzz targets. Under plain `go test` each runs its seed corpus (the
// f.Add calls); `make fuzz` explores for FUZZTIME each.

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fuzzMaxLen bounds the mappings the fuzzers make succeed: Options that
// would extend the file, or allocate anonymous memory, by more are folded
// below it, so that MapPopulate or MapLocked cannot fill the machine. Sizes
// that validation refuses (negative, near MaxInt) are kept as they are.
const fuzzMaxLen = 1 << 20

// fdCount is the number of open descriptors, -1 where /proc is missing.
func fdCount() int {
	if runtime.GOOS != "linux" {
		return -1
	}
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// FuzzOptions maps a small file (or anonymous memory) with arbitrary
// Options, through Map, MapFile or MapAnon: the result is a Region that
// matches the file, or an *Error; never a crash, and never a descriptor
// or mapping left behind.
func FuzzOptions(f *testing.F) {
	ps := PageSize()
	content := pattern(2*ps + 333)
	dir := testDir(f)
	path := filepath.Join(dir, "fuzz.bin")
	seeds := []struct {
		src  uint8 // 0 Map, 1 MapFile read-only, 2 MapFile read-write, 3 anonymous
		o    Options
		mode uint32
	}{
		{0, Options{}, 0},
		{0, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, 0},
		{0, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: 4097, Size: 3 * ps}, 0},
		{0, Options{Offset: int64(len(content))}, 0},
		{0, Options{Offset: int64(len(content)) + 1}, 0},
		{0, Options{Size: -1}, 0},
		{0, Options{Offset: math.MaxInt64, Size: 1, Open: OpenWrite}, 0},
		{0, Options{Flags: MapPrivate | MapShared}, 0},
		{0, Options{Prot: ProtNone}, 0},
		{0, Options{Prot: ProtNone | ProtRead}, 0},
		{0, Options{Prot: ProtExec}, 0},
		{0, Options{Prot: ProtWrite}, 0},
		{0, Options{Open: OpenWrite | OpenTruncate, Prot: ProtRead | ProtWrite, Flags: MapShared, Size: 10}, 0},
		{0, Options{Open: OpenWrite | OpenCreate | OpenEnsureCreate}, 0o600},
		{0, Options{Open: OpenDirectory}, 0},
		{0, Options{Flags: MapPopulate | MapNonBlock | MapLocked}, 0},
		{0, Options{Flags: MapGrowsDown}, 0},
		{0, Options{Open: 1 << 20}, uint32(fs.ModeDir)},
		{1, Options{Prot: ProtRead | ProtWrite, Flags: MapShared}, 0},
		{1, Options{Open: OpenWrite | OpenTruncate, Offset: 1}, 0},
		{2, Options{Prot: ProtRead | ProtWrite, Flags: MapShared, Size: 5 * ps}, 0},
		{3, Options{Size: ps}, 0},
		{3, Options{Size: 0, Flags: MapAnonymous}, 0},
		{3, Options{Size: ps, Flags: MapShared | MapPopulate}, 0},
		{3, Options{Size: ps, Flags: MapHugePages}, 0},
		{3, Options{Size: 4167, Flags: MapShared | MapAnonymous | MapNoReserve | MapHugePages}, 0}, // SIGBUS at first touch
		{3, Options{Size: math.MaxInt, Flags: MapNoReserve}, 0},
		{3, Options{Size: ps, Offset: 1}, 0},
	}
	for _, s := range seeds {
		f.Add(s.src, uint32(s.o.Open), uint32(s.o.Prot), uint32(s.o.Flags), int64(s.o.Size), s.o.Offset, s.mode)
	}
	f.Fuzz(func(t *testing.T, src uint8, open, prot, flags uint32, size64, offset int64, mode uint32) {
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		o := Options{Open: OpenFlag(open), Prot: Prot(prot), Flags: MapFlag(flags), Size: int(size64),
			Offset: offset, Mode: fs.FileMode(mode)}
		if int64(o.Size) != size64 { // 32-bit int
			o.Size = int(size64 % math.MaxInt32)
		}
		if o.Size > fuzzMaxLen && o.Size <= math.MaxInt-Granularity() {
			o.Size %= fuzzMaxLen
		}
		fds := fdCount()
		maps := countMaps(t, dir)
		r, err := fuzzMap(t, src%4, path, o)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T %q is not an *Error", err, err)
			}
			if e.Op == "" || e.Err == nil || !strings.HasPrefix(err.Error(), e.Op) {
				t.Fatalf("malformed error %#v", e)
			}
			if r != nil {
				t.Fatalf("both a Region and an error")
			}
		} else {
			checkFuzzRegion(t, r, src%4, path, content, o)
		}
		if n := fdCount(); n != fds {
			t.Fatalf("descriptors %d -> %d", fds, n)
		}
		if n := countMaps(t, dir); n != maps {
			t.Fatalf("mappings of the test file %d -> %d", maps, n)
		}
	})
}

func fuzzMap(t *testing.T, src uint8, path string, o Options) (*Region, error) {
	switch src {
	case 1, 2:
		flag := os.O_RDONLY
		if src == 2 {
			flag = os.O_RDWR
		}
		f, err := os.OpenFile(path, flag, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return MapFile(f, o)
	case 3:
		if o.Flags&MapAnonymous != 0 && o.Open == 0 && o.Offset == 0 {
			return Map("", o)
		}
		return MapAnon(o.Size, o)
	}
	return Map(path, o)
}

// checkFuzzRegion checks a Region that was made: its length, its bytes
// where it may be read, a write where it may be written, and Close.
func checkFuzzRegion(t *testing.T, r *Region, src uint8, path string, content []byte, o Options) {
	anon := src == 3
	want := o.Size
	if want == 0 && !anon {
		want = len(content) - int(o.Offset)
		if o.Open&OpenTruncate != 0 && src == 0 {
			want = 0
		}
	}
	if r.Len() != want || len(r.Bytes()) != want {
		t.Fatalf("Len %d, len(Bytes) %d, want %d", r.Len(), len(r.Bytes()), want)
	}
	// The model: the file from Offset, zeros past its end (or all zeros).
	model := make([]byte, min(want, 4*PageSize()))
	if !anon && !(o.Open&OpenTruncate != 0 && src == 0) && o.Offset < int64(len(content)) {
		copy(model, content[o.Offset:])
	}
	p := Prot(r.prot.Load())
	got := make([]byte, len(model))
	n, err := r.ReadAt(got, 0)
	// Huge pages without a reservation are found missing only at the
	// first touch: SIGBUS, which must have become ErrFault.
	noHuge := o.Flags&(MapHugePages|MapNoReserve) == MapHugePages|MapNoReserve
	switch {
	case len(model) == 0:
	case noHuge && errors.Is(err, ErrFault):
		if err := r.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		return
	case err == nil:
		if p == ProtNone {
			t.Fatalf("ReadAt of ProtNone memory succeeded")
		}
		if n != len(got) || !bytes.Equal(got, model) {
			t.Fatalf("ReadAt: %d bytes, not the file's", n)
		}
	case errors.Is(err, ErrFault) && p&ProtRead == 0:
		// Write- or exec-only memory may not be readable on every CPU.
	default:
		t.Fatalf("ReadAt(%d bytes) with %v: %d, %v", len(got), p, n, err)
	}
	if p&ProtWrite != 0 && want > 0 {
		mark := []byte("fuzz")[:min(4, want)]
		if n, err := r.WriteAt(mark, 0); n != len(mark) || err != nil {
			t.Fatalf("WriteAt with %v: %d, %v", p, n, err)
		}
		copy(model, mark)
		if p&ProtRead != 0 {
			if n, err := r.ReadAt(got[:len(mark)], 0); n != len(mark) || err != nil || !bytes.Equal(got[:len(mark)], mark) {
				t.Fatalf("ReadAt after WriteAt: %d, %v", n, err)
			}
		}
	}
	if err := r.Sync(0); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if anon {
		return
	}
	onDisk, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	shared := r.flags&MapShared != 0 && p&ProtWrite != 0 && want > 0
	if end := o.Offset + int64(len(model)); int64(len(onDisk)) >= end && (shared || o.Open&OpenTruncate == 0) {
		if disk := onDisk[o.Offset:end]; shared && !bytes.Equal(disk, model) {
			t.Fatalf("the file does not hold what the shared Region was given")
		}
	}
	if !shared && o.Open&(OpenTruncate|OpenWrite) == 0 && src != 2 && !bytes.Equal(onDisk, content) {
		t.Fatalf("a Region that may not write changed the file")
	}
}

// FuzzReadWriteAt writes and reads at arbitrary offsets and lengths,
// against a plain byte slice that follows the io.ReaderAt and io.WriterAt
// contracts of API.md; a shared file mapping must end up in the file.
func FuzzReadWriteAt(f *testing.F) {
	ps := PageSize()
	dir := testDir(f)
	path := filepath.Join(dir, "rw.bin")
	f.Add(uint8(0), uint16(100), int64(0), []byte("hello"), int64(0), uint16(5))
	f.Add(uint8(1), uint16(ps), int64(ps-2), []byte("across the end"), int64(ps-3), uint16(10))
	f.Add(uint8(2), uint16(3*ps+1), int64(-1), []byte("x"), int64(-5), uint16(1))
	f.Add(uint8(1), uint16(0), int64(0), []byte("empty"), int64(0), uint16(0))
	f.Add(uint8(2), uint16(77), int64(76), []byte{}, int64(77), uint16(0))
	f.Add(uint8(0), uint16(9), int64(math.MaxInt64), []byte("far"), int64(math.MinInt64), uint16(3))
	f.Add(uint8(3), uint16(2*ps), int64(ps-1), bytes.Repeat([]byte{7}, 2*ps), int64(1), uint16(2*ps+9))
	f.Fuzz(func(t *testing.T, kind uint8, size uint16, woff int64, data []byte, roff int64, rlen uint16) {
		n := int(size) % (4*ps + 1)
		kind %= 4
		var r *Region
		var err error
		var offset int64
		switch kind {
		case 0: // anonymous
			if n == 0 {
				n = 1
			}
			r, err = MapAnon(n, Options{})
		default: // a shared file mapping, at an aligned or unaligned Offset
			offset = int64(kind-1) * 1000
			if n == 0 && offset > 0 {
				n = 1 // Size 0 past the end of the file is ErrInvalid
			}
			if werr := os.WriteFile(path, nil, 0o644); werr != nil {
				t.Fatal(werr)
			}
			r, err = Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: offset, Size: n})
			if n == 0 && err == nil && r.Len() != 0 {
				t.Fatalf("Size 0 at the end of the file: Len %d", r.Len())
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		model := make([]byte, n)
		if kind != 0 && n == 0 {
			// An empty file maps to an empty Region: nothing to model but
			// the contracts.
			model = nil
		}

		wn, werr := r.WriteAt(data, woff)
		mn, merr := modelWriteAt(model, data, woff)
		if wn != mn || !sameError(werr, merr) {
			t.Fatalf("WriteAt(%d bytes, %d) on %d: got %d, %v; want %d, %v", len(data), woff, n, wn, werr, mn, merr)
		}
		p := make([]byte, rlen)
		q := make([]byte, rlen)
		rn, rerr := r.ReadAt(p, roff)
		qn, qerr := modelReadAt(model, q, roff)
		if rn != qn || !sameError(rerr, qerr) || !bytes.Equal(p, q) {
			t.Fatalf("ReadAt(%d bytes, %d) on %d: got %d, %v; want %d, %v", rlen, roff, n, rn, rerr, qn, qerr)
		}
		if got := r.Bytes(); !bytes.Equal(got, model) && !(len(got) == 0 && len(model) == 0) {
			t.Fatalf("Bytes differ from the model")
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if kind != 0 {
			disk, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(disk)) != offset+int64(n) && n > 0 {
				t.Fatalf("the file has %d bytes, want %d", len(disk), offset+int64(n))
			}
			if n > 0 && !bytes.Equal(disk[offset:], model) {
				t.Fatalf("the file differs from the model")
			}
		}
	})
}

// modelWriteAt is WriteAt on a byte slice, by the contract.
func modelWriteAt(b, p []byte, off int64) (int, error) {
	switch {
	case off < 0:
		return 0, ErrInvalid
	case len(p) == 0:
		return 0, nil
	case off >= int64(len(b)):
		return 0, io.ErrShortWrite
	}
	n := copy(b[off:], p)
	if n < len(p) {
		return n, io.ErrShortWrite
	}
	return n, nil
}

// modelReadAt is ReadAt on a byte slice, by the contract.
func modelReadAt(b, p []byte, off int64) (int, error) {
	switch {
	case off < 0:
		return 0, ErrInvalid
	case off >= int64(len(b)):
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// sameError: both nil; both io.EOF itself (ReadAt returns it bare); or an
// *Error wrapping the model's sentinel.
func sameError(got, want error) bool {
	switch {
	case want == nil || got == nil:
		return got == want
	case want == io.EOF:
		return got == io.EOF
	}
	var e *Error
	return errors.As(got, &e) && errors.Is(got, want)
}
