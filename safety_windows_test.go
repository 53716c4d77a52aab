//go:build windows

package mmap

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"
)

// errorUserMappedFile is ERROR_USER_MAPPED_FILE (winerror.h): "The
// requested operation cannot be performed on a file with a user-mapped
// section open."
const errorUserMappedFile = syscall.Errno(1224)

func osBadCalls(t *testing.T, e badEnv) []badCall {
	return []badCall{
		// CreateFileW refuses a directory without FILE_FLAG_BACKUP_SEMANTICS.
		{name: "a directory", want: fs.ErrPermission, op: "open", msg: e.dir, call: mapCall(e.dir, Options{})},
		{name: "a directory, read-write", want: fs.ErrPermission, op: "open", msg: e.dir, call: mapCall(e.dir, Options{Open: OpenWrite})},
	}
}

// TestWindowsTruncateMappedFile: Windows refuses to cut a file that a view
// maps, with ERROR_USER_MAPPED_FILE. Where the package is the one cutting,
// that refusal must be reported, not ignored, and the mapped data must
// stay as it was.
func TestWindowsTruncateMappedFile(t *testing.T) {
	g := Granularity()
	content := pattern(3 * g)
	tests := []struct {
		name string
		cut  func(t *testing.T, path string) error
		op   string // the Op of the *Error; "" when the error is not ours
	}{
		{"os.Truncate through another handle", func(t *testing.T, path string) error {
			return os.Truncate(path, int64(g))
		}, ""},
		{"Map with OpenTruncate", func(t *testing.T, path string) error {
			return closeIfMapped(Map(path, Options{Open: OpenWrite | OpenTruncate}))
		}, "open"},
		{"Resize that shrinks the file", func(t *testing.T, path string) error {
			r, err := Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			err = r.Resize(g)
			if err == nil && r.Len() != g {
				t.Errorf("Resize succeeded but Len is %d", r.Len())
			}
			if err != nil && (r.Len() != len(content) || !bytes.Equal(r.Bytes(), content)) {
				t.Errorf("a refused Resize changed the Region: Len %d, want %d", r.Len(), len(content))
			}
			return err
		}, "mremap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := testFile(t, content)
			r := safeMap(t, path, Options{})
			err := tt.cut(t, path)
			if err == nil {
				t.Fatalf("cutting a mapped file succeeded: the sharing error was ignored")
			}
			if !errors.Is(err, errorUserMappedFile) {
				t.Errorf("error %q is not ERROR_USER_MAPPED_FILE", err)
			}
			if tt.op != "" {
				e := wantError(t, err, errorUserMappedFile, tt.op, "")
				if e.Code() != int(errorUserMappedFile) {
					t.Errorf("Code() = %d, want %d", e.Code(), int(errorUserMappedFile))
				}
			}
			if info, err := os.Stat(path); err != nil || info.Size() != int64(len(content)) {
				t.Errorf("the file changed size: %v, %v", info, err)
			}
			got := make([]byte, len(content))
			if n, err := r.ReadAt(got, 0); n != len(got) || err != nil || !bytes.Equal(got, content) {
				t.Errorf("the mapped data changed: %d, %v", n, err)
			}
		})
	}
}

var procGetProcessHandleCount = syscall.NewLazyDLL("kernel32.dll").NewProc("GetProcessHandleCount")

func init() { handleCounter = handleCount }

// handleCount is GetProcessHandleCount. Wine answers 0 there; then it is
// the value of a fresh handle divided by 4: handles are given out from the
// lowest free slot, so leaked handles push it up one by one.
func handleCount(t testing.TB) int {
	t.Helper()
	var n uint32
	p, _ := syscall.GetCurrentProcess()
	if r, _, err := procGetProcessHandleCount.Call(uintptr(p), uintptr(unsafe.Pointer(&n))); r == 0 {
		t.Fatalf("GetProcessHandleCount: %v", err)
	}
	if n > 0 {
		return int(n)
	}
	var h syscall.Handle
	if err := syscall.DuplicateHandle(p, p, p, &h, 0, false, syscall.DUPLICATE_SAME_ACCESS); err != nil {
		t.Fatalf("GetProcessHandleCount says 0 and DuplicateHandle fails: %v", err)
	}
	syscall.CloseHandle(h)
	return int(h) / 4
}

// TestWindowsHandleCount maps and unmaps many times, in every way: the
// process's handle count must not grow with the cycles.
func TestWindowsHandleCount(t *testing.T) {
	cycles := 20_000
	if testing.Short() {
		cycles = 2_000
	}
	g := Granularity()
	path := testFile(t, pattern(2*g))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	kinds := []struct {
		name string
		once func() error
	}{
		{"Map", func() error { return safeMapClose(Map(path, Options{})) }},
		{"Map shared read-write", func() error {
			return safeMapClose(Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: 7}))
		}},
		{"MapFile", func() error { return safeMapClose(MapFile(f, Options{})) }},
		{"MapAnon", func() error { return safeMapClose(MapAnon(g, Options{})) }},
		{"With", func() error { return With(path, Options{}, func(*Region) error { return nil }) }},
		{"failing Map", func() error {
			if err := closeIfMapped(Map(path, Options{Size: 3 * g})); !errors.Is(err, ErrInvalid) {
				return fmt.Errorf("want ErrInvalid, got %v", err)
			}
			return nil
		}},
		{"failing Map of a directory", func() error {
			if err := closeIfMapped(Map(filepath.Dir(path), Options{})); err == nil {
				return errors.New("mapping a directory succeeded")
			}
			return nil
		}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			k.once() // the first call may load a DLL or make a thread
			before := handleCount(t)
			for i := 0; i < cycles; i++ {
				if err := k.once(); err != nil {
					t.Fatalf("cycle %d: %v", i, err)
				}
			}
			after := handleCount(t)
			// The runtime may make a thread or two meanwhile; a leak
			// would add one handle or more per cycle.
			if after-before > 16 {
				t.Errorf("handles grew from %d to %d in %d cycles", before, after, cycles)
			}
			t.Logf("%d cycles: handles %d -> %d", cycles, before, after)
		})
	}
}
