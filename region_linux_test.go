//go:build linux

package mmap

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func init() {
	if fdinfoSpeaksOurFlags() {
		openFlagChecker = checkOpenFlags
	}
}

// fdinfoSpeaksOurFlags tells whether /proc/self/fdinfo reports flags in
// this GOARCH's encoding. Under qemu-user it is the host kernel's, and
// O_DIRECTORY (0x10000 on x86, 0x4000 on arm64 and ppc64), O_NONBLOCK
// (0x80 on mips) and O_DSYNC (0x10 on mips) differ between
// architectures: the flag checks run only where all of them read back.
func fdinfoSpeaksOurFlags() bool {
	const probe = syscall.O_DIRECTORY | syscall.O_NONBLOCK | syscall.O_DSYNC | syscall.O_CLOEXEC
	fd, err := syscall.Open("/", syscall.O_RDONLY|probe, 0)
	if err != nil {
		return false
	}
	defer syscall.Close(fd)
	raw, err := os.ReadFile("/proc/self/fdinfo/" + strconv.Itoa(fd))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			f, err := strconv.ParseInt(strings.TrimSpace(v), 8, 64)
			return err == nil && int(f)&probe == probe
		}
	}
	return false
}

func TestDevices(t *testing.T) {
	_, err := Map("/dev/zero", Options{})
	wantErr(t, err, "mmap", ErrInvalid)
	r := mustMap(t, "/dev/zero", Options{Size: 3 * PageSize()})
	if !bytes.Equal(r.Bytes(), make([]byte, 3*PageSize())) {
		t.Error("/dev/zero did not map zeros")
	}
	fifo := filepath.Join(testDir(t), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Map(fifo, Options{Open: OpenNonBlock})
	wantErr(t, err, "mmap", ErrInvalid)
}

// regionFD finds the one descriptor open on path, from /proc/self/fd.
func regionFD(t *testing.T, path string) string {
	t.Helper()
	abs, _ := filepath.Abs(path)
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	found := ""
	for _, e := range entries {
		if target, _ := os.Readlink("/proc/self/fd/" + e.Name()); target == abs {
			if found != "" {
				t.Fatalf("two descriptors on %s", abs)
			}
			found = e.Name()
		}
	}
	if found == "" {
		t.Fatalf("no descriptor open on %s", abs)
	}
	return found
}

// checkOpenFlags reads the flags the kernel keeps for the Region's own
// descriptor (/proc/self/fdinfo) and checks each OpenFlag that persists
// after open, and close-on-exec.
func checkOpenFlags(t *testing.T, path string, o OpenFlag) {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/fdinfo/" + regionFD(t, path))
	if err != nil {
		t.Fatal(err)
	}
	var flags int
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			f, err := strconv.ParseInt(strings.TrimSpace(v), 8, 64)
			if err != nil {
				t.Fatal(err)
			}
			flags = int(f)
		}
	}
	if flags&syscall.O_CLOEXEC == 0 {
		t.Errorf("descriptor is not close-on-exec (flags %#o)", flags)
	}
	wantAcc := syscall.O_RDONLY
	if o&OpenWrite != 0 {
		wantAcc = syscall.O_RDWR
	}
	if flags&syscall.O_ACCMODE != wantAcc {
		t.Errorf("access mode %#o, want %#o", flags&syscall.O_ACCMODE, wantAcc)
	}
	persist := []struct {
		f  OpenFlag
		os int
	}{
		{OpenDirect, syscall.O_DIRECT},
		{OpenFileSync, syscall.O_SYNC},
		{OpenDataSync, syscall.O_DSYNC},
		{OpenNonBlock, syscall.O_NONBLOCK},
		{OpenNoFollow, syscall.O_NOFOLLOW},
		{OpenAsync, syscall.O_ASYNC},
		{OpenLargeFile, syscall.O_LARGEFILE},
	}
	if flags&syscall.O_LARGEFILE == 0 && syscall.O_LARGEFILE != 0 {
		t.Errorf("flags %#o lack O_LARGEFILE, without which a 32-bit process cannot open big files", flags)
	}
	for _, p := range persist {
		if o&p.f != 0 && flags&p.os != p.os {
			t.Errorf("%v: flags %#o lack %#o", p.f, flags, p.os)
		}
		// O_DSYNC is part of O_SYNC, O_LARGEFILE is forced on 64-bit, and a
		// read-only open is always O_NONBLOCK (a FIFO must not hang Map).
		readOnlyNonBlock := p.f == OpenNonBlock && o&OpenWrite == 0
		if o&p.f == 0 && p.os != 0 && flags&p.os == p.os && p.f != OpenDataSync && p.f != OpenLargeFile && !readOnlyNonBlock {
			t.Errorf("flags %#o have %#o (%v) that was not asked for", flags, p.os, p.f)
		}
	}
}

// mapsLine returns the /proc/self/maps line of the mapping that holds addr.
func mapsLine(t *testing.T, addr uintptr) string {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		span, _, _ := strings.Cut(line, " ")
		lo, hi, ok := strings.Cut(span, "-")
		if !ok {
			continue
		}
		l, _ := strconv.ParseUint(lo, 16, 64)
		h, _ := strconv.ParseUint(hi, 16, 64)
		if uint64(addr) >= l && uint64(addr) < h {
			return line
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}

// TestKernelSeesFlags checks in /proc/self/maps that the kernel made the
// mapping that was asked for: its protection and whether it is shared.
func TestKernelSeesFlags(t *testing.T) {
	path := testFile(t, pattern(2*PageSize()))
	tests := []struct {
		o     Options
		perms string
	}{
		{Options{}, "r--p"},
		{Options{Prot: ProtRead | ProtWrite}, "rw-p"},
		{Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared}, "rw-s"},
		{Options{Flags: MapShared}, "r--s"},
		{Options{Prot: ProtRead | ProtExec}, "r-xp"},
		{Options{Prot: ProtNone}, "---p"},
	}
	for _, tt := range tests {
		r := mustMap(t, path, tt.o)
		line := mapsLine(t, addrOf(r.Bytes()))
		if !strings.Contains(line, " "+tt.perms+" ") {
			t.Errorf("%+v: maps line %q, want perms %s", tt.o, line, tt.perms)
		}
		if !strings.HasSuffix(line, path) {
			t.Errorf("%+v: maps line %q is not of the file", tt.o, line)
		}
		if err := r.Protect(ProtRead); err != nil {
			t.Fatal(err)
		}
		if line := mapsLine(t, addrOf(r.Bytes())); !strings.Contains(line, " r--") {
			t.Errorf("after Protect(ProtRead): %q", line)
		}
		r.Close()
	}
	a, err := MapAnon(PageSize(), Options{Flags: MapShared})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if line := mapsLine(t, addrOf(a.Bytes())); !strings.Contains(line, " rw-s ") {
		t.Errorf("shared anonymous memory: %q", line)
	}
}
