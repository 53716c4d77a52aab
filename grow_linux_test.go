//go:build linux

package mmap

// Growing in place, as /proc shows it: one reservation per Region, nothing
// left after Close, a 64 GiB reservation that costs no memory, and
// MapAllocate on a full file system.

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

func init() { reservationChecker = checkReservationMaps }

// mapsEntry is one line of /proc/self/maps (or one entry of smaps).
type mapsEntry struct {
	lo, hi uintptr
	perms  string
	path   string // "" for anonymous memory
	line   string
	rss    int64 // bytes; smaps only
}

// readMaps parses /proc/self/maps, or /proc/self/smaps with the Rss of
// each entry.
func readMaps(t *testing.T, file string) []mapsEntry {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []mapsEntry
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			lo, hi, _ := strings.Cut(f[0], "-")
			l, err1 := strconv.ParseUint(lo, 16, 64)
			h, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 != nil || err2 != nil {
				continue
			}
			out = append(out, mapsEntry{lo: uintptr(l), hi: uintptr(h), perms: f[1], path: strings.Join(f[5:], " "), line: line})
			continue
		}
		if v, ok := strings.CutPrefix(line, "Rss:"); ok && len(out) > 0 {
			var kb int64
			fmt.Sscan(v, &kb)
			out[len(out)-1].rss = kb << 10
		}
	}
	return out
}

// reservationSpan is the page range of r's reservation and the end of
// its data pages.
func reservationSpan(r *Region) (start, dataEnd, end uintptr) {
	ps := uintptr(PageSize())
	data := addrOf(r.Bytes())
	start = data &^ (ps - 1)
	dataEnd = start
	if r.Len() > 0 {
		dataEnd = (data + uintptr(r.Len()) + ps - 1) &^ (ps - 1)
	}
	end = (data + uintptr(r.Cap()) + ps - 1) &^ (ps - 1)
	return start, dataEnd, end
}

// checkReservationMaps checks in /proc/self/maps that r is one
// reservation: [start, dataEnd) mapped from path (readable), the rest of
// Cap() one inaccessible anonymous reservation, no hole, and no mapping of
// path anywhere else.
func checkReservationMaps(t *testing.T, r *Region, path string) func() {
	t.Helper()
	start, dataEnd, end := reservationSpan(r)
	var mine []string
	covered := start
	for _, e := range readMaps(t, "/proc/self/maps") {
		if e.hi <= start || e.lo >= end {
			if path != "" && e.path == path {
				t.Errorf("a mapping of the file outside the reservation [%#x, %#x): %s", start, end, e.line)
			}
			continue
		}
		mine = append(mine, e.line)
		lo, hi := max(e.lo, start), min(e.hi, end)
		if lo != covered {
			t.Errorf("a hole in the reservation at [%#x, %#x)", covered, lo)
		}
		covered = hi
		switch {
		case lo < dataEnd && hi > dataEnd:
			t.Errorf("one mapping holds both data and reserved space (data ends at %#x): %s", dataEnd, e.line)
		case lo < dataEnd && path != "" && e.path != path:
			t.Errorf("the data pages are not mapped from %s: %s", path, e.line)
		case lo < dataEnd && strings.HasPrefix(e.perms, "---"):
			t.Errorf("the data pages are inaccessible: %s", e.line)
		case lo >= dataEnd && (e.perms != "---p" || e.path != ""):
			t.Errorf("the reserved part past Len() is not an inaccessible private anonymous mapping: %s", e.line)
		}
	}
	if covered != end {
		t.Errorf("the reservation [%#x, %#x) ends at %#x in /proc/self/maps", start, end, covered)
	}
	if t.Failed() {
		t.Logf("the Region's mappings:\n%s", strings.Join(mine, "\n"))
	}
	return func() {
		t.Helper()
		for _, e := range readMaps(t, "/proc/self/maps") {
			if (path != "" && e.path == path) || (e.lo < end && e.hi > start) {
				t.Errorf("after Close, still mapped in the reservation [%#x, %#x) or of the file: %s", start, end, e.line)
			}
		}
	}
}

// procValue reads a "Name:  123 kB" line of a /proc file, in bytes.
func procValue(t *testing.T, file, name string) int64 {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			var kb int64
			fmt.Sscan(v, &kb)
			return kb << 10
		}
	}
	t.Fatalf("no %s in %s", name, file)
	return 0
}

// TestReserveCostsNoMemory reserves 64 GiB and checks what it costs:
// address space (VmSize) but no resident memory (VmRSS, and Rss 0 for the
// reserved part in /proc/self/smaps) and no commit charge (Committed_AS).
// Growing and touching 64 MiB then shows up in VmRSS, so the measure works.
func TestReserveCostsNoMemory(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) == 4 {
		t.Skip("64 GiB cannot be reserved in a 32-bit address space (TestReserveHuge checks the refusal)")
	}
	const touched = 64 << 20
	emulator := os.Getenv("MMAP_TEST_EMULATOR") // set by scripts/test-cross
	reserve := int(uint64(64<<30) & uint64(^uint(0)>>1))
	path := testFile(t, pattern(PageSize()))
	for _, tt := range []struct {
		name string
		open func() (*Region, error)
	}{
		{"anonymous private", func() (*Region, error) { return MapAnon(PageSize(), Options{Reserve: reserve}) }},
		{"anonymous shared", func() (*Region, error) { return MapAnon(PageSize(), Options{Flags: MapShared, Reserve: reserve}) }},
		{"file shared writable", func() (*Region, error) {
			return Map(path, Options{Open: OpenWrite, Prot: ProtRead | ProtWrite, Flags: MapShared, Reserve: reserve})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			size0, rss0 := procValue(t, "/proc/self/status", "VmSize"), procValue(t, "/proc/self/status", "VmRSS")
			commit0 := procValue(t, "/proc/meminfo", "Committed_AS")
			r, err := tt.open()
			if err != nil {
				t.Fatalf("a 64 GiB reservation: %v", err)
			}
			defer r.Close()
			size1, rss1 := procValue(t, "/proc/self/status", "VmSize"), procValue(t, "/proc/self/status", "VmRSS")
			commit1 := procValue(t, "/proc/meminfo", "Committed_AS")
			t.Logf("reserving 64 GiB: VmSize %+d MiB, VmRSS %+d KiB, Committed_AS %+d KiB (system-wide)",
				(size1-size0)>>20, (rss1-rss0)>>10, (commit1-commit0)>>10)
			// The runtime maps and unmaps a little on its own meanwhile.
			const slack = 16 << 20
			if size1-size0 < int64(reserve)-slack {
				t.Errorf("VmSize grew by %d bytes: the 64 GiB are not reserved", size1-size0)
			}
			switch {
			case emulator != "":
				// qemu-user keeps its own record of the guest's pages
				// (qemu 7.2: ~6 bytes per reserved page), which VmRSS
				// and Committed_AS count; smaps below is the guest's view.
				t.Logf("under %s VmRSS and Committed_AS are the emulator's: only smaps is checked", emulator)
			case rss1-rss0 > 8<<20:
				t.Errorf("the reservation made %d KiB resident", (rss1-rss0)>>10)
			case commit1-commit0 > 16<<30: // system-wide: other processes come and go; a charged reservation adds 64 GiB
				t.Errorf("the reservation was charged: Committed_AS grew by %d MiB", (commit1-commit0)>>20)
			}
			checkTailRss(t, r)
			base := addrOf(r.Bytes())
			if err := r.Resize(touched); err != nil {
				t.Fatal(err)
			}
			if addrOf(r.Bytes()) != base {
				t.Fatal("growing inside the reservation moved the Region")
			}
			b := r.Bytes()
			for i := 0; i < len(b); i += PageSize() {
				b[i] = 1
			}
			rss2 := procValue(t, "/proc/self/status", "VmRSS")
			if rss2-rss1 < touched/2 {
				t.Errorf("touching %d MiB made only %d KiB resident: VmRSS cannot tell what the reservation costs", touched>>20, (rss2-rss1)>>10)
			}
			checkTailRss(t, r)
			start, _, end := reservationSpan(r)
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			// VmSize cannot tell: the race detector maps its own memory
			// for the pages that were touched.
			for _, e := range readMaps(t, "/proc/self/maps") {
				if e.lo < end && e.hi > start {
					t.Errorf("after Close, still mapped in the 64 GiB reservation [%#x, %#x): %s", start, end, e.line)
				}
			}
		})
	}
	if err := os.Truncate(path, int64(PageSize())); err != nil {
		t.Fatal(err)
	}
}

// checkTailRss checks in /proc/self/smaps that no page of r's reserved
// part (past Len) is resident, and that smaps shows the whole reservation.
func checkTailRss(t *testing.T, r *Region) {
	t.Helper()
	_, dataEnd, end := reservationSpan(r)
	var seen uintptr
	var rss int64
	for _, e := range readMaps(t, "/proc/self/smaps") {
		if e.hi <= dataEnd || e.lo >= end {
			continue
		}
		seen += min(e.hi, end) - max(e.lo, dataEnd)
		rss += e.rss
		if e.rss != 0 {
			t.Errorf("resident memory in the reserved part: %s (Rss %d KiB)", e.line, e.rss>>10)
		}
	}
	if seen != end-dataEnd {
		t.Errorf("/proc/self/smaps shows %d of the %d reserved bytes", seen, end-dataEnd)
	}
}

// TestMapAllocateFullDisk maps with MapAllocate on a full file system (a
// 1 MiB tmpfs): Map and Resize fail with ENOSPC and change nothing, and the
// process lives. Without MapAllocate the same growth succeeds and the
// write that finds no space is an ErrFault from WriteAt.
func TestMapAllocateFullDisk(t *testing.T) {
	const small = 256 << 10
	alloc := Options{Open: OpenWrite | OpenCreate, Prot: ProtRead | ProtWrite, Flags: MapShared | MapAllocate}
	tests := []struct {
		name string
		run  func(t *testing.T, path string)
	}{
		{"Map of more than the disk", func(t *testing.T, path string) {
			o := alloc
			o.Size, o.Reserve = 4<<20, 8<<20
			_, err := Map(path, o)
			wantError(t, err, syscall.ENOSPC, "mmap", "")
			if st, serr := os.Stat(path); serr == nil && st.Size() != 0 {
				t.Errorf("the refused Map left a file of %d bytes", st.Size())
			}
		}},
		{"Resize past the disk", func(t *testing.T, path string) {
			o := alloc
			o.Size, o.Reserve = small, 8<<20
			r := safeMap(t, path, o)
			defer r.Close()
			copy(r.Bytes(), pattern(small))
			base, capacity := addrOf(r.Bytes()), r.Cap()
			err := r.Resize(4 << 20)
			wantError(t, err, syscall.ENOSPC, "mremap", "")
			if r.Len() != small || r.Cap() != capacity || addrOf(r.Bytes()) != base {
				t.Fatalf("after the refused Resize: Len %d, Cap %d, moved %v", r.Len(), r.Cap(), addrOf(r.Bytes()) != base)
			}
			if !bytes.Equal(r.Bytes(), pattern(small)) {
				t.Error("the refused Resize changed the data")
			}
			if st, err := os.Stat(path); err != nil || st.Size() != small {
				t.Errorf("the refused Resize changed the file: %v, %v", st, err)
			}
			// What fits still grows in place, and every byte of it can
			// be written through Bytes() without a fault.
			if err := r.Resize(2 * small); err != nil {
				t.Fatalf("Resize within the free space: %v", err)
			}
			if addrOf(r.Bytes()) != base {
				t.Fatal("Resize within the reservation moved the Region")
			}
			copy(r.Bytes()[small:], pattern(small))
			if err := r.Sync(SyncWait); err != nil {
				t.Fatal(err)
			}
		}},
		{"without MapAllocate, the write faults", func(t *testing.T, path string) {
			o := alloc
			o.Flags &^= MapAllocate
			o.Size, o.Reserve = small, 8<<20
			r := safeMap(t, path, o)
			defer r.Close()
			if err := r.Resize(4 << 20); err != nil {
				t.Fatalf("growing a sparse file without MapAllocate: %v", err)
			}
			n, err := r.WriteAt(bytes.Repeat([]byte{0x5A}, 4<<20), 0)
			wantError(t, err, ErrFault, "write", "memory fault")
			if n > 1<<20 {
				t.Errorf("WriteAt reports %d bytes written on a 1 MiB file system", n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := mountTmpfs(t, "1m")
			before := snapshot(t)
			tt.run(t, filepath.Join(dir, "db.bin"))
			checkNoLeak(t, before)
		})
	}
}
