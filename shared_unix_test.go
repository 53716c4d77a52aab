//go:build unix

package mmap

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// TestSharedCloseOnExec: the descriptor a shared Region holds is
// close-on-exec, whichever way it was opened.
func TestSharedCloseOnExec(t *testing.T) {
	name := shmTestName(t)
	r, err := CreateShared(name, 64, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ro, err := CreateShared(shmTestName(t), 64, Options{Prot: ProtRead})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	o, err := OpenShared(name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	for _, reg := range []*Region{r, ro, o} {
		fl, err := fcntl(reg.m.file, syscall.F_GETFD, 0)
		if err != nil {
			t.Fatal(err)
		}
		if fl&syscall.FD_CLOEXEC == 0 {
			t.Errorf("%s: descriptor %d is not close-on-exec", reg.path, reg.m.file)
		}
	}
}

// TestSharedMissingDirectory: where the directory of the objects is
// missing (a Linux without /dev/shm), the error says so and still matches
// fs.ErrNotExist.
func TestSharedMissingDirectory(t *testing.T) {
	dir := testDir(t) + "/absent"
	_, err := shmOpenFile(dir, dir+"/x", syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL, 0o600)
	if err == nil || !strings.Contains(err.Error(), dir+", is missing") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("open: %v", err)
	}
	err = shmUnlinkFile(dir, dir+"/x")
	if err == nil || !strings.Contains(err.Error(), "is missing") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("unlink: %v", err)
	}
}
