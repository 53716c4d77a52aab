//go:build linux

package mmap

import (
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// shmObjects lists this process's test objects in /dev/shm.
func shmObjects(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(shmDir)
	if err != nil {
		t.Fatal(err)
	}
	prefix := fmt.Sprintf("mmaptest-%d-", os.Getpid())
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestSharedLinuxFiles: the object is /dev/shm/NAME, with Mode less the
// umask (0o600 by default), and goes with RemoveShared; a read-only Region
// holds an O_RDONLY descriptor.
func TestSharedLinuxFiles(t *testing.T) {
	umask := syscall.Umask(0o022)
	syscall.Umask(umask)
	for _, c := range []struct {
		mode, want fs.FileMode
	}{
		{0, 0o600 &^ fs.FileMode(umask)},
		{0o640, 0o640 &^ fs.FileMode(umask)},
		{0o666, 0o666 &^ fs.FileMode(umask)},
		{0o400, 0o400 &^ fs.FileMode(umask)},
	} {
		name := shmTestName(t)
		r, err := CreateShared(name, 4096, Options{Mode: c.mode})
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(shmDir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != c.want || st.Size() != 4096 {
			t.Errorf("Mode %v: object %v of %d bytes, want %v of 4096", c.mode, st.Mode(), st.Size(), c.want)
		}
		if acc := fdAccess(t, r.m.file); acc != syscall.O_RDWR {
			t.Errorf("read-write Region: descriptor access %#o", acc)
		}
		ro, err := OpenShared(name, Options{})
		if err != nil {
			t.Fatalf("OpenShared: %v", err)
		}
		if acc := fdAccess(t, ro.m.file); acc != syscall.O_RDONLY {
			t.Errorf("read-only Region: descriptor access %#o", acc)
		}
		ro.Close()
		r.Close()
		if err := RemoveShared(name); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(shmDir + "/" + name); !os.IsNotExist(err) {
			t.Errorf("after RemoveShared: %v", err)
		}
	}
}

func fdAccess(t *testing.T, fd int) int {
	t.Helper()
	fl, err := fcntl(fd, syscall.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fl & syscall.O_ACCMODE
}

// TestSharedLinuxNotAFile: a directory or a symbolic link in /dev/shm under
// a valid name is not a shared-memory object, and is left alone.
func TestSharedLinuxNotAFile(t *testing.T) {
	name := shmTestName(t)
	path := shmDir + "/" + name
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)
	_, err := OpenShared(name, Options{})
	wantShmError(t, err, opShmOpen, name, ErrInvalid)
	_, err = OpenShared(name, Options{Prot: ProtRead | ProtWrite})
	if err == nil {
		t.Fatal("OpenShared of a directory succeeded")
	}
	_, err = CreateShared(name, 10, Options{})
	wantShmError(t, err, opShmOpen, name, fs.ErrExist)
	if st, err := os.Stat(path); err != nil || !st.IsDir() {
		t.Errorf("the directory was touched: %v", err)
	}

	link := shmTestName(t)
	if err := os.Symlink(path, shmDir+"/"+link); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(shmDir + "/" + link)
	_, err = OpenShared(link, Options{})
	wantShmError(t, err, opShmOpen, link, syscall.ELOOP)
}

// shmAllocates: tmpfs allocates with fallocate.
const shmAllocates = true

// TestSharedLinuxUndo: a CreateShared that fails after the object was made
// (here fallocate of 16 TiB on tmpfs: ENOSPC) removes it again and leaves
// no descriptor or mapping behind.
func TestSharedLinuxUndo(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("16 TiB does not fit an int on a 32-bit platform")
	}
	before := snapshot(t)
	name := shmTestName(t)
	var huge uint64 = 1 << 44 // a variable: the constant overflows int on 32-bit platforms
	_, err := CreateShared(name, int(huge), Options{Flags: MapAllocate})
	wantShmError(t, err, opShmOpen, name, syscall.ENOSPC)
	if _, err := os.Stat(shmDir + "/" + name); !os.IsNotExist(err) {
		t.Errorf("the object was left behind: %v", err)
	}
	checkNoLeak(t, before)
}

// shmObjectSize is the size OpenShared finds for an object created with
// size bytes: on Linux exactly that.
func shmObjectSize(_ testing.TB, size int) int { return size }
