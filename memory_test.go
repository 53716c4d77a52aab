//go:build !js && !wasip1 && !plan9

package mmap

import (
	"bytes"
	"errors"
	"os"
	"runtime"
	"syscall"
	"testing"
)

func TestAdvise(t *testing.T) {
	path := testFile(t, pattern(8*PageSize()))
	for a := AdviceNormal; a < adviceCount; a++ {
		t.Run(a.String(), func(t *testing.T) {
			r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
			err := r.Advise(a)
			switch {
			case err == nil:
			case errors.Is(err, errors.ErrUnsupported):
				if a.hint() {
					t.Errorf("%v is a hint and must not be refused: %v", a, err)
				}
				wantErr(t, err, "madvise", nil)
				t.Logf("%v is not available on %s", a, runtime.GOOS)
			case (a == AdviceHugePage || a == AdviceNoHugePage) && errors.Is(err, syscall.EINVAL):
				// Transparent huge pages are for anonymous and tmpfs memory,
				// and need a kernel built with them.
				wantErr(t, err, "madvise", nil)
			case (a == AdvicePopulateRead || a == AdvicePopulateWrite) && errors.Is(err, syscall.EINVAL):
				t.Logf("%v needs Linux 5.14: %v", a, err)
			default:
				t.Fatalf("Advise(%v): %v", a, err)
			}
			if !bytes.Equal(r.Bytes(), pattern(8*PageSize())) {
				t.Errorf("Advise(%v) changed shared data", a)
			}
		})
	}
	r := mustMap(t, path, Options{})
	wantErr(t, r.Advise(adviceCount), "madvise", ErrInvalid)
	wantErr(t, r.Advise(-1), "madvise", ErrInvalid)
}

func TestAdviseRangeBounds(t *testing.T) {
	r, err := MapAnon(10*PageSize()+5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := r.Len()
	tests := []struct {
		off, n int
		ok     bool
	}{
		{0, n, true},
		{0, 0, true},
		{n, 0, true},
		{3, 7, true},
		{PageSize() - 1, 2, true},
		{n - 1, 1, true},
		{-1, 1, false},
		{0, -1, false},
		{n + 1, 0, false},
		{1, n, false},
		{5, int(^uint(0)>>1) - 2, false},
	}
	for _, tt := range tests {
		err := r.AdviseRange(tt.off, tt.n, AdviceWillNeed)
		if tt.ok && err != nil && !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("AdviseRange(%d, %d): %v", tt.off, tt.n, err)
		}
		if !tt.ok {
			wantErr(t, err, "madvise", ErrInvalid)
		}
		err = r.SyncRange(tt.off, tt.n, SyncWait)
		if tt.ok && err != nil {
			t.Errorf("SyncRange(%d, %d): %v", tt.off, tt.n, err)
		}
		if !tt.ok {
			wantErr(t, err, "msync", ErrInvalid)
		}
	}
}

// TestDontNeed checks what the contract promises of AdviceDontNeed: private
// anonymous pages read back as zeros, private file pages as the file, shared
// pages keep their data; and bytes outside the range are never lost.
func TestDontNeed(t *testing.T) {
	ps := PageSize()
	content := pattern(4 * ps)
	scribble := bytes.Repeat([]byte{0xEE}, 4*ps)
	tests := []struct {
		name string
		mk   func(t *testing.T) *Region
		want []byte // of the whole pages dropped: [ps, 3ps)
	}{
		{"private anonymous", func(t *testing.T) *Region {
			r, err := MapAnon(4*ps, Options{})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}, make([]byte, 2*ps)},
		{"private file", func(t *testing.T) *Region {
			return mustMap(t, testFile(t, content), Options{Prot: ProtRead | ProtWrite})
		}, content[ps : 3*ps]},
		{"shared file", func(t *testing.T) *Region {
			return mustMap(t, testFile(t, content), Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
		}, scribble[ps : 3*ps]},
		{"shared anonymous", func(t *testing.T) *Region {
			r, err := MapAnon(4*ps, Options{Flags: MapShared})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}, scribble[ps : 3*ps]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.mk(t)
			defer r.Close()
			copy(r.Bytes(), scribble)
			// The range starts and ends inside pages: only [ps, 3ps) is whole.
			err := r.AdviseRange(ps/2, 3*ps, AdviceDontNeed)
			if errors.Is(err, errors.ErrUnsupported) {
				t.Skipf("AdviceDontNeed is not available on %s", runtime.GOOS)
			}
			if err != nil {
				t.Fatal(err)
			}
			b := r.Bytes()
			if !bytes.Equal(b[:ps], scribble[:ps]) || !bytes.Equal(b[3*ps:], scribble[3*ps:]) {
				t.Error("AdviceDontNeed dropped bytes outside the whole pages of its range")
			}
			if !bytes.Equal(b[ps:3*ps], tt.want) {
				t.Errorf("dropped pages read back wrong (first byte %#x, want %#x)", b[ps], tt.want[0])
			}
		})
	}
}

func TestLockUnlock(t *testing.T) {
	r, err := MapAnon(16*PageSize(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Lock(); err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Op != "mlock" || e.Code() == 0 {
			t.Fatalf("a refused Lock must be an *Error with the OS error: %v", err)
		}
		t.Skipf("the OS refused to lock 64 KiB here (RLIMIT_MEMLOCK?): %v", err)
	}
	if n, err := r.Resident(); err != nil || n != r.Len() {
		t.Errorf("after Lock: Resident = %d, %v; want %d", n, err, r.Len())
	}
	if err := r.Unlock(); err != nil {
		t.Fatal(err)
	}
}

func TestResident(t *testing.T) {
	ps := PageSize()
	r, err := MapAnon(64*ps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	before, err := r.Resident()
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("Resident is not available on %s", runtime.GOOS)
	}
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 32*ps; i += ps {
		r.Bytes()[i] = 1
	}
	after, err := r.Resident()
	if err != nil {
		t.Fatal(err)
	}
	if after < 32*ps || after > r.Len() || after < before {
		t.Errorf("Resident: %d before touching, %d after touching 32 of 64 pages", before, after)
	}
	if err := r.Advise(AdviceDontNeed); err == nil {
		if n, _ := r.Resident(); n >= after {
			t.Errorf("Resident after AdviceDontNeed = %d, not below %d", n, after)
		}
	}
}

// resizePaths runs fn once for each way Resize can go: natively (mremap to
// grow on Linux, and a shrink in place on every Unix), a new mapping
// beside the old (how the other Unixes grow), and unmapping before the
// file is cut (Windows). The package-level switches make every path run
// on every OS that can take it.
func resizePaths(t *testing.T, cutsFiles bool, fn func(t *testing.T)) {
	for _, p := range []struct {
		name                string
		mremap, unmap, part bool
	}{{"native", useMremap, cutNeedsUnmap, unmapsPart}, {"fresh", false, false, false}, {"unmap-then-cut", false, true, false}} {
		t.Run(p.name, func(t *testing.T) {
			if p.name == "fresh" && cutsFiles && sysCutNeedsUnmap {
				t.Skipf("%s cannot cut a mapped file, so it never takes this path", runtime.GOOS)
			}
			oldM, oldU, oldP := useMremap, cutNeedsUnmap, unmapsPart
			useMremap, cutNeedsUnmap, unmapsPart = p.mremap, p.unmap, p.part
			defer func() { useMremap, cutNeedsUnmap, unmapsPart = oldM, oldU, oldP }()
			fn(t)
		})
	}
}

func TestResizeAnonymous(t *testing.T) { resizePaths(t, false, testResizeAnonymous) }
func TestResizeFile(t *testing.T)      { resizePaths(t, true, testResizeFile) }

func testResizeAnonymous(t *testing.T) {
	ps := PageSize()
	for _, flags := range []MapFlag{MapPrivate, MapShared} {
		t.Run(flags.String(), func(t *testing.T) {
			r, err := MapAnon(3*ps+10, Options{Flags: flags})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			p := pattern(r.Len())
			copy(r.Bytes(), p)
			steps := []int{10 * ps, 2*ps + 7, 5 * ps, 0, 3 * ps, ps / 2, 4*ps + 1}
			valid := r.Len() // bytes of p still held
			for _, size := range steps {
				if err := r.Resize(size); err != nil {
					t.Fatalf("Resize(%d): %v", size, err)
				}
				if r.Len() != size || len(r.Bytes()) != size {
					t.Fatalf("Resize(%d): Len %d", size, r.Len())
				}
				keep := min(valid, size)
				if !bytes.Equal(r.Bytes()[:keep], p[:keep]) {
					t.Fatalf("Resize(%d) lost the common prefix", size)
				}
				if !bytes.Equal(r.Bytes()[keep:], make([]byte, size-keep)) {
					t.Fatalf("Resize(%d): grown bytes are not zero", size)
				}
				valid = keep
			}
		})
	}
}

func testResizeFile(t *testing.T) {
	ps := PageSize()
	content := pattern(3*ps + 100)
	t.Run("writable shared grows and shrinks the file", func(t *testing.T) {
		path := testFile(t, content)
		r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: 17})
		for _, size := range []int{5 * ps, 100, 0, 2 * ps} {
			if err := r.Resize(size); err != nil {
				t.Fatalf("Resize(%d): %v", size, err)
			}
			if st, err := os.Stat(path); err != nil || st.Size() != int64(17+size) {
				t.Fatalf("Resize(%d): file size %d, want %d", size, st.Size(), 17+size)
			}
			if r.Len() != size {
				t.Fatalf("Len %d", r.Len())
			}
		}
		copy(r.Bytes()[ps:], "after resize")
		if err := r.Sync(SyncWait); err != nil {
			t.Fatal(err)
		}
		got := readFile(t, path)
		// Resize(0) cut the file at the Offset: what follows is zeros.
		if !bytes.Equal(got[:17], content[:17]) || !bytes.Equal(got[17:17+ps], make([]byte, ps)) ||
			string(got[17+ps:17+ps+12]) != "after resize" {
			t.Error("the file does not hold the prefix, zeros, and the write after Resize")
		}
	})
	t.Run("private keeps its own changes", func(t *testing.T) {
		path := testFile(t, content)
		r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite})
		copy(r.Bytes(), "private change")
		if err := r.Resize(4 * ps); err != nil {
			t.Fatal(err)
		}
		if string(r.Bytes()[:14]) != "private change" || !bytes.Equal(r.Bytes()[14:len(content)], content[14:]) {
			t.Error("a private Region lost its contents across Resize")
		}
		if got := readFile(t, path); !bytes.Equal(got[:len(content)], content) {
			t.Error("a private change reached the file")
		}
	})
	t.Run("private shrink cuts the file and keeps its own changes", func(t *testing.T) {
		path := testFile(t, content)
		r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Offset: 9})
		copy(r.Bytes()[ps-20:], "private change")
		if err := r.Resize(ps); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(path); err != nil || st.Size() != int64(9+ps) {
			t.Fatalf("file not cut to Offset+size: %v", st.Size())
		}
		if string(r.Bytes()[ps-20:ps-6]) != "private change" || !bytes.Equal(r.Bytes()[:ps-20], content[9:ps-11]) {
			t.Error("a private Region lost its contents across a shrinking Resize")
		}
		if got := readFile(t, path); !bytes.Equal(got, content[:9+ps]) {
			t.Error("a private change reached the file")
		}
	})
	t.Run("read-only stays within the file", func(t *testing.T) {
		path := testFile(t, content)
		r := mustMap(t, path, Options{Size: ps})
		if err := r.Resize(len(content)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(r.Bytes(), content) {
			t.Error("wrong bytes after growing within the file")
		}
		wantErr(t, r.Resize(len(content)+1), "mremap", ErrInvalid)
		if r.Len() != len(content) {
			t.Error("a failed Resize changed the Region")
		}
		if err := r.Resize(10); err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(path); st.Size() != int64(len(content)) {
			t.Error("a read-only Region changed the file's size")
		}
		wantErr(t, r.Resize(-1), "mremap", ErrInvalid)
	})
}

func TestHugePages(t *testing.T) {
	r, err := MapAnon(3<<20, Options{Flags: MapHugePages})
	switch {
	case err == nil:
		defer r.Close()
		if r.Len() != 3<<20 {
			t.Errorf("Len %d, want the size asked for", r.Len())
		}
		r.Bytes()[r.Len()-1] = 1
		if err := r.Resize(5 << 20); err != nil {
			t.Errorf("Resize of huge pages: %v", err)
		}
	case errors.Is(err, errors.ErrUnsupported):
		t.Logf("no huge pages on %s: %v", runtime.GOOS, err)
	case errors.Is(err, syscall.ENOMEM) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.Errno(1314)):
		// ENOMEM: no huge pages reserved (vm.nr_hugepages is 0 here);
		// 1314 is ERROR_PRIVILEGE_NOT_HELD (SeLockMemoryPrivilege).
		wantErr(t, err, "mmap", nil)
		t.Logf("the OS refused huge pages as expected: %v", err)
	default:
		t.Fatalf("MapHugePages: %v", err)
	}
	// Transparent huge pages are the path that works without reservations.
	a, err := MapAnon(4<<20, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Advise(AdviceHugePage); err != nil && !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) {
		t.Errorf("AdviceHugePage: %v", err)
	}
}
