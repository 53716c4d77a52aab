package mmap

import (
	"errors"
	"runtime"
	"unsafe"
)

// checkRange validates a byte range [off, off+n) of a Region of length size.
func checkRange(op, path string, off, n, size int) error {
	switch {
	case off < 0:
		return invalid(op, path, "negative offset")
	case n < 0:
		return invalid(op, path, "negative length")
	case off > size:
		return invalid(op, path, "offset past the end of the Region")
	case n > size-off: // also catches off+n overflowing int
		return invalid(op, path, "range past the end of the Region")
	}
	return nil
}

// Advise tells the kernel how the whole Region will be used: madvise on
// Unix (posix_madvise where that is all the OS has), PrefetchVirtualMemory
// for AdviceWillNeed on Windows. AdviceNormal, AdviceRandom and
// AdviceSequential are hints that an OS without them ignores; any other
// advice the OS lacks fails with ErrUnsupported.
//
// AdviceDontNeed lets the OS drop pages: a page of private anonymous
// memory then reads back as zeros, a private page of a file as the file
// has it (private changes are lost), and shared pages keep their data.
func (r *Region) Advise(a Advice) error {
	return r.AdviseRange(0, r.Len(), a)
}

// AdviseRange is Advise for the bytes [off, off+n) of the Region, widened
// to whole pages; for AdviceDontNeed, which may discard data, it is
// narrowed instead to the pages that lie wholly inside the range. An
// empty range does nothing.
func (r *Region) AdviseRange(off, n int, a Advice) error {
	const op = "madvise"
	if r.closed {
		return closed(op, r.path)
	}
	if a < 0 || a >= adviceCount {
		return invalid(op, r.path, "unknown "+a.String())
	}
	if err := checkRange(op, r.path, off, n, r.Len()); err != nil {
		return err
	}
	start, end := r.pageSpan(off, n)
	if a == AdviceDontNeed {
		start, end = r.innerPages(off, n)
	}
	if end <= start {
		return nil
	}
	err := sysAdvise(unsafe.Add(r.m.addr, start), end-start, a)
	runtime.KeepAlive(r)
	if errors.Is(err, errors.ErrUnsupported) {
		return unsupported(op, r.path, a.String())
	}
	if err != nil {
		return newError(op, r.path, err)
	}
	return nil
}

// innerPages is the part of [off, off+n) made of whole pages, as offsets
// from m.addr; empty when the range holds no whole page.
func (r *Region) innerPages(off, n int) (start, end int) {
	start = (r.delta + off + pageSize - 1) &^ (pageSize - 1)
	if off == 0 {
		start = r.delta &^ (pageSize - 1) // the bytes before delta hold no data of the caller's
	}
	end = (r.delta + off + n) &^ (pageSize - 1)
	if r.delta+off+n == r.mapEnd(r.Len()) {
		end = r.mappedSize() // the mapping's last page is ours alone even when short
	}
	return start, end
}

// SyncRange is Sync for the bytes [off, off+n) only, widened to whole
// pages: msync of that span, FlushViewOfFile of it on Windows, followed on
// every OS by the same durability step as Sync.
func (r *Region) SyncRange(off, n int, f SyncFlag) error {
	if r.closed {
		return closed("msync", r.path)
	}
	if err := checkRange("msync", r.path, off, n, r.Len()); err != nil {
		return err
	}
	return r.syncRange(off, n, f)
}

// Lock keeps the Region's pages in RAM (mlock; VirtualLock on Windows),
// faulting them in first. The OS limits how much a process may lock
// (RLIMIT_MEMLOCK, the working-set size on Windows): a refusal is an
// *Error wrapping the OS's error.
func (r *Region) Lock() error {
	return r.lockOp("mlock", sysLock)
}

// Unlock lets the OS page the Region out again (munlock, VirtualUnlock).
func (r *Region) Unlock() error {
	return r.lockOp("munlock", sysUnlock)
}

func (r *Region) lockOp(op string, fn func(unsafe.Pointer, int) error) error {
	if r.closed {
		return closed(op, r.path)
	}
	size := r.mappedSize()
	if size == 0 {
		return nil
	}
	err := fn(r.m.addr, size)
	runtime.KeepAlive(r)
	if err != nil {
		return newError(op, r.path, err)
	}
	return nil
}

// Resident reports how many bytes of the Region are in RAM now, counted in
// whole pages and capped at Len() (mincore on Unix, QueryWorkingSetEx on
// Windows, where a page counts when it is in the process's working set).
// On FreeBSD, whose vm.mincore_mapped sysctl is 1 by default, mincore
// reports only the pages mapped into this process: a page of the file in
// the page cache that this process has not touched yet counts as not
// resident. OpenBSD (no mincore) and AIX fail with ErrUnsupported.
// The answer may be stale as soon as it is returned.
func (r *Region) Resident() (int, error) {
	const op = "mincore"
	if r.closed {
		return 0, closed(op, r.path)
	}
	size := r.mappedSize()
	if size == 0 {
		return 0, nil
	}
	pages, err := sysResident(r.m.addr, size)
	runtime.KeepAlive(r)
	if errors.Is(err, errors.ErrUnsupported) {
		return 0, unsupported(op, r.path, "Resident")
	}
	if err != nil {
		return 0, newError(op, r.path, err)
	}
	return min(pages*pageSize, r.Len()), nil
}
