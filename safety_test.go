//go:build !js && !wasip1 && !plan9

package mmap

// The safety suite: faults become errors, bad input becomes an *Error that
// names the problem, nothing leaks, and concurrent use is race-free. The
// parts that need a particular OS live in safety_unix_test.go,
// safety_linux_test.go and safety_windows_test.go.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
)

// wantError checks that err is an *Error that wraps want (when want is not
// nil), has Op op (when op is not empty) and whose message contains msg.
func wantError(t testing.TB, err error, want error, op, msg string) *Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one wrapping %v", want)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %q is not an *Error", err, err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("error %q does not wrap %v", err, want)
	}
	if op != "" && e.Op != op {
		t.Errorf("error %q has Op %q, want %q", err, e.Op, op)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q does not say %q", err, msg)
	}
	return e
}

// safeMap fails the test when Map fails and closes the Region at the end.
func safeMap(t testing.TB, path string, o Options) *Region {
	t.Helper()
	r, err := Map(path, o)
	if err != nil {
		t.Fatalf("Map(%q, %+v): %v", path, o, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func safeAnon(t testing.TB, size int, o Options) *Region {
	t.Helper()
	r, err := MapAnon(size, o)
	if err != nil {
		t.Fatalf("MapAnon(%d, %+v): %v", size, o, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// closeIfMapped turns an unexpected success into a closed Region and a nil
// error, so that a row of a table that should fail leaks nothing.
func closeIfMapped(r *Region, err error) error {
	if r != nil {
		r.Close()
	}
	return err
}

// safeCall calls the method of r by name, for methods other engineers
// add (Advise, SyncRange, Resize, ...): ok is false when *Region has no
// such method yet. It returns the method's last result when that is an
// error.
func safeCall(r *Region, name string, args ...any) (err error, ok bool) {
	m := reflect.ValueOf(r).MethodByName(name)
	if !m.IsValid() {
		return nil, false
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a).Convert(m.Type().In(i))
	}
	out := m.Call(in)
	if len(out) == 0 {
		return nil, true
	}
	e, _ := out[len(out)-1].Interface().(error)
	return e, true
}

// ---------------------------------------------------------------------------
// Faults become errors

// TestFaultProtection turns accesses that the protection forbids into
// errors, and leaves the Region usable once the protection allows them.
func TestFaultProtection(t *testing.T) {
	ps := PageSize()
	content := pattern(3*ps + 17)
	path := testFile(t, content)
	tests := []struct {
		name  string
		open  func(t *testing.T) *Region
		prot  Prot // what Protect sets before the access; 0: none
		write bool
		off   int64
		want  error
		op    string
	}{
		{"ReadAt of anonymous ProtNone memory", func(t *testing.T) *Region {
			return safeAnon(t, 2*ps, Options{Prot: ProtNone})
		}, 0, false, 5, ErrFault, "read"},
		{"ReadAt after Protect(ProtNone), anonymous", func(t *testing.T) *Region {
			return safeAnon(t, 2*ps, Options{})
		}, ProtNone, false, 0, ErrFault, "read"},
		{"ReadAt after Protect(ProtNone), file", func(t *testing.T) *Region {
			return safeMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
		}, ProtNone, false, int64(ps + 3), ErrFault, "read"},
		{"WriteAt of a read-only file mapping", func(t *testing.T) *Region {
			return safeMap(t, path, Options{})
		}, 0, true, 1, ErrFault, "write"},
		{"WriteAt after Protect(ProtRead), anonymous", func(t *testing.T) *Region {
			return safeAnon(t, 3*ps, Options{})
		}, ProtRead, true, int64(2 * ps), ErrFault, "write"},
		{"WriteAt after Protect(ProtRead), shared file", func(t *testing.T) *Region {
			return safeMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
		}, ProtRead, true, 0, ErrFault, "write"},
		{"WriteAt after Protect(ProtNone), private file", func(t *testing.T) *Region {
			return safeMap(t, path, Options{Prot: ProtRead | ProtWrite})
		}, ProtNone, true, 9, ErrFault, "write"},
		{"WriteAt past the end", func(t *testing.T) *Region {
			return safeAnon(t, ps, Options{})
		}, 0, true, int64(ps), io.ErrShortWrite, "write"},
		{"WriteAt far past the end", func(t *testing.T) *Region {
			return safeAnon(t, ps, Options{})
		}, 0, true, math.MaxInt64, io.ErrShortWrite, "write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.open(t)
			if tt.prot != 0 {
				if err := r.Protect(tt.prot); err != nil {
					t.Fatalf("Protect(%v): %v", tt.prot, err)
				}
			}
			buf := []byte("safety")
			var n int
			var err error
			if tt.write {
				n, err = r.WriteAt(buf, tt.off)
			} else {
				n, err = r.ReadAt(buf, tt.off)
			}
			wantError(t, err, tt.want, tt.op, tt.want.Error())
			if n != 0 {
				t.Errorf("n = %d after a refused access, want 0", n)
			}
			// The Region stays usable once the access is allowed.
			// (Every Region here may be made writable: a private file
			// mapping copies on write.)
			if err := r.Protect(ProtRead | ProtWrite); err != nil {
				t.Fatalf("Protect(ProtRead|ProtWrite) afterwards: %v", err)
			}
			off := min(tt.off, int64(r.Len()-len(buf)))
			if n, err := r.WriteAt(buf, off); n != len(buf) || err != nil {
				t.Fatalf("WriteAt after restoring the protection: %d, %v", n, err)
			}
			got := make([]byte, len(buf))
			if n, err := r.ReadAt(got, off); n != len(buf) || err != nil || !bytes.Equal(got, buf) {
				t.Fatalf("ReadAt after restoring the protection: %d, %v, %q", n, err, got)
			}
		})
	}
}

// TestFaultGuard drives the fault guard itself with memory that really
// faults (the methods check the protection first and never get there):
// a copy from or to an inaccessible page is reported, with a count that
// stops at the first bad page.
func TestFaultGuard(t *testing.T) {
	ps := PageSize()
	tests := []struct {
		name    string
		badPage int // which of the three pages is made inaccessible
		prot    Prot
		write   bool // copy into the mapping rather than out of it
		off     int  // where the copy starts in the mapping
		want    int  // bytes copied before the fault
	}{
		{"read from ProtNone first page", 0, ProtNone, false, 0, 0},
		{"read into the ProtNone middle page", 1, ProtNone, false, 100, ps - 100},
		{"read across into the last page", 2, ProtNone, false, 2*ps - 1, 1},
		{"write to read-only first page", 0, ProtRead, true, 0, 0},
		{"write across into read-only middle page", 1, ProtRead, true, ps - 7, 7},
		{"write to ProtNone last page", 2, ProtNone, true, ps + 1, ps - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := safeAnon(t, 3*ps, Options{})
			mem := r.Bytes()
			copy(mem, pattern(3*ps))
			if err := sysProtect(unsafe.Pointer(&mem[tt.badPage*ps]), ps, tt.prot, r.flags); err != nil {
				t.Fatalf("protecting page %d: %v", tt.badPage, err)
			}
			defer sysProtect(r.m.addr, r.m.size, ProtRead|ProtWrite, r.flags)
			buf := make([]byte, 3*ps)
			var n int
			var fault bool
			if tt.write {
				n, fault = guardedCopy(mem[tt.off:], buf)
			} else {
				n, fault = guardedCopy(buf, mem[tt.off:])
			}
			if !fault {
				t.Fatalf("no fault reported (n = %d)", n)
			}
			if n != tt.want {
				t.Errorf("n = %d, want %d (the bytes before the bad page)", n, tt.want)
			}
			if !tt.write && !bytes.Equal(buf[:n], pattern(3 * ps)[tt.off:tt.off+n]) {
				t.Errorf("the %d bytes reported copied are wrong", n)
			}
		})
	}
}

// TestAfterClose calls every method of *Region, those other files add
// included, on a closed Region: each reports ErrClosed with the Op of the
// call, none crashes, and Len and Bytes are empty.
func TestAfterClose(t *testing.T) {
	ps := PageSize()
	path := testFile(t, pattern(2*ps))
	empty := testFile(t, nil)
	ops := map[string]string{
		"ReadAt": "read", "WriteAt": "write", "Protect": "mprotect", "Sync": "msync",
		"SyncRange": "msync", "Close": "munmap", "Advise": "madvise", "AdviseRange": "madvise",
		"Lock": "mlock", "Unlock": "munlock", "Resize": "mremap", "Resident": "mincore",
	}
	kinds := []struct {
		name string
		open func() (*Region, error)
	}{
		{"file", func() (*Region, error) { return Map(path, Options{}) }},
		{"shared file", func() (*Region, error) {
			return Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
		}},
		{"empty file", func() (*Region, error) { return Map(empty, Options{}) }},
		{"anonymous", func() (*Region, error) { return MapAnon(ps, Options{}) }},
	}
	rt := reflect.TypeOf((*Region)(nil))
	errType := reflect.TypeOf((*error)(nil)).Elem()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			r, err := k.open()
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Close(); err != nil {
				t.Fatalf("first Close: %v", err)
			}
			if r.Len() != 0 || r.Bytes() != nil {
				t.Errorf("after Close: Len %d, Bytes %v; want 0, nil", r.Len(), r.Bytes())
			}
			checked := 0
			for i := 0; i < rt.NumMethod(); i++ {
				m := rt.Method(i)
				if m.Name == "Len" || m.Name == "Bytes" {
					continue
				}
				mt := m.Type
				if mt.NumOut() == 0 || mt.Out(mt.NumOut()-1) != errType {
					t.Logf("%s returns no error; not checked", m.Name)
					continue
				}
				in := []reflect.Value{reflect.ValueOf(r)}
				for j := 1; j < mt.NumIn(); j++ {
					switch a := mt.In(j); {
					case a.Kind() == reflect.Slice:
						in = append(in, reflect.MakeSlice(a, 4, 4))
					case a == reflect.TypeOf(Prot(0)):
						in = append(in, reflect.ValueOf(ProtRead))
					default:
						in = append(in, reflect.Zero(a))
					}
				}
				out := m.Func.Call(in)
				err, _ := out[len(out)-1].Interface().(error)
				op := ops[m.Name]
				if op == "" {
					t.Logf("%s: no Op known for it; only ErrClosed is checked", m.Name)
				}
				wantError(t, err, ErrClosed, op, "closed")
				checked++
			}
			if checked < 5 { // ReadAt, WriteAt, Protect, Sync, Close at least
				t.Errorf("only %d methods checked", checked)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Bad input

// badCall is one call that must fail: with an *Error wrapping want (any
// cause when want is nil), Op op (any when empty), whose message contains
// msg.
type badCall struct {
	name string
	want error
	op   string
	msg  string
	skip string // when not empty: why this row does not apply here
	call func(t *testing.T) error
}

// badEnv is what the rows of the bad-input table work on.
type badEnv struct {
	dir     string
	file    string // 2 pages and a bit, read-write
	size    int64
	missing string
}

func mapCall(path string, o Options) func(*testing.T) error {
	return func(*testing.T) error { return closeIfMapped(Map(path, o)) }
}

func anonCall(size int, o Options) func(*testing.T) error {
	return func(*testing.T) error { return closeIfMapped(MapAnon(size, o)) }
}

// onRegion opens a Region with open, calls fn on it and closes it.
func onRegion(open func() (*Region, error), fn func(r *Region) error) func(*testing.T) error {
	return func(t *testing.T) error {
		r, err := open()
		if err != nil {
			t.Fatalf("opening the Region for the call: %v", err)
		}
		defer r.Close()
		return fn(r)
	}
}

// methodCall is a row for a method that another file may not have added
// yet: it is skipped, saying so, until *Region has it.
func methodCall(name string, want error, msg string, open func() (*Region, error), method string, args ...any) badCall {
	c := badCall{name: name, want: want, msg: msg, call: onRegion(open, func(r *Region) error {
		err, _ := safeCall(r, method, args...)
		return err
	})}
	if _, ok := reflect.TypeOf((*Region)(nil)).MethodByName(method); !ok {
		c.skip = "*Region has no method " + method + " in this tree yet"
	}
	return c
}

func commonBadCalls(t *testing.T, e badEnv) []badCall {
	ps := PageSize()
	shared := func() (*Region, error) {
		return Map(e.file, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
	}
	roShared := func() (*Region, error) { return Map(e.file, Options{Flags: MapShared}) }
	anon := func() (*Region, error) { return MapAnon(2*ps, Options{}) }
	closedFile := func(t *testing.T) error {
		f, err := os.Open(e.file)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		return closeIfMapped(MapFile(f, Options{}))
	}
	roFileShared := func(t *testing.T) error {
		f, err := os.Open(e.file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return closeIfMapped(MapFile(f, Options{Prot: ProtRead | ProtWrite, Flags: MapShared}))
	}
	calls := []badCall{
		{name: "negative Size", want: ErrInvalid, op: "mmap", msg: "negative Size", call: mapCall(e.file, Options{Size: -1})},
		{name: "Size MinInt", want: ErrInvalid, op: "mmap", msg: "negative Size", call: mapCall(e.file, Options{Size: math.MinInt})},
		{name: "negative Offset", want: ErrInvalid, op: "mmap", msg: "negative Offset", call: mapCall(e.file, Options{Offset: -1})},
		{name: "Offset MinInt64", want: ErrInvalid, op: "mmap", msg: "negative Offset", call: mapCall(e.file, Options{Offset: math.MinInt64, Size: 1})},
		{name: "Offset past EOF, read-only", want: ErrInvalid, op: "mmap", msg: "Offset past the end", call: mapCall(e.file, Options{Offset: e.size + 1})},
		{name: "Offset MaxInt64, read-only", want: ErrInvalid, op: "mmap", msg: "Offset past the end", call: mapCall(e.file, Options{Offset: math.MaxInt64})},
		{name: "Size past EOF, read-only", want: ErrInvalid, op: "mmap", msg: "past the end", call: mapCall(e.file, Options{Size: int(e.size) + 1})},
		{name: "Offset+Size past EOF, read-only", want: ErrInvalid, op: "mmap", msg: "past the end", call: mapCall(e.file, Options{Offset: e.size, Size: 1})},
		{name: "Size MaxInt, read-only", want: ErrInvalid, op: "mmap", msg: "past the end", call: mapCall(e.file, Options{Size: math.MaxInt})},
		{name: "Size MaxInt, read-write", want: ErrInvalid, op: "mmap", msg: "too large", call: mapCall(e.file, Options{Open: OpenWrite, Size: math.MaxInt})},
		{name: "Offset+Size overflows int64", want: ErrInvalid, op: "mmap", msg: "overflows", call: mapCall(e.file, Options{Open: OpenWrite, Offset: math.MaxInt64, Size: 1})},
		{name: "Offset+Size overflows by a page", want: ErrInvalid, op: "mmap", msg: "overflows", call: mapCall(e.file, Options{Open: OpenWrite, Offset: math.MaxInt64 - int64(ps) + 2, Size: ps})},
		{name: "MapPrivate|MapShared", want: ErrInvalid, op: "mmap", msg: "MapPrivate and MapShared together", call: mapCall(e.file, Options{Flags: MapPrivate | MapShared})},
		{name: "ProtNone|ProtRead", want: ErrInvalid, op: "mmap", msg: "ProtNone combined with ProtRead", call: mapCall(e.file, Options{Prot: ProtNone | ProtRead})},
		{name: "ProtNone|ProtWrite|ProtExec", want: ErrInvalid, op: "mmap", msg: "ProtNone combined with ProtWrite|ProtExec", call: mapCall(e.file, Options{Prot: ProtNone | ProtWrite | ProtExec})},
		{name: "shared ProtWrite without OpenWrite", want: ErrInvalid, op: "mmap", msg: "without OpenWrite", call: mapCall(e.file, Options{Prot: ProtRead | ProtWrite, Flags: MapShared})},
		{name: "MapAnonymous with a path", want: ErrInvalid, op: "mmap", msg: "MapAnonymous with a file", call: mapCall(e.file, Options{Flags: MapAnonymous, Size: ps})},
		{name: "empty path without MapAnonymous", want: ErrInvalid, op: "mmap", msg: "empty path", call: mapCall("", Options{Size: ps})},
		{name: "MapHugePages with a file", want: ErrInvalid, op: "mmap", msg: "MapHugePages with a file", call: mapCall(e.file, Options{Flags: MapHugePages})},
		{name: "MapNonBlock without MapPopulate", want: ErrInvalid, op: "mmap", msg: "MapNonBlock without MapPopulate", call: mapCall(e.file, Options{Flags: MapNonBlock})},
		{name: "OpenTruncate without OpenWrite", want: ErrInvalid, op: "mmap", msg: "OpenTruncate without OpenWrite", call: mapCall(e.file, Options{Open: OpenTruncate})},
		{name: "unknown OpenFlag bit", want: ErrInvalid, op: "mmap", msg: "unknown OpenFlag bits 0x80000000", call: mapCall(e.file, Options{Open: 1 << 31})},
		{name: "unknown Prot bit", want: ErrInvalid, op: "mmap", msg: "unknown Prot bits 0x10", call: mapCall(e.file, Options{Prot: ProtRead | 1<<4})},
		{name: "unknown MapFlag bit", want: ErrInvalid, op: "mmap", msg: "unknown MapFlag bits 0x40000000", call: mapCall(e.file, Options{Flags: 1 << 30})},
		{name: "Mode with a type bit", want: ErrInvalid, op: "mmap", msg: "Mode has bits other than permissions", call: mapCall(filepath.Join(e.dir, "new"), Options{Open: OpenWrite | OpenCreate, Mode: fs.ModeDir | 0o644})},
		{name: "anonymous size 0", want: ErrInvalid, op: "mmap", msg: "positive size", call: anonCall(0, Options{})},
		{name: "anonymous negative size", want: ErrInvalid, op: "mmap", msg: "negative Size", call: anonCall(-ps, Options{})},
		{name: "anonymous size MaxInt", want: ErrInvalid, op: "mmap", msg: "too large", call: anonCall(math.MaxInt, Options{})},
		{name: "anonymous Options.Size differs", want: ErrInvalid, op: "mmap", msg: "differs", call: anonCall(ps, Options{Size: 2 * ps})},
		{name: "anonymous with Offset", want: ErrInvalid, op: "mmap", msg: "Offset with anonymous memory", call: anonCall(ps, Options{Offset: int64(ps)})},
		{name: "anonymous MapPrivate|MapShared", want: ErrInvalid, op: "mmap", msg: "MapPrivate and MapShared together", call: anonCall(ps, Options{Flags: MapPrivate | MapShared})},
		{name: "Map(\"\") anonymous without Size", want: ErrInvalid, op: "mmap", msg: "positive size", call: mapCall("", Options{Flags: MapAnonymous})},
		{name: "missing file", want: fs.ErrNotExist, op: "open", msg: e.missing, call: mapCall(e.missing, Options{})},
		{name: "OpenEnsureCreate on an existing file", want: fs.ErrExist, op: "open", msg: e.file, call: mapCall(e.file, Options{Open: OpenWrite | OpenEnsureCreate})},
		{name: "path with a NUL byte", want: nil, op: "open", msg: "invalid argument", call: mapCall(e.file+"\x00x", Options{})},
		{name: "closed *os.File", want: ErrClosed, op: "mmap", msg: "closed", call: closedFile},
		{name: "nil *os.File", want: ErrInvalid, op: "mmap", msg: "nil *os.File", call: func(*testing.T) error { return closeIfMapped(MapFile(nil, Options{})) }},
		{name: "MapFile shared ProtWrite of a read-only file", want: fs.ErrPermission, op: "mmap", msg: e.file, call: roFileShared},
		{name: "nil function given to With", want: ErrInvalid, op: "mmap", msg: "nil function", call: func(*testing.T) error { return With(e.file, Options{}, nil) }},
		{name: "With on a missing file", want: fs.ErrNotExist, op: "open", msg: e.missing, call: func(t *testing.T) error {
			return With(e.missing, Options{}, func(*Region) error { t.Error("fn called"); return nil })
		}},
		{name: "Protect(0)", want: ErrInvalid, op: "mprotect", msg: "ask for ProtNone by name", call: onRegion(anon, func(r *Region) error { return r.Protect(0) })},
		{name: "Protect(ProtNone|ProtRead)", want: ErrInvalid, op: "mprotect", msg: "ProtNone combined with ProtRead", call: onRegion(anon, func(r *Region) error { return r.Protect(ProtNone | ProtRead) })},
		{name: "Protect unknown bit", want: ErrInvalid, op: "mprotect", msg: "unknown Prot bits 0x100", call: onRegion(anon, func(r *Region) error { return r.Protect(1 << 8) })},
		{name: "Protect(ProtWrite) of a read-only shared file", want: ErrInvalid, op: "mprotect", msg: "opened read-only", call: onRegion(roShared, func(r *Region) error {
			err := r.Protect(ProtRead | ProtWrite)
			if p := Prot(r.prot.Load()); p != ProtRead {
				t.Errorf("protection after the refusal: %v, want ProtRead", p)
			}
			if _, rerr := r.ReadAt(make([]byte, 8), 0); rerr != nil {
				t.Errorf("ReadAt after the refusal: %v", rerr)
			}
			return err
		})},
		{name: "Sync(SyncWait|SyncAsync)", want: ErrInvalid, op: "msync", msg: "SyncWait and SyncAsync together", call: onRegion(shared, func(r *Region) error { return r.Sync(SyncWait | SyncAsync) })},
		{name: "Sync unknown bit", want: ErrInvalid, op: "msync", msg: "unknown SyncFlag bits 0x20", call: onRegion(shared, func(r *Region) error { return r.Sync(1 << 5) })},
		{name: "ReadAt negative offset", want: ErrInvalid, op: "read", msg: "negative offset", call: onRegion(anon, func(r *Region) error { _, err := r.ReadAt(make([]byte, 1), -1); return err })},
		{name: "ReadAt offset MinInt64", want: ErrInvalid, op: "read", msg: "negative offset", call: onRegion(anon, func(r *Region) error { _, err := r.ReadAt(make([]byte, 1), math.MinInt64); return err })},
		{name: "WriteAt negative offset", want: ErrInvalid, op: "write", msg: "negative offset", call: onRegion(anon, func(r *Region) error { _, err := r.WriteAt(make([]byte, 1), -1); return err })},
		{name: "WriteAt offset MaxInt64", want: io.ErrShortWrite, op: "write", msg: "short write", call: onRegion(anon, func(r *Region) error { _, err := r.WriteAt(make([]byte, 1), math.MaxInt64); return err })},
		{name: "WriteAt of a read-only Region", want: ErrFault, op: "write", msg: "memory fault", call: onRegion(roShared, func(r *Region) error { _, err := r.WriteAt(make([]byte, 1), 0); return err })},
		{name: "ReadAt of ProtNone memory", want: ErrFault, op: "read", msg: "memory fault", call: onRegion(
			func() (*Region, error) { return MapAnon(ps, Options{Prot: ProtNone}) },
			func(r *Region) error { _, err := r.ReadAt(make([]byte, 1), 0); return err })},
		{name: "second Close", want: ErrClosed, op: "munmap", msg: "closed", call: func(t *testing.T) error {
			r, err := anon()
			if err != nil {
				t.Fatal(err)
			}
			r.Close()
			return r.Close()
		}},
		methodCall("Advise of an unknown Advice", ErrInvalid, "Advice", anon, "Advise", 99),
		methodCall("AdviseRange off+n overflows int", ErrInvalid, "invalid argument", anon, "AdviseRange", math.MaxInt, 1, 0),
		methodCall("AdviseRange n overflows int", ErrInvalid, "invalid argument", anon, "AdviseRange", 1, math.MaxInt, 0),
		methodCall("AdviseRange negative off", ErrInvalid, "invalid argument", anon, "AdviseRange", -1, 1, 0),
		methodCall("SyncRange negative n", ErrInvalid, "invalid argument", shared, "SyncRange", 0, -1, 0),
		methodCall("SyncRange off+n overflows int", ErrInvalid, "invalid argument", shared, "SyncRange", ps, math.MaxInt, 0),
		methodCall("SyncRange past the end", ErrInvalid, "invalid argument", shared, "SyncRange", int(e.size), 1, 0),
		methodCall("Resize negative", ErrInvalid, "invalid argument", anon, "Resize", -1),
		methodCall("Resize MaxInt", nil, "mremap", anon, "Resize", math.MaxInt),
	}
	if runtime.GOOS != "windows" {
		// A directory cannot be mapped; Windows refuses to open it at all
		// (its row is in safety_windows_test.go).
		calls = append(calls, badCall{name: "a directory", want: ErrInvalid, op: "mmap", msg: "is a directory", call: mapCall(e.dir, Options{})})
	}
	return calls
}

// TestBadInput runs every bad call of the table, this OS's included, and
// then checks that none of them left a descriptor or a mapping behind.
func TestBadInput(t *testing.T) {
	ps := PageSize()
	dir := testDir(t)
	e := badEnv{dir: dir, file: filepath.Join(dir, "file.bin"), size: int64(2*ps + 5),
		missing: filepath.Join(dir, "missing.bin")}
	if err := os.WriteFile(e.file, pattern(int(e.size)), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := append(commonBadCalls(t, e), osBadCalls(t, e)...)
	names := map[string]bool{}
	before := snapshot(t)
	ran := 0
	for _, c := range calls {
		if names[c.name] {
			t.Fatalf("two rows named %q", c.name)
		}
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			if c.skip != "" {
				t.Skip(c.skip)
			}
			err := c.call(t)
			wantError(t, err, c.want, c.op, c.msg)
			if info, serr := os.Stat(e.file); serr != nil || info.Size() != e.size {
				t.Fatalf("the call changed the file: %v, %v", info, serr)
			}
			ran++
		})
	}
	checkNoLeak(t, before)
	t.Logf("%d bad calls tried (%d rows in the table)", ran, len(calls))
	if ran < 40 {
		t.Errorf("only %d bad calls ran; the table must try at least 40", ran)
	}
	if got := readFile(t, e.file); !bytes.Equal(got, pattern(int(e.size))) {
		t.Errorf("the table changed the content of the file")
	}
}

// ---------------------------------------------------------------------------
// No leaks

// safeProcCounts is what a leak would grow: descriptors, mappings of test
// files, shared anonymous mappings (each its own line in /proc/self/maps)
// and the address space (private anonymous mappings merge with their
// neighbours, so only the total size shows them).
type safeProcCounts struct {
	fds, fileMaps, sharedAnon int
	vmSize                    int64
}

// handleCounter counts the process's handles where there is no /proc
// (safety_windows_test.go sets it).
var handleCounter func(testing.TB) int

func safeCounts(t testing.TB) safeProcCounts {
	t.Helper()
	if runtime.GOOS != "linux" {
		if handleCounter != nil {
			return safeProcCounts{fds: handleCounter(t)}
		}
		return safeProcCounts{}
	}
	s := snapshot(t)
	c := safeProcCounts{fds: len(s.fds), fileMaps: len(s.maps), sharedAnon: countMaps(t, "/dev/zero (deleted)")}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmSize:"); ok {
			fmt.Sscan(v, &c.vmSize)
			c.vmSize <<= 10
		}
	}
	return c
}

// TestNoLeakCycles maps and unmaps many times in every way there is, the
// failing ways included: descriptors and mappings must not grow.
func TestNoLeakCycles(t *testing.T) {
	if runtime.GOOS != "linux" && handleCounter == nil {
		t.Skipf("no way to count descriptors and mappings on %s", runtime.GOOS)
	}
	cycles := 100_000
	if testing.Short() {
		cycles = 5_000
	}
	ps := PageSize()
	const pages = 4
	// Private anonymous mappings merge with their neighbours in
	// /proc/self/maps: only the size of the address space shows a leak,
	// so they are made large enough to stand out from the runtime's own
	// growth (tens of MiB under -race).
	const anonPages = 64
	path := testFile(t, pattern(pages*ps))
	empty := testFile(t, nil)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	kinds := []struct {
		name   string
		cycles int
		once   func() error
	}{
		{"Map file, private", cycles, func() error { return safeMapClose(Map(path, Options{})) }},
		{"Map file, shared read-write, unaligned Offset", cycles, func() error {
			return safeMapClose(Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: 5, Size: 2 * ps}))
		}},
		{"MapFile", cycles / 4, func() error { return safeMapClose(MapFile(f, Options{Flags: MapShared})) }},
		{"MapAnon, private", cycles, func() error { return safeMapClose(MapAnon(anonPages*ps, Options{})) }},
		{"MapAnon, shared", cycles, func() error { return safeMapClose(MapAnon(pages*ps, Options{Flags: MapShared})) }},
		{"With", cycles / 4, func() error { return With(path, Options{}, func(*Region) error { return nil }) }},
		{"empty file", cycles / 4, func() error { return safeMapClose(Map(empty, Options{})) }},
		{"failing Map after open", cycles / 4, func() error {
			err := closeIfMapped(Map(path, Options{Size: pages*ps + 1}))
			if errors.Is(err, ErrInvalid) {
				return nil
			}
			return fmt.Errorf("want ErrInvalid, got %v", err)
		}},
		{"failing mmap", cycles / 4, func() error {
			err := closeIfMapped(Map(path, Options{Flags: MapGrowsDown}))
			if err == nil {
				return errors.New("MapGrowsDown on a file succeeded")
			}
			return nil
		}},
	}
	total := 0
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			before := safeCounts(t)
			start := time.Now()
			for i := 0; i < k.cycles; i++ {
				if err := k.once(); err != nil {
					t.Fatalf("cycle %d: %v", i, err)
				}
			}
			after := safeCounts(t)
			if runtime.GOOS == "windows" {
				// The runtime may make a thread, and a handle for it.
				if after.fds > before.fds+16 {
					t.Errorf("after %d cycles: handles %d -> %d", k.cycles, before.fds, after.fds)
				}
			} else if after.fds != before.fds || after.fileMaps != before.fileMaps || after.sharedAnon != before.sharedAnon {
				t.Errorf("after %d cycles: descriptors %d -> %d, file mappings %d -> %d, shared anonymous mappings %d -> %d",
					k.cycles, before.fds, after.fds, before.fileMaps, after.fileMaps, before.sharedAnon, after.sharedAnon)
			}
			// A leaked private anonymous mapping per cycle would add
			// anonPages*ps bytes each time: at least 320 MiB.
			if grew := after.vmSize - before.vmSize; strings.HasPrefix(k.name, "MapAnon, private") &&
				grew > int64(k.cycles)*int64(anonPages*ps)/2 {
				t.Errorf("address space grew by %d bytes in %d cycles", grew, k.cycles)
			}
			total += k.cycles
			t.Logf("%d cycles in %v without a leak", k.cycles, time.Since(start).Round(time.Millisecond))
		})
	}
	t.Logf("%d Map/Close cycles in all", total)
}

func safeMapClose(r *Region, err error) error {
	if err != nil {
		return err
	}
	return r.Close()
}

// TestCleanupReclaims drops Regions without Close: after garbage
// collection their descriptors and mappings must be gone.
func TestCleanupReclaims(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts descriptors and mappings in /proc, which only Linux has")
	}
	ps := PageSize()
	path := testFile(t, pattern(3*ps))
	const n = 40
	kinds := []struct {
		name  string
		open  func() (*Region, error)
		count func(safeProcCounts) int
	}{
		{"file", func() (*Region, error) { return Map(path, Options{}) }, func(c safeProcCounts) int { return c.fds + c.fileMaps }},
		{"shared file", func() (*Region, error) {
			return Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
		}, func(c safeProcCounts) int { return c.fds + c.fileMaps }},
		{"MapFile", func() (*Region, error) {
			f, err := os.Open(path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return MapFile(f, Options{})
		}, func(c safeProcCounts) int { return c.fds + c.fileMaps }},
		{"shared anonymous", func() (*Region, error) { return MapAnon(ps, Options{Flags: MapShared}) },
			func(c safeProcCounts) int { return c.sharedAnon }},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			before := k.count(safeCounts(t))
			func() {
				regions := make([]*Region, n)
				for i := range regions {
					r, err := k.open()
					if err != nil {
						t.Fatal(err)
					}
					regions[i] = r
				}
				if grew := k.count(safeCounts(t)) - before; grew < n {
					t.Fatalf("%d Regions made only %d descriptors and mappings: nothing to reclaim", n, grew)
				}
				runtime.KeepAlive(regions)
			}()
			deadline := time.Now().Add(10 * time.Second)
			for {
				runtime.GC()
				now := k.count(safeCounts(t))
				if now <= before {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d descriptors and mappings of %d dropped Regions remain after GC", now-before, n)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Concurrency

// TestConcurrentUse has eight goroutines read and write disjoint ranges
// while others Sync and flip the protection. A write refused because the
// protection was read-only at that moment is retried; at the end every
// range must hold what its goroutine last wrote. Run it with -race.
func TestConcurrentUse(t *testing.T) {
	ps := PageSize()
	const workers = 8
	chunk := ps/2 + 3 // ranges that straddle pages
	size := workers*chunk + 11
	kinds := []struct {
		name string
		open func(t *testing.T) *Region
		file string
	}{
		{"anonymous", func(t *testing.T) *Region { return safeAnon(t, size, Options{}) }, ""},
		{"shared file", nil, "shared"},
		{"private file", nil, "private"},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			var r *Region
			var path string
			switch k.file {
			case "":
				r = k.open(t)
			case "shared":
				path = testFile(t, make([]byte, size))
				r = safeMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
			case "private":
				path = testFile(t, make([]byte, size))
				r = safeMap(t, path, Options{Prot: ProtRead | ProtWrite})
			}
			rounds := 300
			if testing.Short() {
				rounds = 60
			}
			stop := make(chan struct{})
			var others sync.WaitGroup
			errs := make(chan error, 16)
			others.Add(2)
			go func() { // Sync, alternating the ways
				defer others.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					f := []SyncFlag{SyncAsync, SyncWait, SyncAsync | SyncInvalidate}[i%3]
					if f&SyncInvalidate != 0 && sysSyncFlags&SyncInvalidate == 0 {
						f = SyncWait // Windows has no invalidation
					}
					if f == SyncAsync|SyncInvalidate && !sysAsyncInvalidate {
						// FreeBSD and DragonFly refuse the pair.
						if err := r.Sync(f); !errors.Is(err, errors.ErrUnsupported) {
							errs <- fmt.Errorf("Sync(%v) = %v, want ErrUnsupported", f, err)
							return
						}
						f = SyncWait | SyncInvalidate
					}
					if err := r.Sync(f); err != nil {
						errs <- fmt.Errorf("Sync(%v): %w", f, err)
						return
					}
				}
			}()
			go func() { // Protect: read-write, read-only, back
				defer others.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						r.Protect(ProtRead | ProtWrite)
						return
					default:
					}
					p := ProtRead | ProtWrite
					if i%2 == 1 {
						p = ProtRead
					}
					if err := r.Protect(p); err != nil {
						errs <- fmt.Errorf("Protect(%v): %w", p, err)
						return
					}
					time.Sleep(50 * time.Microsecond)
				}
			}()
			var wg sync.WaitGroup
			final := make([][]byte, workers)
			refused := make([]int, workers)
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					off := int64(w * chunk)
					buf := make([]byte, chunk)
					got := make([]byte, chunk)
					for i := 0; i < rounds; i++ {
						for j := range buf {
							buf[j] = byte(w*31 + i + j)
						}
						for {
							n, err := r.WriteAt(buf, off)
							if err == nil && n == chunk {
								break
							}
							if !errors.Is(err, ErrFault) {
								errs <- fmt.Errorf("worker %d: WriteAt: %d, %v", w, n, err)
								return
							}
							refused[w]++
							runtime.Gosched()
						}
						if n, err := r.ReadAt(got, off); n != chunk || err != nil {
							errs <- fmt.Errorf("worker %d: ReadAt: %d, %v", w, n, err)
							return
						}
						if !bytes.Equal(got, buf) {
							errs <- fmt.Errorf("worker %d round %d: read back other bytes than written", w, i)
							return
						}
					}
					final[w] = buf
				}()
			}
			wg.Wait()
			close(stop)
			others.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if t.Failed() {
				return
			}
			want := make([]byte, size)
			for w, b := range final {
				copy(want[w*chunk:], b)
			}
			got := make([]byte, size)
			if n, err := r.ReadAt(got, 0); n != size || err != nil || !bytes.Equal(got, want) {
				t.Fatalf("final content wrong: %d, %v", n, err)
			}
			if k.file != "" {
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
				onDisk := readFile(t, path)
				if k.file == "shared" && !bytes.Equal(onDisk, want) {
					t.Errorf("the file does not hold what the shared Region was given")
				}
				if k.file == "private" && !bytes.Equal(onDisk, make([]byte, size)) {
					t.Errorf("writes to a private Region reached the file")
				}
			}
			sum := 0
			for _, n := range refused {
				sum += n
			}
			t.Logf("%d writes refused while read-only, retried", sum)
		})
	}
}
