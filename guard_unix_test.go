//go:build unix

package mmap

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestGuardTruncated cuts the file under the mapping through another
// descriptor, then reads and writes past the new end in fn: ErrFault, with
// what fn did before the fault done, the bytes before the end usable, and
// the whole Region again once the file is long again.
func TestGuardTruncated(t *testing.T) {
	ps := PageSize()
	shared := Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}
	tests := []struct {
		name   string
		opts   Options
		access guardAccess
	}{
		{"read past the new end, shared", shared, guardAccess{false, 2 * ps}},
		{"write past the new end, shared", shared, guardAccess{true, 4*ps - 1}},
		{"read past the new end, private", Options{}, guardAccess{false, 3 * ps}},
		{"write past the new end, private", Options{Prot: ProtRead | ProtWrite}, guardAccess{true, ps + 1}},
		{"read past the new end, unaligned Offset", Options{Offset: 100}, guardAccess{false, 2*ps - 100}},
		{"read past the new end, MapFile", Options{Flags: MapShared}, guardAccess{false, 2 * ps}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := pattern(4 * ps)
			r, path := mapThenTruncate(t, content, tt.opts, strings.Contains(tt.name, "MapFile"), ps)
			file := content[tt.opts.Offset:]
			var before []byte
			after := false
			err := r.Guard(func(b []byte) {
				before = append(before, b[:16]...) // before the new end: works
				tt.access.do(b, &after)
			})
			wantGuardFault(t, err, after)
			if !bytes.Equal(before, file[:16]) {
				t.Errorf("fn read %q before the fault, want %q", before, file[:16])
			}
			// Before the new end the Region works.
			err = r.Guard(func(b []byte) {
				if !bytes.Equal(b[:16], file[:16]) {
					t.Errorf("other bytes before the new end after the fault")
				}
			})
			if err != nil {
				t.Fatalf("Guard before the new end after the fault: %v", err)
			}
			// Long again, the file backs the whole Region.
			if err := os.Truncate(path, int64(4*ps)); err != nil {
				t.Fatal(err)
			}
			if tt.opts.Prot&ProtWrite != 0 {
				wantGuardWorks(t, r, r.Len()-ps, r.Len())
				return
			}
			if err := r.Guard(func(b []byte) { guardSink += b[len(b)-1] }); err != nil {
				t.Fatalf("Guard once the file is long again: %v", err)
			}
		})
	}
}

// TestGuardOtherRegionTruncated: inside one Region's Guard, a fault in
// another Region whose file was cut is not the first Region's: it passes
// through as the runtime's fault panic, and a Guard of the other Region
// around both reports it.
func TestGuardOtherRegionTruncated(t *testing.T) {
	ps := PageSize()
	path := testFile(t, pattern(3*ps))
	cut := safeMap(t, path, Options{})
	// Writable: where faults come without an address, a read-only Region
	// would claim them (see Guard).
	sound := safeMap(t, testFile(t, pattern(2*ps)), Options{Prot: ProtRead | ProtWrite})
	if err := os.Truncate(path, int64(ps)); err != nil {
		t.Fatal(err)
	}
	v := recoverFrom(func() {
		err := sound.Guard(func([]byte) { guardSink += cut.Bytes()[2*ps] })
		t.Errorf("Guard of the sound Region returned %v", err)
	})
	wantRuntimeFault(t, v)
	if faultMode() {
		t.Errorf("the fault mode stayed on")
	}
	var innerErr error
	err := cut.Guard(func([]byte) {
		innerErr = sound.Guard(func([]byte) { guardSink += cut.Bytes()[2*ps+1] })
	})
	wantError(t, err, ErrFault, "guard", "memory fault")
	if innerErr != nil {
		t.Errorf("the sound Region's Guard returned %v", innerErr)
	}
}
