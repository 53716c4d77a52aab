//go:build !js && !wasip1 && !plan9

package mmap

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// Two processes for real: the test binary re-executed with shmChildEnv set
// runs one job on a named object (shmNameEnv, of shmSizeEnv bytes) in
// init, before any test, prints its verdict on stdout and exits. It works
// natively, under qemu-user (through MMAP_TEST_EMULATOR, as safeChild
// does) and under Wine, where os/exec starts a Windows process.
const (
	shmChildEnv = "MMAP_SHM_CHILD"
	shmNameEnv  = "MMAP_SHM_NAME"
	shmSizeEnv  = "MMAP_SHM_SIZE"
)

func init() {
	job := os.Getenv(shmChildEnv)
	if job == "" {
		return
	}
	size, _ := strconv.Atoi(os.Getenv(shmSizeEnv))
	verdict, err := shmChildJob(job, os.Getenv(shmNameEnv), size)
	if err != nil {
		fmt.Printf("FAIL %v\n", err)
		os.Exit(1)
	}
	fmt.Println(verdict)
	os.Exit(0)
}

// shmChildJob is what a child does:
//   - answer: open the object read-write, check that it holds pattern(size)
//     and overwrite it with the complement, the answer the parent checks;
//   - missing: report how opening the name fails;
//   - create: create the object, write pattern(size) and exit without
//     Close or RemoveShared.
func shmChildJob(job, name string, size int) (string, error) {
	switch job {
	case "answer":
		r, err := OpenShared(name, Options{Prot: ProtRead | ProtWrite})
		if err != nil {
			return "", err
		}
		defer r.Close()
		if r.Len() < size {
			return "", fmt.Errorf("Len() = %d, want at least %d", r.Len(), size)
		}
		got := make([]byte, size)
		if _, err := r.ReadAt(got, 0); err != nil {
			return "", err
		}
		if !bytes.Equal(got, pattern(size)) {
			return "", errors.New("the child does not see the parent's pattern")
		}
		for i := range got {
			got[i] = ^got[i]
		}
		if _, err := r.WriteAt(got, 0); err != nil {
			return "", err
		}
		return "answered " + strconv.Itoa(r.Len()), nil
	case "missing":
		r, err := OpenShared(name, Options{})
		if err == nil {
			r.Close()
			return "opened", nil
		}
		var e *Error
		if errors.As(err, &e) && e.Op == opShmOpen && e.Path == name && errors.Is(err, fs.ErrNotExist) {
			return "notexist", nil
		}
		return "", fmt.Errorf("unexpected error %#v", err)
	case "create":
		r, err := CreateShared(name, size, Options{})
		if err != nil {
			return "", err
		}
		if _, err := r.WriteAt(pattern(size), 0); err != nil {
			return "", err
		}
		return "created", nil // exits with the Region open: the OS cleans up
	}
	return "", fmt.Errorf("unknown job %q", job)
}

// shmChild runs job in a child process and returns its verdict.
func shmChild(t *testing.T, job, name string, size int) string {
	t.Helper()
	_, out, err := runChild(t, []string{shmChildEnv + "=" + job, shmNameEnv + "=" + name, shmSizeEnv + "=" + strconv.Itoa(size)})
	verdict := strings.TrimSpace(string(out))
	if err != nil {
		t.Fatalf("child %s: %v: %s", job, err, verdict)
	}
	return verdict
}

var shmCounter atomic.Int64

// shmTestName is a name no other test run uses: the test-file prefix (so
// that snapshot sees the mappings on Linux), the pid and a counter. The
// name is removed when the test ends, whatever the test did with it.
func shmTestName(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("mmaptest-%d-%d", os.Getpid(), shmCounter.Add(1))
	t.Cleanup(func() { RemoveShared(name) })
	return name
}

// wantRemoved checks RemoveShared of a name that no longer exists: an
// *Error matching fs.ErrNotExist on Unix, nil on Windows (where
// RemoveShared does nothing).
func wantRemoved(t *testing.T, name string) {
	t.Helper()
	err := RemoveShared(name)
	if runtime.GOOS == "windows" {
		if err != nil {
			t.Errorf("RemoveShared on Windows: %v, want nil", err)
		}
		return
	}
	wantShmError(t, err, opShmUnlink, name, fs.ErrNotExist)
}

// wantShmError checks that err is an *Error of op about name that
// matches target.
func wantShmError(t *testing.T, err error, op, name string, target error) {
	t.Helper()
	var e *Error
	switch {
	case err == nil:
		t.Fatalf("%s %q: no error, want %v", op, name, target)
	case !errors.As(err, &e) || err != error(e):
		t.Fatalf("%s %q: %T %v is not an *Error", op, name, err, err)
	case e.Op != op || e.Path != name:
		t.Errorf("%s %q: Op %q Path %q, want %q %q (%v)", op, name, e.Op, e.Path, op, name, err)
	}
	if !errors.Is(err, target) {
		t.Errorf("%s %q: %v does not match %v", op, name, err, target)
	}
}

func TestSharedTwoProcesses(t *testing.T) {
	before := snapshot(t)
	name := shmTestName(t)
	size := 3*PageSize() + 123
	r, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != size {
		t.Errorf("Len() = %d, want %d", r.Len(), size)
	}
	if !bytes.Equal(r.Bytes(), make([]byte, size)) {
		t.Error("a new object is not zeroed")
	}
	copy(r.Bytes(), pattern(size))
	verdict := shmChild(t, "answer", name, size)
	if want := "answered " + strconv.Itoa(shmObjectSize(t, size)); verdict != want {
		t.Errorf("child says %q, want %q", verdict, want)
	}
	want := pattern(size)
	for i := range want {
		want[i] = ^want[i]
	}
	if !bytes.Equal(r.Bytes(), want) {
		t.Error("the parent does not see the child's answer")
	}
	if err := r.Sync(SyncWait); err != nil {
		t.Errorf("Sync: %v", err)
	}
	if err := RemoveShared(name); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	checkNoLeak(t, before)
}

// TestSharedRemove: on Unix RemoveShared takes the name away at once (the
// mapping made before stays valid); on Windows it does nothing and the
// name goes with the last Region.
func TestSharedRemove(t *testing.T) {
	name := shmTestName(t)
	size := PageSize()
	r, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	copy(r.Bytes(), pattern(size))
	if err := RemoveShared(name); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "windows" {
		if v := shmChild(t, "answer", name, size); !strings.HasPrefix(v, "answered") {
			t.Errorf("child after RemoveShared: %q, want the object still there", v)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	} else {
		if _, err := r.WriteAt([]byte("still mapped"), 0); err != nil {
			t.Errorf("WriteAt after RemoveShared: %v", err)
		}
	}
	if v := shmChild(t, "missing", name, size); v != "notexist" {
		t.Errorf("child opening a removed name: %q, want notexist", v)
	}
	wantRemoved(t, name)
	// The name can be used again.
	r2, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatalf("CreateShared after removal: %v", err)
	}
	if !bytes.Equal(r2.Bytes(), make([]byte, size)) {
		t.Error("a name created again does not give a new, zeroed object")
	}
	r2.Close()
}

// TestSharedLifetime: an object whose creator exited is still there on
// Unix, until RemoveShared; on Windows it went with the creator's Region.
func TestSharedLifetime(t *testing.T) {
	name := shmTestName(t)
	size := 2*PageSize() + 7
	if v := shmChild(t, "create", name, size); v != "created" {
		t.Fatalf("child: %q", v)
	}
	r, err := OpenShared(name, Options{})
	if runtime.GOOS == "windows" {
		wantShmError(t, err, opShmOpen, name, fs.ErrNotExist)
		return
	}
	if err != nil {
		t.Fatalf("OpenShared after the creator exited: %v", err)
	}
	defer r.Close()
	if r.Len() != shmObjectSize(t, size) {
		t.Errorf("Len() = %d, want %d", r.Len(), shmObjectSize(t, size))
	}
	if !bytes.Equal(r.Bytes()[:size], pattern(size)) {
		t.Error("the object lost the exited creator's bytes")
	}
	if err := RemoveShared(name); err != nil {
		t.Fatal(err)
	}
	if v := shmChild(t, "missing", name, size); v != "notexist" {
		t.Errorf("after RemoveShared: %q, want notexist", v)
	}
}

func TestSharedReadOnly(t *testing.T) {
	name := shmTestName(t)
	size := PageSize() + 10
	rw, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	copy(rw.Bytes(), pattern(size))
	ro, err := OpenShared(name, Options{Size: size}) // zero Prot: ProtRead
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	checkReadOnly(t, ro, name, pattern(size))
	// Writes through the other Region show through this one.
	rw.Bytes()[5] = 0xAB
	if ro.Bytes()[5] != 0xAB {
		t.Error("a read-only Region does not see writes of another")
	}

	// CreateShared without ProtWrite still makes the object, zeroed.
	name2 := shmTestName(t)
	cro, err := CreateShared(name2, size, Options{Prot: ProtRead})
	if err != nil {
		t.Fatal(err)
	}
	defer cro.Close()
	checkReadOnly(t, cro, name2, make([]byte, size))
	w, err := OpenShared(name2, Options{Prot: ProtRead | ProtWrite, Size: size})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.Bytes()[0] = 1
	if cro.Bytes()[0] != 1 {
		t.Error("the read-only creator does not see a writer's bytes")
	}
}

func checkReadOnly(t *testing.T, r *Region, name string, want []byte) {
	t.Helper()
	if !bytes.Equal(r.Bytes()[:len(want)], want) {
		t.Error("read-only Region: wrong contents")
	}
	n, err := r.WriteAt([]byte{1}, 0)
	if n != 0 || !errors.Is(err, ErrFault) {
		t.Errorf("WriteAt on a read-only Region: %d, %v; want 0, ErrFault", n, err)
	}
	err = r.Protect(ProtRead | ProtWrite)
	var e *Error
	if err == nil || !errors.As(err, &e) || e.Op != "mprotect" || e.Path != name {
		t.Errorf("Protect(ProtWrite) on a read-only Region: %v, want an *Error", err)
	}
	if !errors.Is(err, ErrInvalid) && !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Protect(ProtWrite): %v, want ErrInvalid or fs.ErrPermission", err)
	}
	if _, err := r.WriteAt([]byte{1}, 0); !errors.Is(err, ErrFault) {
		t.Errorf("after a refused Protect, WriteAt: %v, want ErrFault", err)
	}
	if err := r.Protect(ProtNone); err != nil {
		t.Errorf("Protect(ProtNone): %v", err)
	}
	if err := r.Protect(ProtRead); err != nil {
		t.Errorf("Protect(ProtRead): %v", err)
	}
}

// TestSharedBadInput: each bad call is an *Error with Op "shm_open" (or
// "shm_unlink") and the name as Path, matching the right fs error, and
// leaves no descriptor, mapping or object behind.
func TestSharedBadInput(t *testing.T) {
	before := snapshot(t)
	leftBefore := shmObjects(t)
	size := PageSize()
	invalidNames := []string{
		"",
		strings.Repeat("a", 31),
		"a/b",
		"/ab",
		`a\b`,
		`Global\ab`,
		".hidden",
		"..",
		".",
		"a\x00b",
		"café",
		"a b",
		"a:b",
		"a*",
	}
	for _, name := range invalidNames {
		_, err := CreateShared(name, size, Options{})
		wantShmError(t, err, opShmOpen, name, ErrInvalid)
		_, err = OpenShared(name, Options{})
		wantShmError(t, err, opShmOpen, name, ErrInvalid)
		wantShmError(t, RemoveShared(name), opShmUnlink, name, ErrInvalid)
	}

	name := shmTestName(t)
	for _, c := range []struct {
		what string
		size int
		o    Options
	}{
		{"negative size", -1, Options{}},
		{"zero size", 0, Options{}},
		{"huge size", math.MaxInt, Options{}},
		{"Size differs", size, Options{Size: size + 1}},
		{"Offset", size, Options{Offset: 1}},
		{"negative Offset", size, Options{Offset: -1}},
		{"MapPrivate", size, Options{Flags: MapPrivate}},
		{"MapPrivate|MapShared", size, Options{Flags: MapPrivate | MapShared}},
		{"MapAnonymous", size, Options{Flags: MapAnonymous}},
		{"MapHugePages", size, Options{Flags: MapHugePages}},
		{"unknown Prot", size, Options{Prot: 1 << 20}},
		{"unknown MapFlag", size, Options{Flags: 1 << 30}},
		{"ProtNone with ProtRead", size, Options{Prot: ProtNone | ProtRead}},
		{"Mode not a permission", size, Options{Mode: fs.ModeDir | 0o600}},
		{"Mode setuid", size, Options{Mode: fs.ModeSetuid | 0o600}},
		{"MapAllocate read-only", size, Options{Prot: ProtRead, Flags: MapAllocate}},
	} {
		_, err := CreateShared(name, c.size, c.o)
		if err == nil {
			t.Fatalf("CreateShared with %s: no error", c.what)
		}
		wantShmError(t, err, opShmOpen, name, ErrInvalid)
	}
	for _, c := range []struct {
		what string
		o    Options
	}{
		{"MapPrivate", Options{Flags: MapPrivate}},
		{"MapAnonymous", Options{Flags: MapAnonymous}},
		{"MapHugePages", Options{Flags: MapHugePages}},
		{"negative Size", Options{Size: -1}},
		{"negative Offset", Options{Offset: -1}},
		{"MapAllocate read-only", Options{Flags: MapAllocate}},
	} {
		_, err := OpenShared(name, c.o)
		wantShmError(t, err, opShmOpen, name, ErrInvalid)
	}

	// Names that do not exist.
	_, err := OpenShared(name, Options{})
	wantShmError(t, err, opShmOpen, name, fs.ErrNotExist)
	wantRemoved(t, name)

	// A name that exists: CreateShared refuses it and leaves it alone.
	r, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatal(err)
	}
	copy(r.Bytes(), pattern(size))
	_, err = CreateShared(name, size, Options{})
	wantShmError(t, err, opShmOpen, name, fs.ErrExist)
	_, err = CreateShared(name, 2*size, Options{Prot: ProtRead})
	wantShmError(t, err, opShmOpen, name, fs.ErrExist)
	if !bytes.Equal(r.Bytes(), pattern(size)) {
		t.Error("a refused CreateShared changed the existing object")
	}

	// OpenShared never reaches past the end, nor changes the size.
	objSize := int64(shmObjectSize(t, size))
	for _, o := range []Options{
		{Offset: objSize + 1},
		{Offset: objSize + 1<<20},
		{Size: int(objSize) + 1},
		{Offset: 1, Size: int(objSize)},
		{Offset: objSize, Size: 1},
		{Prot: ProtRead | ProtWrite, Size: int(objSize) + 1<<20},
		{Offset: math.MaxInt64, Size: 1},
	} {
		_, err := OpenShared(name, o)
		wantShmError(t, err, opShmOpen, name, ErrInvalid)
	}
	r2, err := OpenShared(name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Len() != int(objSize) {
		t.Errorf("after the refused calls the object has %d bytes, want %d", r2.Len(), objSize)
	}
	r2.Close()
	if err := RemoveShared(name); err != nil {
		t.Fatal(err)
	}
	r.Close()
	checkNoLeak(t, before)
	if left := shmObjects(t); len(left) != len(leftBefore) {
		t.Errorf("objects left behind: %q (before: %q)", left, leftBefore)
	}
}

// TestSharedRange: OpenShared maps Size bytes at any Offset, and an Offset
// at the very end gives an empty Region.
func TestSharedRange(t *testing.T) {
	name := shmTestName(t)
	size := max(5*PageSize(), 2*granularity) + 99
	r, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	copy(r.Bytes(), pattern(size))
	for _, c := range []struct{ off, n int }{
		{0, size},
		{1, 10},
		{PageSize() + 5, 2 * PageSize()},
		{size - 1, 1},
		{granularity, 17},
		{3, 0}, // to the end
	} {
		sub, err := OpenShared(name, Options{Offset: int64(c.off), Size: c.n})
		if err != nil {
			t.Fatalf("Offset %d Size %d: %v", c.off, c.n, err)
		}
		n := c.n
		if n == 0 {
			n = shmObjectSize(t, size) - c.off
		}
		want := append(pattern(size), make([]byte, shmObjectSize(t, size)-size)...)[c.off : c.off+n]
		if sub.Len() != n || !bytes.Equal(sub.Bytes(), want) {
			t.Errorf("Offset %d Size %d: Len %d, contents differ: %v", c.off, c.n, sub.Len(), !bytes.Equal(sub.Bytes(), want))
		}
		if err := sub.Close(); err != nil {
			t.Fatal(err)
		}
	}
	empty, err := OpenShared(name, Options{Offset: int64(shmObjectSize(t, size))})
	if err != nil {
		t.Fatalf("Offset at the end: %v", err)
	}
	if empty.Len() != 0 || empty.Bytes() == nil {
		t.Errorf("Offset at the end: Len %d, Bytes nil: %v", empty.Len(), empty.Bytes() == nil)
	}
	if err := empty.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSharedResize: where the OS allows it, Resize grows and shrinks the
// object, as another Region opened afterwards sees; elsewhere it is
// ErrUnsupported and nothing changes.
func TestSharedResize(t *testing.T) {
	name := shmTestName(t)
	size := 2 * PageSize()
	r, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	copy(r.Bytes(), pattern(size))
	err = r.Resize(3 * size)
	if !sysShmResizable {
		wantShmError(t, err, "mremap", name, errors.ErrUnsupported)
		if r.Len() != size || !bytes.Equal(r.Bytes(), pattern(size)) {
			t.Error("a refused Resize changed the Region")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != 3*size || !bytes.Equal(r.Bytes()[:size], pattern(size)) || !bytes.Equal(r.Bytes()[size:], make([]byte, 2*size)) {
		t.Error("Resize did not keep the prefix and zero the growth")
	}
	other, err := OpenShared(name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if other.Len() != 3*size {
		t.Errorf("after growing, another Region sees %d bytes, want %d", other.Len(), 3*size)
	}
	other.Close()
	if err := r.Resize(size / 2); err != nil {
		t.Fatal(err)
	}
	other, err = OpenShared(name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if other.Len() != size/2 || !bytes.Equal(other.Bytes(), pattern(size)[:size/2]) {
		t.Errorf("after shrinking, another Region sees %d bytes", other.Len())
	}
	// A read-only Region cannot grow the object.
	err = other.Resize(size)
	wantShmError(t, err, "mremap", name, ErrInvalid)
}

// TestSharedNameLimits: the longest name and every allowed byte work.
func TestSharedNameLimits(t *testing.T) {
	base := shmTestName(t) + "_"
	for _, name := range []string{
		base + strings.Repeat("Z", shmNameMax-len(base)),
		base + "a.B-9",
		base + "x..",
	} {
		if len(name) > shmNameMax {
			name = name[:shmNameMax]
		}
		r, err := CreateShared(name, 1, Options{})
		if err != nil {
			t.Fatalf("%q (%d bytes): %v", name, len(name), err)
		}
		if r.Len() != 1 {
			t.Errorf("%q: Len %d", name, r.Len())
		}
		if err := RemoveShared(name); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		wantRemoved(t, name)
	}
}

// TestSharedReserveAndClose: the Options that work as for files, and a
// Region of shared memory closing like any other.
func TestSharedCloseTwice(t *testing.T) {
	name := shmTestName(t)
	r, err := CreateShared(name, 100, Options{Prot: ProtRead | ProtWrite, Flags: MapShared, Mode: 0o640})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
	if r.Len() != 0 || r.Bytes() != nil {
		t.Error("a closed shared Region still has bytes")
	}
}

// TestSharedReserve: Reserve works as for files where mapFile maps the
// object (Linux, the BSDs, Solaris): growing within Cap never moves the
// Region, and the object grows with it. macOS and Windows, whose objects
// cannot be resized, refuse it.
func TestSharedReserve(t *testing.T) {
	name := shmTestName(t)
	size := PageSize()
	r, err := CreateShared(name, size, Options{Reserve: 8 * size})
	if !sysShmResizable {
		wantShmError(t, err, opShmOpen, name, errors.ErrUnsupported)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Cap() < 8*size || r.Len() != size {
		t.Fatalf("Len %d Cap %d, want %d and at least %d", r.Len(), r.Cap(), size, 8*size)
	}
	copy(r.Bytes(), pattern(size))
	addr := addrOf(r.Bytes())
	if err := r.Resize(6 * size); err != nil {
		t.Fatal(err)
	}
	if addrOf(r.Bytes()) != addr {
		t.Error("Resize within Cap moved the Region")
	}
	other, err := OpenShared(name, Options{Reserve: 8 * size})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if other.Len() != 6*size || !bytes.Equal(other.Bytes()[:size], pattern(size)) {
		t.Errorf("another Region sees %d bytes after the growth, want %d", other.Len(), 6*size)
	}
	_, err = OpenShared(name, Options{Reserve: size})
	wantShmError(t, err, opShmOpen, name, ErrInvalid)
}

// TestSharedAllocate: MapAllocate works as for a file where the object is
// one (Linux: fallocate on tmpfs), is kept by construction on Windows
// (SEC_COMMIT), and is refused where neither holds.
func TestSharedAllocate(t *testing.T) {
	name := shmTestName(t)
	r, err := CreateShared(name, 3*PageSize(), Options{Flags: MapAllocate})
	if !shmAllocates {
		wantShmError(t, err, opShmOpen, name, errors.ErrUnsupported)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	copy(r.Bytes(), pattern(r.Len()))
	o, err := OpenShared(name, Options{Prot: ProtRead | ProtWrite, Flags: MapAllocate})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if !bytes.Equal(o.Bytes()[:r.Len()], pattern(r.Len())) {
		t.Error("contents differ")
	}
}
