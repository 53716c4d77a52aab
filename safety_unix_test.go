//go:build unix

package mmap

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ---------------------------------------------------------------------------
// Child processes: the test binary re-executed with childEnv set does one
// job in init, before the testing package starts, and never returns.

const childEnv = "MMAP_SAFETY_CHILD"

func init() {
	switch os.Getenv(childEnv) {
	case "":
		return
	case "fds":
		childListFDs()
	case "kill":
		childWriteAndDie()
	default:
		fmt.Fprintf(os.Stderr, "unknown %s=%q\n", childEnv, os.Getenv(childEnv))
		os.Exit(2)
	}
}

// childListFDs prints "fd dev ino" for every descriptor the process has.
func childListFDs() {
	dir := "/dev/fd"
	if runtime.GOOS == "linux" {
		dir = "/proc/self/fd"
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	for _, e := range entries {
		fd, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) != nil {
			continue // the directory's own descriptor, gone by now
		}
		fmt.Printf("%d %d %d\n", fd, uint64(st.Dev), uint64(st.Ino))
	}
	os.Exit(0)
}

// childWriteAndDie maps the file it is told to, writes killPattern, Syncs
// when asked, says so, and kills itself with SIGKILL.
func childWriteAndDie() {
	off, _ := strconv.ParseInt(os.Getenv("MMAP_SAFETY_OFF"), 10, 64)
	size, _ := strconv.Atoi(os.Getenv("MMAP_SAFETY_SIZE"))
	flags := MapShared
	if os.Getenv("MMAP_SAFETY_PRIVATE") != "" {
		flags = MapPrivate
	}
	fail := func(what string, err error) {
		fmt.Printf("%s: %v\n", what, err)
		os.Exit(4)
	}
	r, err := Map(os.Getenv("MMAP_SAFETY_PATH"), Options{Open: OpenWrite | OpenCreate, Prot: ProtRead | ProtWrite,
		Flags: flags, Offset: off, Size: size})
	if err != nil {
		fail("Map", err)
	}
	if n, err := r.WriteAt(killPattern(size), 0); n != size || err != nil {
		fail("WriteAt", err)
	}
	if os.Getenv("MMAP_SAFETY_SYNC") != "" {
		if err := r.Sync(SyncWait); err != nil {
			fail("Sync", err)
		}
		fmt.Println("synced")
	}
	fmt.Println("written")
	os.Stdout.Sync()
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	time.Sleep(time.Minute)
	os.Exit(5) // not reached
}

func killPattern(n int) []byte {
	b := pattern(n)
	for i := range b {
		b[i] ^= 0xA5 // never all zero, unlike a fresh file
	}
	return b
}

// safeChild runs the test binary as a child doing job (childEnv); see
// runChild.
func safeChild(t *testing.T, job string, env []string, extra ...*os.File) (*exec.Cmd, []byte, error) {
	t.Helper()
	return runChild(t, append([]string{childEnv + "=" + job}, env...), extra...)
}

// ---------------------------------------------------------------------------
// Faults: a file truncated under the mapping

// mapThenTruncate maps a new file holding content (through MapFile when
// viaFile), then cuts the file to cut bytes under the mapping; it returns
// the Region and the file's path.
func mapThenTruncate(t *testing.T, content []byte, o Options, viaFile bool, cut int) (*Region, string) {
	t.Helper()
	path := testFile(t, content)
	var r *Region
	if viaFile {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err = MapFile(f, o)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
	} else {
		r = safeMap(t, path, o)
	}
	if err := os.Truncate(path, int64(cut)); err != nil {
		t.Fatal(err)
	}
	return r, path
}

// TestFaultTruncated truncates the file through another descriptor and
// reads and writes past the new end: each access is an *Error wrapping
// ErrFault, the bytes before the end stay readable, and once the file is
// long again the Region works as before.
func TestFaultTruncated(t *testing.T) {
	ps := PageSize()
	tests := []struct {
		name   string
		opts   Options
		write  bool
		off    int // in the Region
		length int
		maxN   int // the bytes that lie before the new end
	}{
		{"read past the new end, shared", Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, false, 2 * ps, 10, 0},
		{"write past the new end, shared", Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, true, 3*ps - 1, 1, 0},
		{"read across the new end, shared", Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, false, ps - 10, 100, 10},
		{"write across the new end, shared", Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, true, ps - 3, 2 * ps, 3},
		{"read past the new end, private", Options{}, false, 3 * ps, 1, 0},
		{"read past the new end, unaligned Offset", Options{Offset: 100}, false, 2*ps - 100, 8, 0},
		{"read past the new end, MapFile", Options{Flags: MapShared}, false, 2 * ps, ps, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := pattern(4 * ps)
			r, path := mapThenTruncate(t, content, tt.opts, strings.Contains(tt.name, "MapFile"), ps)
			buf := make([]byte, tt.length)
			var n int
			var err error
			if tt.write {
				for i := range buf {
					buf[i] = 0xEE
				}
				n, err = r.WriteAt(buf, int64(tt.off))
			} else {
				n, err = r.ReadAt(buf, int64(tt.off))
			}
			op := "read"
			if tt.write {
				op = "write"
			}
			wantError(t, err, ErrFault, op, "memory fault")
			if n > tt.maxN {
				t.Errorf("n = %d, but only %d bytes lie before the new end", n, tt.maxN)
			}
			file := content[tt.opts.Offset:]
			if !tt.write && !bytes.Equal(buf[:n], file[tt.off:tt.off+n]) {
				t.Errorf("the %d bytes reported read are wrong", n)
			}
			// Before the new end the Region works.
			got := make([]byte, 16)
			if k, err := r.ReadAt(got, 0); k != len(got) || err != nil || !bytes.Equal(got, file[:16]) {
				t.Fatalf("ReadAt(0) after the fault: %d, %v", k, err)
			}
			// Long again, the file backs the whole Region: zeros past the
			// old cut for a shared mapping.
			if err := os.Truncate(path, int64(4*ps)); err != nil {
				t.Fatal(err)
			}
			got = make([]byte, 8)
			at := int64(r.Len() - len(got))
			if k, err := r.ReadAt(got, at); k != len(got) || err != nil {
				t.Fatalf("ReadAt(%d) once the file is long again: %d, %v", at, k, err)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Bad input this OS can be given

func osBadCalls(t *testing.T, e badEnv) []badCall {
	ps := PageSize()
	fifo := filepath.Join(e.dir, "fifo")
	if err := mkfifo(fifo); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(e.dir, "sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	link := filepath.Join(e.dir, "link")
	if err := os.Symlink(e.file, link); err != nil {
		t.Fatal(err)
	}
	notLinux := ""
	if runtime.GOOS != "linux" {
		notLinux = "Linux only (" + runtime.GOOS + " has no such file or errno)"
	}
	calls := []badCall{
		{name: "a FIFO, read-only", want: ErrInvalid, op: "mmap", msg: "not a regular file", call: fifoCall(fifo, Options{})},
		{name: "a FIFO, read-write", want: ErrInvalid, op: "mmap", msg: "not a regular file", call: fifoCall(fifo, Options{Open: OpenWrite, Size: ps})},
		{name: "a socket", want: syscall.ENXIO, op: "open", msg: "no such device or address", call: mapCall(sock, Options{})},
		{name: "a directory, read-write", want: syscall.EISDIR, op: "open", msg: "is a directory", call: mapCall(e.dir, Options{Open: OpenWrite})},
		{name: "a directory through MapFile", want: ErrInvalid, op: "mmap", msg: "is a directory", call: func(t *testing.T) error {
			f, err := os.Open(e.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			return closeIfMapped(MapFile(f, Options{}))
		}},
		{name: "/dev/zero without Size", want: ErrInvalid, op: "mmap", msg: "Options.Size is needed", call: mapCall("/dev/zero", Options{})},
		{name: "/dev/zero, Offset+Size overflows", want: ErrInvalid, op: "mmap", msg: "overflows", call: mapCall("/dev/zero", Options{Offset: 1<<63 - 1, Size: ps})},
		{name: "/dev/null with a Size", op: "mmap", msg: "/dev/null", skip: notLinux, call: func(t *testing.T) error {
			// ENODEV; qemu-user says EINVAL.
			return oneOf(t, closeIfMapped(Map("/dev/null", Options{Size: ps})), syscall.ENODEV, syscall.EINVAL)
		}},
		{name: "/proc file of size 0, with a Size", want: ErrInvalid, op: "mmap", msg: "past the end", skip: notLinux, call: mapCall("/proc/self/status", Options{Size: ps})},
		{name: "/proc file of size 0, with an Offset", want: ErrInvalid, op: "mmap", msg: "Offset past the end", skip: notLinux, call: mapCall("/proc/self/status", Options{Offset: 1})},
		{name: "OpenDirectory on a file", want: syscall.ENOTDIR, op: "open", msg: "not a directory", skip: notLinux, call: mapCall(e.file, Options{Open: OpenDirectory})},
		{name: "OpenNoFollow on a symlink", want: syscall.ELOOP, op: "open", msg: "symbolic links", skip: notLinux, call: mapCall(link, Options{Open: OpenNoFollow})},
		{name: "MapGrowsDown on a file", want: syscall.EINVAL, op: "mmap", msg: "invalid argument", skip: notLinux, call: mapCall(e.file, Options{Flags: MapGrowsDown})},
		{name: "file size beyond the filesystem's limit", want: nil, op: "mmap", msg: e.file, call: func(t *testing.T) error {
			// ext4 stops at 16 TiB, others at 8 EiB: an offset just
			// below 2^63 is past every limit. Whatever refuses, the file
			// must keep its size.
			err := closeIfMapped(Map(e.file, Options{Open: OpenWrite, Offset: 1<<63 - 1 - 2*int64(ps), Size: ps}))
			return err
		}},
	}
	if runtime.GOOS == "linux" {
		var nr int
		if b, err := os.ReadFile("/proc/sys/vm/nr_hugepages"); err == nil {
			fmt.Sscan(string(b), &nr)
		}
		c := badCall{name: "MapHugePages with no huge pages reserved", op: "mmap", msg: "mmap: ", call: func(t *testing.T) error {
			// ENOMEM; qemu-user says EINVAL.
			return oneOf(t, closeIfMapped(MapAnon(ps, Options{Flags: MapHugePages})), syscall.ENOMEM, syscall.EINVAL)
		}}
		if nr != 0 {
			c.skip = fmt.Sprintf("vm.nr_hugepages is %d: huge pages are there to be had", nr)
		}
		calls = append(calls, c)
	}
	return calls
}

// oneOf checks that err wraps one of the errnos (kernels and emulators
// differ) and returns it.
func oneOf(t *testing.T, err error, errnos ...syscall.Errno) error {
	t.Helper()
	for _, e := range errnos {
		if errors.Is(err, e) {
			return err
		}
	}
	t.Errorf("error %v is none of %v", err, errnos)
	return err
}

// fifoCall maps a FIFO, which open(2) would wait on forever for a writer:
// Map must neither wait nor succeed. If it hangs, a writer is opened to
// set it free and the row fails.
func fifoCall(path string, o Options) func(*testing.T) error {
	return func(t *testing.T) error {
		done := make(chan error, 1)
		go func() { done <- closeIfMapped(Map(path, o)) }()
		select {
		case err := <-done:
			return err
		case <-time.After(5 * time.Second):
			fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
			if err == nil {
				defer syscall.Close(fd)
			}
			err = <-done
			t.Errorf("Map(%q, %+v) blocked on the FIFO until a writer came (then: %v)", path, o, err)
			return err
		}
	}
}

// ---------------------------------------------------------------------------
// No lost data

// TestKilledChildKeepsData: a child writes through a map and dies of
// SIGKILL, having called Sync or not. What it wrote through a shared map
// is in the file; what it wrote through a private one is not.
func TestKilledChildKeepsData(t *testing.T) {
	ps := PageSize()
	tests := []struct {
		name    string
		sync    bool
		private bool
		off     int64
		size    int
		prefill int  // bytes the file has before the child runs
		want    bool // the data reaches the file
	}{
		{"shared, Sync, one page", true, false, 0, ps, 0, true},
		{"shared, Sync, unaligned Offset, growing the file", true, false, 123, 3*ps + 7, ps, true},
		{"shared, no Sync", false, false, 0, 2 * ps, 2 * ps, true},
		{"shared, no Sync, unaligned Offset", false, false, int64(ps) + 1, ps + 1, 0, true},
		{"private, Sync: nothing reaches the file", true, true, 0, ps, ps, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(testDir(t), "killed.bin")
			if tt.prefill > 0 {
				if err := os.WriteFile(path, make([]byte, tt.prefill), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			env := []string{"MMAP_SAFETY_PATH=" + path, "MMAP_SAFETY_OFF=" + strconv.FormatInt(tt.off, 10),
				"MMAP_SAFETY_SIZE=" + strconv.Itoa(tt.size)}
			if tt.sync {
				env = append(env, "MMAP_SAFETY_SYNC=1")
			}
			if tt.private {
				env = append(env, "MMAP_SAFETY_PRIVATE=1")
				if tt.off+int64(tt.size) > int64(tt.prefill) {
					t.Fatal("a private row needs a file long enough")
				}
			}
			cmd, out, err := safeChild(t, "kill", env)
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("the child did not die: %v; output %q", err, out)
			}
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the child ended with %v, not SIGKILL; output %q", cmd.ProcessState, out)
			}
			if !strings.Contains(string(out), "written") || tt.sync && !strings.Contains(string(out), "synced") {
				t.Fatalf("the child died before writing: %q", out)
			}
			got := readFile(t, path)
			if len(got) < int(tt.off)+tt.size {
				t.Fatalf("the file has %d bytes, want at least %d", len(got), int(tt.off)+tt.size)
			}
			data := got[tt.off : tt.off+int64(tt.size)]
			if tt.want && !bytes.Equal(data, killPattern(tt.size)) {
				t.Errorf("the data the child wrote is not in the file")
			}
			if !tt.want && !bytes.Equal(data, make([]byte, tt.size)) {
				t.Errorf("a private mapping's writes reached the file")
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Security

// TestCloseOnExec maps files in every way and runs a child: it must not
// have inherited a descriptor on any of them. A descriptor passed on
// purpose (ExtraFiles) shows that the child would see one.
func TestCloseOnExec(t *testing.T) {
	ps := PageSize()
	dir := testDir(t)
	fileID := func(path string) string {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		st := info.Sys().(*syscall.Stat_t)
		return fmt.Sprintf("%d %d", uint64(st.Dev), uint64(st.Ino))
	}
	var regions []*Region
	defer func() {
		for _, r := range regions {
			r.Close()
		}
	}()
	watched := map[string]string{} // dev ino -> how it was mapped
	ways := []struct {
		name string
		open func(path string) (*Region, error)
	}{
		{"Map read-only", func(p string) (*Region, error) { return Map(p, Options{}) }},
		{"Map shared read-write", func(p string) (*Region, error) {
			return Map(p, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
		}},
		{"Map OpenCreate", func(p string) (*Region, error) {
			os.Remove(p)
			return Map(p, Options{Open: OpenWrite | OpenCreate, Size: ps})
		}},
		{"Map of an empty file", func(p string) (*Region, error) {
			if err := os.Truncate(p, 0); err != nil {
				return nil, err
			}
			return Map(p, Options{})
		}},
		{"MapFile", func(p string) (*Region, error) {
			f, err := os.Open(p)
			if err != nil {
				return nil, err
			}
			defer f.Close() // only the Region's own descriptor is left
			return MapFile(f, Options{})
		}},
	}
	for i, w := range ways {
		p := filepath.Join(dir, fmt.Sprintf("cloexec%d.bin", i))
		if err := os.WriteFile(p, pattern(ps), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := w.open(p)
		if err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		regions = append(regions, r)
		watched[fileID(p)] = w.name
	}
	anon, err := MapAnon(ps, Options{Flags: MapShared})
	if err != nil {
		t.Fatal(err)
	}
	regions = append(regions, anon)

	control := filepath.Join(dir, "inherited.bin")
	cf, err := os.Create(control)
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	_, out, err := safeChild(t, "fds", nil, cf)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 {
			seen[f[1]+" "+f[2]] = true
		}
	}
	if !seen[fileID(control)] {
		t.Fatalf("the child does not list the descriptor it was given on purpose: the check cannot work (%q)", out)
	}
	for id, how := range watched {
		if seen[id] {
			t.Errorf("%s: the child inherited the Region's descriptor", how)
		}
	}
	t.Logf("the child had %d descriptors, none of %d Regions'", len(seen), len(watched))
}

// TestUmask: a file that OpenCreate makes gets Mode less the umask; an
// existing file keeps its own.
func TestUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	tests := []struct {
		name   string
		open   OpenFlag
		mode   fs.FileMode
		exists fs.FileMode // the mode of a file already there; 0: none
		want   fs.FileMode
	}{
		{"Mode 0 means 0o666", OpenCreate, 0, 0, 0o640},
		{"0o600", OpenCreate, 0o600, 0, 0o600},
		{"0o777", OpenCreate, 0o777, 0, 0o750},
		{"0o644", OpenCreate, 0o644, 0, 0o640},
		{"0o606: others' bits masked", OpenCreate, 0o606, 0, 0o600},
		{"OpenEnsureCreate 0o664", OpenEnsureCreate, 0o664, 0, 0o640},
		{"an existing file keeps its mode", OpenCreate, 0o600, 0o604, 0o604},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(testDir(t), "new.bin")
			if tt.exists != 0 {
				if err := os.WriteFile(path, nil, 0); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tt.exists); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Map(path, Options{Open: OpenWrite | tt.open, Mode: tt.mode, Prot: ProtRead | ProtWrite,
				Flags: MapShared, Size: PageSize()})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != tt.want {
				t.Errorf("mode %v, want %v (Mode %v, umask 027)", got, tt.want, tt.mode)
			}
			if info.Size() != int64(PageSize()) {
				t.Errorf("size %d, want %d", info.Size(), PageSize())
			}
		})
	}
}
