//go:build windows

package mmap

import (
	"bytes"
	"os"
	"syscall"
	"testing"
)

// TestWindowsViewAccess pins the rule that matters most on Windows: a
// private writable view is FILE_MAP_COPY alone, since FILE_MAP_WRITE beside
// it would send the writes to the file.
func TestWindowsViewAccess(t *testing.T) {
	tests := []struct {
		p      Prot
		cow    bool
		access uint32
		page   uint32
	}{
		{ProtRead, false, syscall.FILE_MAP_READ, syscall.PAGE_READONLY},
		{ProtRead, true, syscall.FILE_MAP_READ, syscall.PAGE_READONLY},
		{ProtRead | ProtWrite, false, syscall.FILE_MAP_WRITE, syscall.PAGE_READWRITE},
		{ProtRead | ProtWrite, true, syscall.FILE_MAP_COPY, syscall.PAGE_WRITECOPY},
		{ProtRead | ProtExec, false, syscall.FILE_MAP_READ | syscall.FILE_MAP_EXECUTE, syscall.PAGE_EXECUTE_READ},
		{ProtRead | ProtWrite | ProtExec, true, syscall.FILE_MAP_COPY | syscall.FILE_MAP_EXECUTE, syscall.PAGE_EXECUTE_WRITECOPY},
		{ProtNone, false, syscall.FILE_MAP_READ, pageNoAccess},
	}
	for _, tt := range tests {
		if got := viewAccess(tt.p, tt.cow); got != tt.access {
			t.Errorf("viewAccess(%v, cow %v) = %#x, want %#x", tt.p, tt.cow, got, tt.access)
		}
		if got := pageProt(tt.p, tt.cow); got != tt.page {
			t.Errorf("pageProt(%v, cow %v) = %#x, want %#x", tt.p, tt.cow, got, tt.page)
		}
	}
}

// TestWindowsGrantedAccess checks that MapFile learns a handle's access
// from NtQueryObject: read-only handles must not count as writable.
func TestWindowsGrantedAccess(t *testing.T) {
	path := testFile(t, pattern(100))
	for _, tt := range []struct {
		flag     int
		writable bool
	}{{os.O_RDONLY, false}, {os.O_RDWR, true}} {
		f, err := os.OpenFile(path, tt.flag, 0)
		if err != nil {
			t.Fatal(err)
		}
		h, writable, err := sysDup(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		syscall.CloseHandle(h)
		if writable != tt.writable {
			t.Errorf("flag %#x: writable = %v, want %v", tt.flag, writable, tt.writable)
		}
	}
}

// TestWindowsSectionsAndSync maps at offsets that are not multiples of the
// 64 KiB allocation granularity, through shared and copy-on-write views,
// and checks FlushViewOfFile plus FlushFileBuffers through Sync.
func TestWindowsSectionsAndSync(t *testing.T) {
	if Granularity() != 64<<10 {
		t.Errorf("Granularity() = %d, want 65536 on Windows", Granularity())
	}
	content := pattern(3*Granularity() + 123)
	path := testFile(t, content)
	for _, off := range []int64{1, 4096, 65535, 65537, 2*65536 + 5} {
		shared := mustMap(t, path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Offset: off, Size: 300})
		private := mustMap(t, path, Options{Prot: ProtRead | ProtWrite, Offset: off, Size: 300})
		if !bytes.Equal(shared.Bytes(), content[off:off+300]) || !bytes.Equal(private.Bytes(), content[off:off+300]) {
			t.Fatalf("offset %d: views hold the wrong bytes", off)
		}
		copy(private.Bytes(), "private")
		copy(shared.Bytes()[100:], "shared")
		if err := shared.Sync(SyncWait); err != nil {
			t.Fatalf("offset %d: Sync: %v", off, err)
		}
		got := readFile(t, path)
		if string(got[off+100:off+106]) != "shared" || !bytes.Equal(got[off:off+7], content[off:off+7]) {
			t.Errorf("offset %d: the shared write is missing or the copy-on-write one leaked to the file", off)
		}
		if string(shared.Bytes()[:7]) == "private" {
			t.Errorf("offset %d: a FILE_MAP_COPY view's write is visible in a shared view", off)
		}
		copy(content[off+100:], "shared")
		shared.Close()
		private.Close()
	}
}
