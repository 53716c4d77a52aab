//go:build unix

package mmap

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReserveDevice: a device has no size to grow in, so a Reserve for it
// is ErrInvalid, with nothing left behind.
func TestReserveDevice(t *testing.T) {
	ps := PageSize()
	before := snapshot(t)
	for _, o := range []Options{
		{Size: ps, Reserve: 4 * ps},
		{Size: ps, Reserve: ps},
		{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Size: ps, Reserve: 2 * ps},
	} {
		wantError(t, closeIfMapped(Map("/dev/zero", o)), ErrInvalid, "mmap", "Reserve")
	}
	checkNoLeak(t, before)
}

// allocatedBytes is the disk space stat says the file at path holds.
func allocatedBytes(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return int64(st.Sys().(*syscall.Stat_t).Blocks) * 512
}

// TestMapAllocateBlocks counts the blocks a file holds: with MapAllocate,
// Map and a growing Resize allocate the whole mapped range; without it
// the same mapping of a new file is sparse (so the count can tell).
func TestMapAllocateBlocks(t *testing.T) {
	ps := PageSize()
	dir := testDir(t)
	for _, tt := range []struct {
		name     string
		flags    MapFlag
		offset   int64
		allocate bool
	}{
		{"MapAllocate", MapShared | MapAllocate, 0, true},
		{"MapAllocate, unaligned Offset", MapShared | MapAllocate, int64(ps) + 3, true},
		{"sparse without MapAllocate", MapShared, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, filepath.Base(t.Name())+".bin")
			r, err := Map(path, Options{Open: OpenWrite | OpenCreate, Prot: ProtRead | ProtWrite, Flags: tt.flags,
				Offset: tt.offset, Size: 1<<20 + 5, Reserve: 8 << 20})
			if errors.Is(err, errors.ErrUnsupported) && tt.allocate {
				t.Skipf("the file system of %s cannot allocate: %v", dir, err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			for _, n := range []int{1<<20 + 5, 3<<20 + 1, 2 << 20, 6 << 20} {
				if err := r.Resize(n); err != nil {
					t.Fatalf("Resize(%d): %v", n, err)
				}
				got := allocatedBytes(t, path)
				// The range [Offset, Offset+n) is what MapAllocate
				// promises; a file system may allocate more around it.
				switch {
				case tt.allocate && got < int64(n):
					t.Errorf("after Resize(%d) with MapAllocate the file holds %d bytes of disk", n, got)
				case !tt.allocate && got >= int64(n):
					t.Errorf("without MapAllocate the file holds %d bytes of disk for %d mapped: the blocks cannot tell", got, n)
				}
			}
		})
	}
}
