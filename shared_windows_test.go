//go:build windows

package mmap

import (
	"syscall"
	"testing"
	"unsafe"
)

var procGetHandleInformation = modkernel32.NewProc("GetHandleInformation")

// handleFlagInherit is HANDLE_FLAG_INHERIT from winbase.h.
const handleFlagInherit = 0x1

// TestSharedNotInheritable: the section handle a Region holds is not
// inherited by child processes, and a read-only Region's handle cannot map
// a writable view.
func TestSharedNotInheritable(t *testing.T) {
	name := shmTestName(t)
	r, err := CreateShared(name, 100, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ro, err := OpenShared(name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for _, reg := range []*Region{r, ro} {
		var flags uint32
		if ok, _, e := syscall.SyscallN(procGetHandleInformation.Addr(), uintptr(reg.m.file),
			uintptr(unsafe.Pointer(&flags))); ok == 0 {
			t.Fatal(e)
		}
		if flags&handleFlagInherit != 0 {
			t.Errorf("handle %#x is inheritable", reg.m.file)
		}
	}
	if addr, err := mapViewOfFile(ro.m.file, syscall.FILE_MAP_WRITE, 0, 100); err == nil {
		unmapViewOfFile(addr)
		t.Error("a read-only Region's section handle maps a writable view")
	}
}

// shmObjectSize is the size OpenShared finds for an object created with
// size bytes: on Windows what NtQuerySection reports for such a section,
// measured on a section of its own (whole pages under Wine).
func shmObjectSize(t testing.TB, size int) int {
	t.Helper()
	name := shmTestName(t)
	r, err := CreateShared(name, size, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, err := sectionSize(r.m.file)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestSharedSectionSize: Windows keeps a section's size in whole pages, or
// exactly; nothing else is right. (Wine 8 reports whole pages.)
func TestSharedSectionSize(t *testing.T) {
	for _, size := range []int{1, 100, pageSize, pageSize + 1, granularity + 3} {
		got := shmObjectSize(t, size)
		t.Logf("NtQuerySection: a section of %d bytes reports %d", size, got)
		if got != size && got != roundUp(size, pageSize) {
			t.Errorf("section of %d bytes: NtQuerySection says %d", size, got)
		}
	}
}

// shmAllocates: the sections are SEC_COMMIT.
const shmAllocates = true

// shmObjects: Windows shows no list of sections the tests could compare.
func shmObjects(testing.TB) []string { return nil }
