//go:build linux

package mmap

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestGuardFullDisk writes page after page through a shared map of a
// sparse file on a full filesystem (a 1 MiB tmpfs), inside one Guard: the
// page that finds no space is ErrFault, and the pages written before it
// keep their data.
func TestGuardFullDisk(t *testing.T) {
	ps := PageSize()
	const fs = 1 << 20
	for _, offset := range []int64{0, 77} {
		t.Run("Offset "+sizeName(int(offset)), func(t *testing.T) {
			dir := mountTmpfs(t, "1m")
			size := 4 << 20
			r := safeMap(t, filepath.Join(dir, "sparse.bin"), Options{Open: OpenWrite | OpenCreate,
				Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: offset, Size: size})
			page := bytes.Repeat([]byte{0x5A}, ps)
			n := 0
			err := r.Guard(func(b []byte) {
				for n < size {
					k := copy(b[n:], page)
					n += k // counted only once the page took the bytes
				}
			})
			wantGuardFault(t, err, false)
			if n > fs || n < fs/2 {
				t.Errorf("%d bytes written before the fault, want between %d and %d", n, fs/2, fs)
			}
			err = r.Guard(func(b []byte) {
				if !bytes.Equal(b[:n], bytes.Repeat([]byte{0x5A}, n)) {
					t.Errorf("the %d bytes written before the fault are not there", n)
				}
				b[0] = 1
			})
			if err != nil {
				t.Errorf("Guard on the pages that got space: %v", err)
			}
			t.Logf("%d bytes written before the disk was full", n)
		})
	}
}
