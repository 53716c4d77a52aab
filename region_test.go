//go:build !js && !wasip1 && !plan9

package mmap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// openFlagChecker, where the OS lets a test see a descriptor's flags,
// checks that a Region's own descriptor on path carries o and close-on-exec.
var openFlagChecker func(t *testing.T, path string, o OpenFlag)

// wantErr checks that err is an *Error with op that wraps target.
func wantErr(t *testing.T, err error, op string, target error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if op != "" && e.Op != op {
		t.Errorf("Op = %q, want %q (%v)", e.Op, op, err)
	}
	if target != nil && !errors.Is(err, target) {
		t.Errorf("error %q does not wrap %v", err, target)
	}
}

func mustMap(t *testing.T, path string, o Options) *Region {
	t.Helper()
	r, err := Map(path, o)
	if err != nil {
		t.Fatalf("Map(%q, %+v): %v", path, o, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestMapOffsetsAndSizes(t *testing.T) {
	ps, g := PageSize(), Granularity()
	content := pattern(3*g + 100)
	path := testFile(t, content)
	tests := []struct {
		name   string
		off    int64
		size   int
		wantLo int // content[wantLo:wantHi] expected
		wantHi int
	}{
		{"whole file", 0, 0, 0, len(content)},
		{"offset 1", 1, 0, 1, len(content)},
		{"offset page-1", int64(ps - 1), 10, ps - 1, ps + 9},
		{"offset page", int64(ps), 0, ps, len(content)},
		{"offset page+1", int64(ps + 1), ps, ps + 1, 2*ps + 1},
		{"offset granularity+3", int64(g + 3), 5, g + 3, g + 8},
		{"offset two granularities-1", int64(2*g - 1), g, 2*g - 1, 3*g - 1},
		{"last byte", int64(len(content) - 1), 0, len(content) - 1, len(content)},
		{"size only", 0, 7, 0, 7},
		{"exact end", int64(len(content) - 50), 50, len(content) - 50, len(content)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustMap(t, path, Options{Offset: tt.off, Size: tt.size})
			want := content[tt.wantLo:tt.wantHi]
			if r.Len() != len(want) || !bytes.Equal(r.Bytes(), want) {
				t.Fatalf("Len %d, bytes differ from the file at [%d:%d]", r.Len(), tt.wantLo, tt.wantHi)
			}
			buf := make([]byte, len(want))
			if n, err := r.ReadAt(buf, 0); n != len(want) || err != nil || !bytes.Equal(buf, want) {
				t.Fatalf("ReadAt = %d, %v", n, err)
			}
		})
	}
}

func TestEmptyRegions(t *testing.T) {
	content := pattern(100)
	full := testFile(t, content)
	empty := testFile(t, nil)
	tests := []struct {
		name string
		path string
		o    Options
	}{
		{"empty file", empty, Options{}},
		{"empty file writable shared", empty, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}},
		{"size 0 at the end", full, Options{Offset: 100}},
		{"size 0 at the end writable", full, Options{Offset: 100, Open: OpenWrite}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t)
			r, err := Map(tt.path, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if r.Len() != 0 || r.Bytes() == nil || len(r.Bytes()) != 0 {
				t.Fatalf("Len %d, Bytes %v: want a valid empty region", r.Len(), r.Bytes())
			}
			if n, err := r.ReadAt(make([]byte, 1), 0); n != 0 || err != io.EOF {
				t.Errorf("ReadAt = %d, %v; want 0, io.EOF", n, err)
			}
			if n, err := r.WriteAt(nil, 0); n != 0 || err != nil {
				t.Errorf("WriteAt(nil) = %d, %v", n, err)
			}
			if n, err := r.WriteAt([]byte{1}, 0); n != 0 || !errors.Is(err, io.ErrShortWrite) {
				t.Errorf("WriteAt = %d, %v; want a short write", n, err)
			}
			for name, err := range map[string]error{
				"Sync": r.Sync(0), "Protect": r.Protect(ProtRead), "Advise": r.Advise(AdviceWillNeed),
				"SyncRange": r.SyncRange(0, 0, SyncWait), "Lock": r.Lock(), "Unlock": r.Unlock(),
			} {
				if err != nil {
					t.Errorf("%s on an empty region: %v", name, err)
				}
			}
			if n, err := r.Resident(); n != 0 || err != nil {
				t.Errorf("Resident = %d, %v", n, err)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			checkNoLeak(t, before)
		})
	}
	if got := readFile(t, full); !bytes.Equal(got, content) {
		t.Error("mapping empty regions changed the file")
	}
}

func TestPrivateAndShared(t *testing.T) {
	content := pattern(3 * PageSize())
	tests := []struct {
		name      string
		o         Options
		reachFile bool
	}{
		{"private read-only file", Options{Prot: ProtRead | ProtWrite, Flags: MapPrivate}, false},
		{"private writable file", Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapPrivate}, false},
		{"default flags are private", Options{Open: OpenRead | OpenWrite, Prot: ProtRead | ProtWrite}, false},
		{"shared", Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, true},
		{"shared at an offset", Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: 5}, true},
	}
	for _, tt := range tests {
		for _, sync := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "/close", true: "/sync"}[sync], func(t *testing.T) {
				path := testFile(t, content)
				r := mustMap(t, path, tt.o)
				msg := []byte("written through the map")
				off := int64(PageSize() + 3)
				if n, err := r.WriteAt(msg, off); n != len(msg) || err != nil {
					t.Fatalf("WriteAt = %d, %v", n, err)
				}
				if !bytes.Equal(r.Bytes()[off:off+int64(len(msg))], msg) {
					t.Fatal("the write is not visible through Bytes")
				}
				if sync {
					if err := r.Sync(SyncWait); err != nil {
						t.Fatal(err)
					}
				} else if err := r.Close(); err != nil {
					t.Fatal(err)
				}
				want := bytes.Clone(content)
				if tt.reachFile {
					copy(want[tt.o.Offset+off:], msg)
				}
				if got := readFile(t, path); !bytes.Equal(got, want) {
					t.Errorf("file after the write: reachFile=%v not honoured", tt.reachFile)
				}
			})
		}
	}
}

func TestAnonymous(t *testing.T) {
	tests := []struct {
		name string
		size int
		o    Options
	}{
		{"private", 100, Options{}},
		{"shared", 3*PageSize() + 1, Options{Flags: MapShared}},
		{"through Map", 5000, Options{Flags: MapAnonymous, Size: 5000}},
		{"Size equal", 4096, Options{Size: 4096}},
		{"Open ignored", 4096, Options{Open: OpenRead | OpenWrite | OpenTruncate}},
		{"no reserve", 1 << 20, Options{Flags: MapNoReserve}},
		{"populate", 1 << 20, Options{Flags: MapPopulate}},
		{"populate nonblock", 1 << 20, Options{Flags: MapPopulate | MapNonBlock}},
		{"exec", PageSize(), Options{Prot: ProtRead | ProtWrite | ProtExec}},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests,
			struct {
				name string
				size int
				o    Options
			}{"locked", 64 << 10, Options{Flags: MapLocked}},
			struct {
				name string
				size int
				o    Options
			}{"grows down", 64 << 10, Options{Flags: MapGrowsDown}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *Region
			var err error
			if tt.o.Flags&MapAnonymous != 0 {
				r, err = Map("", tt.o)
			} else {
				r, err = MapAnon(tt.size, tt.o)
			}
			if errors.Is(err, errors.ErrUnsupported) && tt.o.Flags&^(MapShared|MapPrivate|MapAnonymous) != 0 {
				t.Skipf("%v is not available on %s: %v", tt.o.Flags, runtime.GOOS, err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Len() != tt.size {
				t.Fatalf("Len = %d, want %d", r.Len(), tt.size)
			}
			if !bytes.Equal(r.Bytes(), make([]byte, tt.size)) {
				t.Fatal("anonymous memory is not zeroed")
			}
			p := pattern(tt.size)
			if n, err := r.WriteAt(p, 0); n != tt.size || err != nil {
				t.Fatalf("WriteAt = %d, %v", n, err)
			}
			if !bytes.Equal(r.Bytes(), p) {
				t.Fatal("anonymous memory did not keep what was written")
			}
			if err := r.Sync(SyncWait); err != nil {
				t.Errorf("Sync of anonymous memory: %v", err)
			}
		})
	}
}

func TestMapExtendsWritableFiles(t *testing.T) {
	ps := PageSize()
	tests := []struct {
		name     string
		size     int
		o        Options
		wantSize int64
		wantErr  error
	}{
		{"size past the end", 100, Options{Open: OpenWrite, Size: 3 * ps}, int64(3 * ps), nil},
		{"offset past the end", 100, Options{Open: OpenWrite, Offset: int64(5 * ps), Size: 10}, int64(5*ps + 10), nil},
		{"shared past the end", 10, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: 7, Size: 9000}, 9007, nil},
		{"read-only past the end", 100, Options{Size: 101}, 100, ErrInvalid},
		{"read-only offset past the end", 100, Options{Offset: 101}, 100, ErrInvalid},
		{"read-only offset past the end with size", 100, Options{Offset: 200, Size: 1}, 100, ErrInvalid},
		{"writable offset past the end without size", 100, Options{Open: OpenWrite, Offset: 101}, 100, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := pattern(tt.size)
			path := testFile(t, content)
			r, err := Map(path, tt.o)
			if tt.wantErr != nil {
				wantErr(t, err, "mmap", tt.wantErr)
			} else if err != nil {
				t.Fatal(err)
			} else {
				if r.Len() != int(tt.wantSize-tt.o.Offset) {
					t.Errorf("Len = %d, want %d", r.Len(), tt.wantSize-tt.o.Offset)
				}
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
			}
			got := readFile(t, path)
			if int64(len(got)) != tt.wantSize {
				t.Fatalf("file size %d, want %d", len(got), tt.wantSize)
			}
			if !bytes.Equal(got[:tt.size], content) || !bytes.Equal(got[tt.size:], make([]byte, len(got)-tt.size)) {
				t.Error("the extended file does not hold its old content followed by zeros")
			}
		})
	}
}

func TestOpenFlags(t *testing.T) {
	dir := testDir(t)
	existing := filepath.Join(dir, "existing")
	if err := os.WriteFile(existing, pattern(100), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		file     string // relative to dir; created fresh unless "existing"
		o        Options
		wantErr  error
		wantSize int
	}{
		{"read", "existing", Options{Open: OpenRead}, nil, 100},
		{"write", "existing", Options{Open: OpenWrite}, nil, 100},
		{"create new", "new1", Options{Open: OpenWrite | OpenCreate, Size: 10}, nil, 10},
		{"create read-only gives an empty file", "new2", Options{Open: OpenCreate}, nil, 0},
		{"create existing", "existing", Options{Open: OpenCreate}, nil, 100},
		{"ensure-create new", "new3", Options{Open: OpenWrite | OpenEnsureCreate, Size: 5}, nil, 5},
		{"ensure-create existing", "existing", Options{Open: OpenWrite | OpenEnsureCreate}, fs.ErrExist, 0},
		{"missing", "missing", Options{}, fs.ErrNotExist, 0},
		{"truncate", "existing", Options{Open: OpenWrite | OpenTruncate}, nil, 0},
		{"truncate and create", "new4", Options{Open: OpenWrite | OpenTruncate | OpenCreate, Size: 3}, nil, 3},
		{"file sync", "existing", Options{Open: OpenWrite | OpenFileSync}, nil, 100},
		{"direct", "existing", Options{Open: OpenDirect}, nil, 100},
		{"data sync", "existing", Options{Open: OpenWrite | OpenDataSync}, nil, 100},
		{"no controlling tty", "existing", Options{Open: OpenDontClaimTTY}, nil, 100},
		{"non-block", "existing", Options{Open: OpenNonBlock}, nil, 100},
		{"non-block writable", "existing", Options{Open: OpenWrite | OpenNonBlock}, nil, 100},
		{"writable without non-block", "existing", Options{Open: OpenWrite}, nil, 100},
		{"no-follow on a plain file", "existing", Options{Open: OpenNoFollow}, nil, 100},
		{"async", "existing", Options{Open: OpenAsync}, nil, 100},
		{"large file", "existing", Options{Open: OpenLargeFile}, nil, 100},
		{"directory on a file", "existing", Options{Open: OpenDirectory}, syscall.ENOTDIR, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if tt.file == "existing" {
				if err := os.WriteFile(existing, pattern(100), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Map(path, tt.o)
			if unsup := tt.o.Open &^ (sysOpenFlags | OpenRead | OpenWrite); unsup != 0 {
				wantErr(t, err, "open", errors.ErrUnsupported)
				return
			}
			if tt.wantErr != nil {
				wantErr(t, err, "", tt.wantErr)
				return
			}
			if err != nil {
				if tt.o.Open&OpenDirect != 0 && errors.Is(err, syscall.EINVAL) {
					t.Skipf("the file system under %s does not take O_DIRECT: %v", dir, err)
				}
				t.Fatal(err)
			}
			defer r.Close()
			if r.Len() != tt.wantSize {
				t.Errorf("Len = %d, want %d", r.Len(), tt.wantSize)
			}
			if openFlagChecker != nil {
				openFlagChecker(t, path, tt.o.Open)
			}
		})
	}
}

func TestNoFollowRefusesSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("OpenNoFollow is not available on Windows; TestUnsupportedFlags covers it")
	}
	target := testFile(t, pattern(10))
	link := filepath.Join(testDir(t), "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, err := Map(link, Options{Open: OpenNoFollow}); err == nil {
		t.Fatal("OpenNoFollow mapped through a symbolic link")
	} else {
		wantErr(t, err, "open", nil)
	}
	r := mustMap(t, link, Options{})
	if r.Len() != 10 {
		t.Fatalf("through the link: Len %d", r.Len())
	}
}

func TestSyncFlags(t *testing.T) {
	tests := []struct {
		f       SyncFlag
		wantErr error
	}{
		{0, nil},
		{SyncWait, nil},
		{SyncAsync, nil},
		{SyncInvalidate, nil},
		{SyncWait | SyncInvalidate, nil},
		{SyncAsync | SyncInvalidate, nil},
		{SyncWait | SyncAsync, ErrInvalid},
		{1 << 7, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.f.String(), func(t *testing.T) {
			path := testFile(t, pattern(2*PageSize()))
			r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
			copy(r.Bytes()[10:], "synced")
			err := r.Sync(tt.f)
			refused := tt.f&^sysSyncFlags&syncAll != 0 ||
				tt.f&(SyncAsync|SyncInvalidate) == SyncAsync|SyncInvalidate && !sysAsyncInvalidate // FreeBSD, DragonFly
			if refused && tt.wantErr == nil {
				wantErr(t, err, "msync", errors.ErrUnsupported)
				return
			}
			if tt.wantErr != nil {
				wantErr(t, err, "msync", tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, path); string(got[10:16]) != "synced" {
				t.Errorf("file holds %q after Sync", got[10:16])
			}
		})
	}
}

func TestSyncOfPrivateAndReadOnlyRegionsDoesNothing(t *testing.T) {
	content := pattern(PageSize())
	path := testFile(t, content)
	for _, o := range []Options{
		{},
		{Prot: ProtRead | ProtWrite},
		{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapPrivate},
		{Flags: MapShared},
	} {
		r := mustMap(t, path, o)
		if o.Prot&ProtWrite != 0 {
			r.Bytes()[0]++
		}
		for _, f := range []SyncFlag{0, SyncWait, SyncAsync} {
			if err := r.Sync(f); err != nil {
				t.Errorf("%+v: Sync(%v) = %v", o, f, err)
			}
		}
		r.Close()
	}
	if !bytes.Equal(readFile(t, path), content) {
		t.Error("a private mapping's change reached the file")
	}
}

// dirOp is the Op of the error for mapping a directory: Unix opens it and
// refuses to map it; Windows refuses to open it (CreateFileW without
// FILE_FLAG_BACKUP_SEMANTICS).
var dirOp = map[bool]string{false: "mmap", true: "open"}[runtime.GOOS == "windows"]

func TestBadOptions(t *testing.T) {
	path := testFile(t, pattern(100))
	dir := testDir(t)
	tests := []struct {
		name    string
		path    string
		o       Options
		op      string
		wantErr error
		msg     string
	}{
		{"unknown open bits", path, Options{Open: 1 << 20}, "mmap", ErrInvalid, "OpenFlag"},
		{"unknown prot bits", path, Options{Prot: 1 << 9}, "mmap", ErrInvalid, "Prot"},
		{"unknown map bits", path, Options{Flags: 1 << 20}, "mmap", ErrInvalid, "MapFlag"},
		{"private and shared", path, Options{Flags: MapPrivate | MapShared}, "mmap", ErrInvalid, "MapPrivate and MapShared"},
		{"prot none with read", path, Options{Prot: ProtNone | ProtRead}, "mmap", ErrInvalid, "ProtNone"},
		{"shared write on read-only open", path, Options{Prot: ProtWrite | ProtRead, Flags: MapShared}, "mmap", ErrInvalid, "OpenWrite"},
		{"anonymous with a path", path, Options{Flags: MapAnonymous, Size: 10}, "mmap", ErrInvalid, "MapAnonymous"},
		{"empty path without anonymous", "", Options{Size: 10}, "mmap", ErrInvalid, "empty path"},
		{"anonymous without size", "", Options{Flags: MapAnonymous}, "mmap", ErrInvalid, "size"},
		{"negative size", path, Options{Size: -1}, "mmap", ErrInvalid, "negative Size"},
		{"negative offset", path, Options{Offset: -1}, "mmap", ErrInvalid, "negative Offset"},
		{"nonblock without populate", path, Options{Flags: MapNonBlock}, "mmap", ErrInvalid, "MapPopulate"},
		{"huge pages with a file", path, Options{Flags: MapHugePages}, "mmap", ErrInvalid, "MapHugePages"},
		{"truncate without write", path, Options{Open: OpenTruncate}, "mmap", ErrInvalid, "OpenTruncate"},
		{"offset overflows", path, Options{Open: OpenWrite, Offset: 1<<63 - 10, Size: 100}, "mmap", ErrInvalid, "overflow"},
		{"directory", dir, Options{}, dirOp, nil, ""},
		{"mode with type bits", path, Options{Mode: fs.ModeDir | 0o644}, "mmap", ErrInvalid, "Mode"},
		{"nul in path", path + "\x00x", Options{}, "open", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t)
			r, err := Map(tt.path, tt.o)
			if err == nil {
				r.Close()
				t.Fatalf("Map succeeded")
			}
			wantErr(t, err, tt.op, tt.wantErr)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q does not say %q", err, tt.msg)
			}
			checkNoLeak(t, before)
		})
	}
}

func TestUnsupportedFlags(t *testing.T) {
	path := testFile(t, pattern(100))
	tried := 0
	for bit := OpenFlag(1); bit <= OpenLargeFile; bit <<= 1 {
		if bit&(sysOpenFlags|OpenRead|OpenWrite) != 0 {
			continue
		}
		tried++
		_, err := Map(path, Options{Open: bit})
		wantErr(t, err, "open", errors.ErrUnsupported)
		if err != nil && !strings.Contains(err.Error(), bit.String()) {
			t.Errorf("%v: message %q does not name the flag", bit, err)
		}
	}
	for bit := MapFlag(1); bit <= MapHugePages; bit <<= 1 {
		if bit&sysMapFlags != 0 {
			continue
		}
		tried++
		o := Options{Flags: bit | MapAnonymous}
		if bit == MapNonBlock {
			o.Flags |= MapPopulate
		}
		_, err := MapAnon(PageSize(), o)
		wantErr(t, err, "mmap", errors.ErrUnsupported)
	}
	r, err := MapAnon(PageSize(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for bit := SyncFlag(1); bit <= SyncInvalidate; bit <<= 1 {
		if bit&sysSyncFlags == 0 {
			tried++
			wantErr(t, r.Sync(bit), "msync", errors.ErrUnsupported)
		}
	}
	t.Logf("%d flags are not available on %s; each failed with ErrUnsupported", tried, runtime.GOOS)
	if runtime.GOOS == "linux" && tried != 0 {
		t.Errorf("Linux honours every flag, but %d were refused", tried)
	}
}

func TestErrorContract(t *testing.T) {
	_, err := Map(filepath.Join(testDir(t), "missing"), Options{})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T is not *Error", err)
	}
	if !errors.Is(err, fs.ErrNotExist) || e.Code() == 0 || e.Op != "open" || e.Path == "" {
		t.Errorf("missing file: %#v, Code %d", e, e.Code())
	}
	if got, want := e.Error(), "open "+e.Path+": "; !strings.HasPrefix(got, want) {
		t.Errorf("Error() = %q, want prefix %q", got, want)
	}
	_, err = MapAnon(-1, Options{})
	if !errors.As(err, &e) || e.Path != "" || !strings.HasPrefix(e.Error(), "mmap: ") || e.Code() != 0 {
		t.Errorf("anonymous error %q: want \"mmap: ...\" with Code 0", err)
	}
	if (&Error{Op: "mmap", Path: "/data/x.bin", Err: syscall.EINVAL}).Error() != "mmap /data/x.bin: invalid argument" {
		t.Error("Error() does not read \"op path: cause\"")
	}
	if (&Error{Op: "msync", Err: syscall.Errno(5)}).Code() != 5 {
		t.Error("Code() does not find the errno")
	}
}

func TestMapAnonRules(t *testing.T) {
	tests := []struct {
		name string
		size int
		o    Options
	}{
		{"zero size", 0, Options{}},
		{"negative size", -5, Options{}},
		{"Size differs", 100, Options{Size: 200}},
		{"Offset", 100, Options{Offset: 4096}},
		{"huge size", int(^uint(0) >> 1), Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := MapAnon(tt.size, tt.o)
			if err == nil {
				r.Close()
				t.Fatal("MapAnon succeeded")
			}
			wantErr(t, err, "mmap", ErrInvalid)
		})
	}
}

func TestReadAtWriteAt(t *testing.T) {
	const size = 1000
	content := pattern(size)
	path := testFile(t, content)
	r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
	reads := []struct {
		off   int64
		n     int
		wantN int
		err   error
	}{
		{0, 10, 10, nil},
		{990, 10, 10, nil},
		{995, 10, 5, io.EOF},
		{size, 1, 0, io.EOF},
		{size + 100, 1, 0, io.EOF},
		{size, 0, 0, io.EOF},
		{5, 0, 0, nil},
		{-1, 1, 0, ErrInvalid},
		{1 << 62, 1, 0, io.EOF},
	}
	for _, tt := range reads {
		p := make([]byte, tt.n)
		n, err := r.ReadAt(p, tt.off)
		if n != tt.wantN || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("ReadAt(%d bytes, %d) = %d, %v; want %d, %v", tt.n, tt.off, n, err, tt.wantN, tt.err)
		}
		if tt.err == io.EOF && err != io.EOF {
			t.Errorf("ReadAt(%d): io.EOF must be bare, got %#v", tt.off, err)
		}
		if n > 0 && !bytes.Equal(p[:n], content[tt.off:tt.off+int64(n)]) {
			t.Errorf("ReadAt(%d) read the wrong bytes", tt.off)
		}
	}
	writes := []struct {
		off   int64
		n     int
		wantN int
		err   error
	}{
		{0, 10, 10, nil},
		{995, 5, 5, nil},
		{995, 10, 5, io.ErrShortWrite},
		{size, 1, 0, io.ErrShortWrite},
		{size + 7, 0, 0, nil},
		{-1, 1, 0, ErrInvalid},
		{1 << 62, 3, 0, io.ErrShortWrite},
	}
	for _, tt := range writes {
		p := bytes.Repeat([]byte{0xAB}, tt.n)
		n, err := r.WriteAt(p, tt.off)
		if n != tt.wantN || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("WriteAt(%d bytes, %d) = %d, %v; want %d, %v", tt.n, tt.off, n, err, tt.wantN, tt.err)
		}
		if err != nil {
			wantErr(t, err, "", nil)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, path)
	if len(got) != size || !bytes.Equal(got[:10], bytes.Repeat([]byte{0xAB}, 10)) || !bytes.Equal(got[995:], bytes.Repeat([]byte{0xAB}, 5)) {
		t.Error("writes did not reach the file, or WriteAt grew it")
	}
}

func TestProtect(t *testing.T) {
	path := testFile(t, pattern(2*PageSize()))
	// Mapped with the widest protection it will need, as the seed says:
	// Windows cannot widen a view past what it was made with.
	r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite | ProtExec, Flags: MapShared})
	steps := []struct {
		p       Prot
		wantErr error
		read    bool // ReadAt works afterwards
		write   bool // WriteAt works afterwards
	}{
		{ProtRead, nil, true, false},
		{ProtRead | ProtWrite, nil, true, true},
		{ProtNone, nil, false, false},
		{0, ErrInvalid, false, false},
		{ProtNone | ProtRead, ErrInvalid, false, false},
		{1 << 8, ErrInvalid, false, false},
		{ProtRead | ProtWrite | ProtExec, nil, true, true},
		{ProtRead, nil, true, false},
	}
	for i, s := range steps {
		err := r.Protect(s.p)
		if s.wantErr != nil {
			wantErr(t, err, "mprotect", s.wantErr)
		} else if err != nil {
			t.Fatalf("step %d: Protect(%v): %v", i, s.p, err)
		}
		_, rerr := r.ReadAt(make([]byte, 8), 100)
		_, werr := r.WriteAt([]byte("x"), 100)
		if (rerr == nil) != s.read || (werr == nil) != s.write {
			t.Errorf("step %d after Protect(%v): read err %v, write err %v", i, s.p, rerr, werr)
		}
		if rerr != nil {
			wantErr(t, rerr, "read", ErrFault)
		}
		if werr != nil {
			wantErr(t, werr, "write", ErrFault)
		}
	}
}

func TestProtectWriteOnReadOnlySharedFile(t *testing.T) {
	path := testFile(t, pattern(100))
	r := mustMap(t, path, Options{Flags: MapShared})
	wantErr(t, r.Protect(ProtRead|ProtWrite), "mprotect", ErrInvalid)
	if _, err := r.WriteAt([]byte("x"), 0); err == nil {
		t.Error("the failed Protect left the region writable")
	}
	if _, err := r.ReadAt(make([]byte, 1), 0); err != nil {
		t.Errorf("the failed Protect changed the old protection: %v", err)
	}
}

func TestClose(t *testing.T) {
	path := testFile(t, pattern(100))
	r, err := Map(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 0 || r.Bytes() != nil {
		t.Errorf("after Close: Len %d, Bytes %v", r.Len(), r.Bytes())
	}
	_, rerr := r.ReadAt(make([]byte, 1), 0)
	_, werr := r.WriteAt([]byte{1}, 0)
	_, reserr := r.Resident()
	calls := []struct {
		op  string
		err error
	}{
		{"munmap", r.Close()},
		{"read", rerr},
		{"write", werr},
		{"msync", r.Sync(0)},
		{"mprotect", r.Protect(ProtRead)},
		{"madvise", r.Advise(AdviceNormal)},
		{"madvise", r.AdviseRange(0, 0, AdviceNormal)},
		{"msync", r.SyncRange(0, 0, 0)},
		{"mlock", r.Lock()},
		{"munlock", r.Unlock()},
		{"mremap", r.Resize(10)},
		{"mincore", reserr},
	}
	for _, c := range calls {
		wantErr(t, c.err, c.op, ErrClosed)
	}
}

func TestMapFile(t *testing.T) {
	content := pattern(3 * PageSize())
	t.Run("read-only file", func(t *testing.T) {
		path := testFile(t, content)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// Options.Open is ignored entirely, whatever it holds.
		r, err := MapFile(f, Options{Open: OpenWrite | OpenTruncate | OpenCreate, Offset: 3})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(r.Bytes(), content[3:]) {
			t.Fatal("MapFile mapped the wrong bytes")
		}
		_, err = MapFile(f, Options{Prot: ProtRead | ProtWrite, Flags: MapShared})
		wantErr(t, err, "mmap", fs.ErrPermission)
		var e *Error
		if errors.As(err, &e) && e.Path != f.Name() {
			t.Errorf("Path = %q, want f.Name() %q", e.Path, f.Name())
		}
		_, err = MapFile(f, Options{Size: len(content) + 1})
		wantErr(t, err, "mmap", ErrInvalid)
		// Copy-on-write needs no write access to the file.
		if err := r.Protect(ProtRead | ProtWrite); err != nil {
			t.Errorf("Protect(ProtRead|ProtWrite) of a private mapping: %v", err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Stat(); err != nil {
			t.Errorf("Close closed the caller's file: %v", err)
		}
	})
	t.Run("writable file outlives f", func(t *testing.T) {
		path := testFile(t, content)
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := MapFile(f, Options{Prot: ProtRead | ProtWrite, Flags: MapShared, Size: len(content) + 10})
		if err != nil {
			t.Fatal(err)
		}
		f.Close() // the Region has a handle of its own
		copy(r.Bytes()[len(content):], "tail")
		if err := r.Sync(SyncWait); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		got := readFile(t, path)
		if len(got) != len(content)+10 || string(got[len(content):len(content)+4]) != "tail" {
			t.Errorf("MapFile of a writable file: size %d, tail %q", len(got), got[len(content):])
		}
	})
	t.Run("closed file", func(t *testing.T) {
		path := testFile(t, content)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		_, err = MapFile(f, Options{})
		wantErr(t, err, "mmap", ErrClosed)
	})
	t.Run("nil file", func(t *testing.T) {
		_, err := MapFile(nil, Options{})
		wantErr(t, err, "mmap", ErrInvalid)
	})
}

func TestWith(t *testing.T) {
	content := pattern(100)
	path := testFile(t, content)
	errFn := errors.New("from fn")
	var kept *Region
	err := With(path, Options{}, func(r *Region) error {
		kept = r
		if !bytes.Equal(r.Bytes(), content) {
			t.Error("With mapped the wrong bytes")
		}
		return errFn
	})
	if err != errFn {
		t.Errorf("With returned %v, want fn's error as it is", err)
	}
	if kept.Len() != 0 {
		t.Error("With did not unmap after fn failed")
	}
	if err := With(path, Options{}, func(r *Region) error { kept = r; return nil }); err != nil {
		t.Errorf("With = %v", err)
	}
	if kept.Len() != 0 {
		t.Error("With did not unmap after fn succeeded")
	}
	if err := With(path, Options{}, func(r *Region) error { return r.Close() }); err != nil {
		t.Errorf("With after fn closed the region itself = %v", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not come through With")
			}
		}()
		With(path, Options{}, func(r *Region) error { kept = r; panic("boom") })
	}()
	if kept.Len() != 0 {
		t.Error("With did not unmap on a panic")
	}
	wantErr(t, With(path, Options{}, nil), "mmap", ErrInvalid)
	wantErr(t, With(path+".missing", Options{}, func(*Region) error { return nil }), "open", fs.ErrNotExist)
}

func TestPageSizeAndGranularity(t *testing.T) {
	if PageSize() != os.Getpagesize() {
		t.Errorf("PageSize() = %d, os.Getpagesize() = %d", PageSize(), os.Getpagesize())
	}
	want := PageSize()
	if runtime.GOOS == "windows" {
		want = 64 << 10
	}
	if Granularity() != want {
		t.Errorf("Granularity() = %d, want %d", Granularity(), want)
	}
	if PageSize() <= 0 || PageSize()&(PageSize()-1) != 0 {
		t.Errorf("PageSize() = %d is not a power of two", PageSize())
	}
}

func TestFlagStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{(OpenRead | OpenWrite).String(), "OpenRead|OpenWrite"},
		{OpenLargeFile.String(), "OpenLargeFile"},
		{(ProtNone).String(), "ProtNone"},
		{(MapShared | MapHugePages).String(), "MapShared|MapHugePages"},
		{(SyncAsync | SyncInvalidate | 1<<5).String(), "SyncAsync|SyncInvalidate|0x20"},
		{Prot(0).String(), "0"},
		{AdvicePopulateWrite.String(), "AdvicePopulateWrite"},
		{Advice(42).String(), "Advice(42)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestNoLeakOverManyCycles(t *testing.T) {
	path := testFile(t, pattern(3*PageSize()+5))
	cycles := 5000
	if testing.Short() {
		cycles = 500
	}
	before := snapshot(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < cycles; i++ {
		for _, mk := range []func() (*Region, error){
			func() (*Region, error) { return Map(path, Options{Offset: int64(i % 100)}) },
			func() (*Region, error) { return MapFile(f, Options{}) },
			func() (*Region, error) { return MapAnon(PageSize(), Options{}) },
		} {
			r, err := mk()
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := Map(path, Options{Size: 1 << 20}); err == nil {
			t.Fatal("mapping past the end of a read-only file succeeded")
		}
	}
	f.Close()
	checkNoLeak(t, before)
}

// TestByteOrderRoundTrip checks that a mapping moves bytes, not words: a
// value stored in either byte order through the mapping lands in the file
// as exactly those bytes, on little- and big-endian machines alike.
func TestByteOrderRoundTrip(t *testing.T) {
	path := testFile(t, make([]byte, 64))
	r := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
	const v = 0x0102030405060708
	binary.BigEndian.PutUint64(r.Bytes()[0:], v)
	binary.LittleEndian.PutUint64(r.Bytes()[8:], v)
	if _, err := r.WriteAt([]byte{0xA1, 0xB2, 0xC3, 0xD4}, 16); err != nil {
		t.Fatal(err)
	}
	if err := r.Sync(SyncWait); err != nil {
		t.Fatal(err)
	}
	want := []byte{1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1, 0xA1, 0xB2, 0xC3, 0xD4}
	if got := readFile(t, path)[:len(want)]; !bytes.Equal(got, want) {
		t.Errorf("file holds % x, want % x", got, want)
	}
	// And back: the file's bytes, read through a fresh mapping.
	r2 := mustMap(t, path, Options{})
	if binary.BigEndian.Uint64(r2.Bytes()) != v || binary.LittleEndian.Uint64(r2.Bytes()[8:]) != v {
		t.Errorf("values do not read back in their byte order")
	}
}
