//go:build linux

package mmap

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// mountTmpfs mounts a tmpfs of the given size (a mount option such as
// "1m") in a fresh test directory and unmounts it at the end. It skips the
// test, saying why, when the process is not root or the mount fails.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if uid := os.Geteuid(); uid != 0 {
		t.Skipf("mounting a tmpfs needs root; running as uid %d", uid)
	}
	dir := filepath.Join(testDir(t), "mnt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a %s tmpfs on %s as root: %v", size, dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmounting %s: %v (detaching it)", dir, err)
			syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
	return dir
}

// TestFaultFullDisk writes through a shared map of a sparse file on a
// full filesystem (a 1 MiB tmpfs): the write that finds no space is an
// *Error wrapping ErrFault with n a true lower bound, and the pages that
// did get space stay usable.
func TestFaultFullDisk(t *testing.T) {
	ps := PageSize()
	const fs = 1 << 20
	tests := []struct {
		name   string
		offset int64
		size   int
		whole  bool // one WriteAt of everything, else page by page
	}{
		{"one write of 4 MiB", 0, 4 << 20, true},
		{"page by page", 0, 2 << 20, false},
		{"unaligned Offset, one write", 77, 3<<20 + 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := mountTmpfs(t, "1m")
			path := filepath.Join(dir, "sparse.bin")
			r := safeMap(t, path, Options{Open: OpenWrite | OpenCreate, Prot: ProtRead | ProtWrite, Flags: MapShared,
				Offset: tt.offset, Size: tt.size})
			data := bytes.Repeat([]byte{0x5A}, tt.size)
			var n int
			var err error
			if tt.whole {
				n, err = r.WriteAt(data, 0)
			} else {
				for n < tt.size {
					var k int
					k, err = r.WriteAt(data[n:n+min(ps, tt.size-n)], int64(n))
					n += k
					if err != nil {
						break
					}
				}
			}
			wantError(t, err, ErrFault, "write", "memory fault")
			if n > fs {
				t.Errorf("n = %d, but a %d-byte filesystem cannot hold that", n, fs)
			}
			if !tt.whole && n < fs/2 {
				t.Errorf("only %d bytes written page by page before the fault", n)
			}
			// What n counts is really there, and the Region still works.
			got := make([]byte, n)
			if k, err := r.ReadAt(got, 0); k != n || err != nil || !bytes.Equal(got, data[:n]) {
				t.Errorf("reading back the %d bytes reported written: %d, %v", n, k, err)
			}
			if n > 0 {
				if k, err := r.WriteAt([]byte{1}, 0); k != 1 || err != nil {
					t.Errorf("WriteAt on a page that has space: %d, %v", k, err)
				}
			}
			if err := r.Sync(SyncWait); err != nil {
				wantError(t, err, nil, "msync", "")
			}
			t.Logf("%d bytes written before the disk was full", n)
		})
	}
}

// TestHugeOffsets maps far into sparse files: past 2 GiB and 4 GiB (which
// a 32-bit process reaches only with O_LARGEFILE and mmap2), and past
// 16 TiB, where mmap2's page offset no longer fits 32 bits. Each mapping
// either fails with an *Error or shows the bytes that are really there.
func TestHugeOffsets(t *testing.T) {
	ps := PageSize()
	tests := []struct {
		name   string
		offset int64
		tmpfs  bool // ext4 stops at 16 TiB: put the file on a tmpfs
	}{
		{"past 2 GiB", 1<<31 + 5, false},
		{"past 4 GiB", 1<<32 + int64(ps) + 1, false},
		{"past 16 TiB", 1<<44 + 3*int64(ps) + 9, true},
		{"past 16 TiB, aligned", 1<<45 + int64(ps), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testDir(t)
			if tt.tmpfs {
				dir = mountTmpfs(t, "1m")
			}
			path := filepath.Join(dir, "sparse.bin")
			marker := []byte("the bytes far into the file")
			decoy := []byte("THE BYTES AT A WRAPPED OFFSET")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt(marker, tt.offset); err != nil {
				t.Skipf("this filesystem cannot hold a file of %d bytes: %v", tt.offset, err)
			}
			// Where a 32-bit page offset would wrap to.
			wrapped := (tt.offset/4096%(1<<32))*4096 + tt.offset%4096
			if wrapped != tt.offset {
				if _, err := f.WriteAt(decoy, wrapped); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Map(path, Options{Offset: tt.offset, Size: len(marker)})
			// mmap2's 32-bit count of 4096-byte units ends at 16 TiB.
			reach := tt.offset < 1<<44 || unsafe.Sizeof(uintptr(0)) == 8
			if err != nil {
				if reach {
					t.Fatalf("cannot map offset %d: %v", tt.offset, err)
				}
				wantError(t, err, syscall.EOVERFLOW, "mmap", "value too large")
				return
			}
			defer r.Close()
			if got := r.Bytes(); !bytes.Equal(got, marker) {
				t.Fatalf("the mapping at offset %d shows %q, want %q", tt.offset, got, marker)
			}
		})
	}
}

// TestNoExecUnlessAsked reads the protection of each mapping from
// /proc/self/maps: executable only when ProtExec was asked for.
func TestNoExecUnlessAsked(t *testing.T) {
	ps := PageSize()
	path := testFile(t, pattern(2*ps))
	tests := []struct {
		name    string
		open    func() (*Region, error)
		protect Prot // applied afterwards when not 0
		want    string
	}{
		{"file, defaults", func() (*Region, error) { return Map(path, Options{}) }, 0, "r--p"},
		{"file, read-write private", func() (*Region, error) { return Map(path, Options{Prot: ProtRead | ProtWrite}) }, 0, "rw-p"},
		{"file, shared read-write", func() (*Region, error) {
			return Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared})
		}, 0, "rw-s"},
		{"file, ProtExec", func() (*Region, error) { return Map(path, Options{Prot: ProtRead | ProtExec}) }, 0, "r-xp"},
		{"file, ProtNone", func() (*Region, error) { return Map(path, Options{Prot: ProtNone}) }, 0, "---p"},
		{"anonymous, defaults", func() (*Region, error) { return MapAnon(ps, Options{}) }, 0, "rw-p"},
		{"anonymous shared", func() (*Region, error) { return MapAnon(ps, Options{Flags: MapShared}) }, 0, "rw-s"},
		{"anonymous, ProtExec", func() (*Region, error) { return MapAnon(ps, Options{Prot: ProtRead | ProtWrite | ProtExec}) }, 0, "rwxp"},
		{"anonymous, Protect(ProtRead|ProtExec)", func() (*Region, error) { return MapAnon(ps, Options{}) }, ProtRead | ProtExec, "r-xp"},
		{"file exec, Protect(ProtRead)", func() (*Region, error) { return Map(path, Options{Prot: ProtRead | ProtExec}) }, ProtRead, "r--p"},
		{"MapFile", func() (*Region, error) {
			f, err := os.Open(path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return MapFile(f, Options{})
		}, 0, "r--p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if tt.protect != 0 {
				if err := r.Protect(tt.protect); err != nil {
					t.Fatal(err)
				}
			}
			got := mapsPerms(t, uintptr(r.m.addr))
			if got != tt.want {
				t.Errorf("the mapping is %s, want %s", got, tt.want)
			}
		})
	}
}

// mapsPerms returns the permissions column of the /proc/self/maps line
// that holds addr.
func mapsPerms(t *testing.T, addr uintptr) string {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		a, _ := strconv.ParseUint(lo, 16, 64)
		b, _ := strconv.ParseUint(hi, 16, 64)
		if uint64(addr) >= a && uint64(addr) < b {
			return f[1]
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}

// TestDescriptorsCloseOnExec looks at the flags of every descriptor a
// Region holds, in /proc/self/fdinfo: each has O_CLOEXEC.
func TestDescriptorsCloseOnExec(t *testing.T) {
	ps := PageSize()
	dir := testDir(t)
	tests := []struct {
		name string
		open func(path string) (*Region, error)
	}{
		{"Map", func(p string) (*Region, error) { return Map(p, Options{}) }},
		{"Map read-write", func(p string) (*Region, error) { return Map(p, Options{Open: OpenWrite}) }},
		{"Map OpenCreate", func(p string) (*Region, error) {
			os.Remove(p)
			return Map(p, Options{Open: OpenWrite | OpenCreate, Size: ps})
		}},
		{"Map OpenNonBlock", func(p string) (*Region, error) { return Map(p, Options{Open: OpenNonBlock}) }},
		{"MapFile", func(p string) (*Region, error) {
			f, err := os.Open(p)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return MapFile(f, Options{})
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, fmt.Sprintf("fdinfo%d.bin", i))
			if err := os.WriteFile(p, pattern(ps), 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := tt.open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			fds := 0
			entries, _ := os.ReadDir("/proc/self/fd")
			for _, e := range entries {
				if target, _ := os.Readlink("/proc/self/fd/" + e.Name()); target != p {
					continue
				}
				fds++
				info, err := os.ReadFile("/proc/self/fdinfo/" + e.Name())
				if err != nil {
					t.Fatal(err)
				}
				var flags uint64
				for _, line := range strings.Split(string(info), "\n") {
					if v, ok := strings.CutPrefix(line, "flags:"); ok {
						flags, _ = strconv.ParseUint(strings.TrimSpace(v), 8, 64)
					}
				}
				if flags&syscall.O_CLOEXEC == 0 {
					t.Errorf("descriptor %s on the file has flags %#o, without O_CLOEXEC", e.Name(), flags)
				}
			}
			if fds != 1 {
				t.Errorf("%d descriptors on the file, want the Region's one", fds)
			}
		})
	}
}
