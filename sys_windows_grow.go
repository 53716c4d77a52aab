//go:build windows

package mmap

import (
	"bytes"
	"errors"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// Growing in place on Windows (the seam of grow.go), with the calls every
// Windows and Wine have: VirtualAlloc(MEM_RESERVE) keeps the address space
// and MapViewOfFileEx maps at a chosen address. A view cannot be mapped
// over a reservation, so the reserved tail is released just before the
// views are mapped where it was, and what is left of it past them is
// reserved again at once; no address of the Region moves.
//
// Layout of a reservation at res, for a Region whose OS mapping is n
// bytes long (G is the 64 KiB allocation granularity, a "granule"):
//
//   - a file: views, each starting at a multiple of G. A view reaches the
//     end of its granule wherever the file has those bytes, its pages
//     past n PAGE_NOACCESS until the Region grows over them (a
//     VirtualProtect, nothing unmapped). Only where the file itself ended
//     inside the granule when the view was made does the view end early;
//     that last partial granule is then a view of its own, followed by a
//     gap up to the next multiple of G that is free but that no one can
//     allocate (Windows places allocations at multiples of G).
//   - shared anonymous memory: a pagefile section per growth, of whole
//     granules, mapped the same way (its < 64 KiB of PAGE_NOACCESS pages
//     past n are committed: the only reserved part that costs memory).
//   - then the tail: one or more MEM_RESERVE allocations up to the end.
//   - private anonymous memory: one MEM_RESERVE allocation, the whole
//     reservation, whose pages below n are committed (VirtualAlloc
//     MEM_COMMIT; a shrink decommits): nothing is ever unmapped.
//
// The bytes past the end of a view's section in its last page follow the
// file once it grows: the view and the file's cache are one set of pages
// (seen under Wine, whose views are mmap of the file; on Windows a file's
// mapped views and its cache share its data section's pages), so a growth
// that stays within that page changes no mapping.
//
// The exact promise on Windows. A growth maps new address space only, and
// disturbs no reader, for anonymous memory, and for a file Region whose
// last view reaches the end of its granule: the file was at least that
// long when the view was made (a database that maps its file with a large
// Reserve and grows it itself, or a Region that grows by multiples of
// 64 KiB from an aligned Offset). Otherwise (a Region that grows its own
// file to an end inside a granule, or a reader following a file that
// ended inside one), the growth must also replace the view of that last
// partial granule by a longer one (a view cannot outgrow its section, and
// the next view may only start at a multiple of G): that view is unmapped
// and mapped again at the same address, so for the few microseconds
// between, ReadAt, WriteAt, Guard and Sync over that granule fail
// (ErrFault), and an access through a slice of Bytes there crashes. The
// bytes below that granule are never unmapped. For a private file Region
// that granule's private bytes are carried across: it is made read-only
// first (a concurrent write fails with ErrFault instead of being lost),
// and until they are copied back a reader there may see the file's bytes.
//
// The window. A view cannot be mapped over a reservation, so the address
// space it goes to is released just before (mapInto) and is free for the
// microseconds until the view is there; VirtualAlloc(NULL) of any thread
// (the Go runtime's own allocations included) puts small allocations at
// the lowest free address, often exactly there. A growth whose new range
// is taken retries a few times, then fails with an error wrapping
// ERROR_INVALID_ADDRESS: the Region keeps its address, length and bytes,
// and the taken range stays out of its reach until it is free again. The
// remapping of existing bytes (the last partial view above; every view,
// before a shrink that cuts the file, as Windows demands) has the same
// window: there a theft that outlasts the retries loses the bytes from
// that address on, reported as a *lostError (mappedPrefix says how much
// is left). sysRelease frees only views and reservations that carry
// reserveMark, never a stranger's allocation inside the range.
//
// Not done: the placeholder path of Windows 10 1803 and later
// (VirtualAlloc2 with MEM_RESERVE_PLACEHOLDER, VirtualFree with
// MEM_PRESERVE_PLACEHOLDER to split, MapViewOfFile3 with
// MEM_REPLACE_PLACEHOLDER, UnmapViewOfFile2 with MEM_PRESERVE_PLACEHOLDER).
// It would close the window above (the address stays a placeholder of
// ours throughout), so no theft and no lostError; it would not spare
// readers the remapping of a last partial granule, whose next view must
// still start at a multiple of 64 KiB. Wine 8, which runs the Windows
// tests here, has no placeholders, so it could not be tested; the classic
// path is the one path. MapHugePages with a reservation is ErrUnsupported.

const (
	// From winnt.h.
	memCommit   = 0x1000  // MEM_COMMIT
	memReserve  = 0x2000  // MEM_RESERVE
	memDecommit = 0x4000  // MEM_DECOMMIT
	memRelease  = 0x8000  // MEM_RELEASE
	memFree     = 0x10000 // MEM_FREE
	memPrivate  = 0x20000 // MEM_PRIVATE
	memMapped   = 0x40000 // MEM_MAPPED
	// From winerror.h: an address asked of VirtualAlloc or
	// MapViewOfFileEx is not free.
	errorInvalidAddress = syscall.Errno(487) // ERROR_INVALID_ADDRESS
)

// reserveMark is the protection every reservation of ours is made with
// (a reservation is inaccessible whatever it says): VirtualQuery reports
// it as AllocationProtect, which tells our reservations from a stranger's
// allocation that took part of a released tail.
const reserveMark = syscall.PAGE_READONLY

// addressRetries is how many times a mapping whose address another
// allocation took is tried again, after a growing pause, before failing.
const addressRetries = 4

var errAddressTaken error = &reason{"another allocation took part of the Region's reservation", errorInvalidAddress}

// lostError is the failure that costs data: after unmapping part of the
// Region (the view of its last partial granule, or every view before a
// cut), its address could not be mapped again because another allocation
// holds it now. Only [0, keep) of the reservation is still the Region's;
// what lies past it belongs to someone else and must not be reached:
// grow.go publishes no length past keep (mappedPrefix).
type lostError struct {
	keep int
	err  error
}

func (e *lostError) Error() string {
	return e.err.Error() + " (the Region's bytes from offset " + strconv.Itoa(e.keep) + " of its mapping are lost)"
}
func (e *lostError) Unwrap() error     { return e.err }
func (e *lostError) mappedPrefix() int { return e.keep }

// testHookWindow, when set by a test, is called with the address about to
// be mapped, in the window where it is neither reserved nor mapped.
var testHookWindow func(addr unsafe.Pointer)

func sysReserve(size, align int) (unsafe.Pointer, error) {
	if align > granularity {
		return nil, errors.ErrUnsupported // large pages: no reservation for them
	}
	return virtualAlloc(nil, uintptr(size), memReserve, reserveMark)
}

func sysGrowTo(res unsafe.Pointer, h fileHandle, off int64, from, to int, prot Prot, flags MapFlag) error {
	switch {
	case flags&MapHugePages != 0:
		return errors.ErrUnsupported
	case h != noFile:
		return growFile(res, h, off, from, to, prot, flags)
	case flags&MapPrivate != 0:
		lo, hi := roundUp(from, pageSize), roundUp(to, pageSize)
		if hi > lo {
			_, err := virtualAlloc(unsafe.Add(res, lo), uintptr(hi-lo), memCommit, pageProt(prot, false))
			return err
		}
		return nil
	}
	return growShared(res, from, to, prot, flags)
}

func sysShrinkTo(res unsafe.Pointer, h fileHandle, off int64, from, to int, cut int64, prot Prot, flags MapFlag) error {
	switch {
	case flags&MapHugePages != 0:
		return errors.ErrUnsupported
	case h != noFile:
		return shrinkFile(res, h, off, from, to, cut, prot, flags)
	case flags&MapPrivate != 0:
		lo, hi := roundUp(to, pageSize), roundUp(from, pageSize)
		if hi > lo {
			return virtualFree(unsafe.Add(res, lo), uintptr(hi-lo), memDecommit)
		}
		return nil
	}
	return shrinkShared(res, from, to, prot, flags)
}

// sysRelease frees every view and every reservation of ours in [res,
// res+size); allocations of others (see reserveMark) stay.
func sysRelease(res unsafe.Pointer, size int) error {
	var first error
	for off := 0; off < size; {
		a, err := allocationAt(res, off)
		if err != nil {
			return err
		}
		switch {
		case a.state == memFree, a.base < 0, a.end > size:
		case a.typ == memMapped:
			err = unmapViewOfFile(unsafe.Add(res, a.base))
		case a.mine:
			err = virtualFree(unsafe.Add(res, a.base), 0, memRelease)
		}
		if err != nil && first == nil {
			first = err
		}
		off = a.end
	}
	return first
}

// allocation is what VirtualQuery says of the allocation (a view, or the
// reservation of one VirtualAlloc) or the free run at an address, as
// offsets from the reservation's start.
type allocation struct {
	base, end int
	state     uint32 // of its first region: MEM_FREE, MEM_RESERVE or MEM_COMMIT
	typ       uint32 // MEM_PRIVATE or MEM_MAPPED
	mine      bool   // a reservation of ours (reserveMark)
}

func allocationAt(res unsafe.Pointer, off int) (allocation, error) {
	var mi memoryBasicInformation
	if err := virtualQuery(unsafe.Add(res, off), &mi); err != nil {
		return allocation{}, err
	}
	r := uintptr(res)
	a := allocation{base: int(mi.baseAddress - r), end: int(mi.baseAddress + mi.regionSize - r), state: mi.state, typ: mi.typ}
	if mi.state == memFree {
		return a, nil
	}
	a.base = int(mi.allocationBase - r)
	a.mine = mi.typ == memPrivate && mi.allocationProtect == reserveMark
	// VirtualQuery describes a run of pages alike; an allocation whose
	// pages differ (committed or not, protections) is several runs.
	for {
		var next memoryBasicInformation
		if virtualQuery(unsafe.Add(res, a.end), &next) != nil || next.state == memFree ||
			next.allocationBase != mi.allocationBase {
			return a, nil
		}
		a.end = int(next.baseAddress + next.regionSize - r)
	}
}

// eachAllocation calls fn for each part of [addr, addr+size) that lies in
// one allocation (a view, or one reservation): VirtualProtect and
// FlushViewOfFile refuse a range that spans two (ERROR_INVALID_PARAMETER),
// and a Region that grew in place is several views.
func eachAllocation(addr unsafe.Pointer, size int, fn func(unsafe.Pointer, uintptr) error) error {
	for off := 0; off < size; {
		a, err := allocationAt(addr, off)
		if err != nil {
			return err
		}
		end := min(a.end, size)
		if end <= off {
			return syscall.EINVAL
		}
		if err := fn(unsafe.Add(addr, off), uintptr(end-off)); err != nil {
			return err
		}
		off = end
	}
	return nil
}

// protectViews is VirtualProtect of [lo, hi) of the reservation, view by view.
func protectViews(res unsafe.Pointer, lo, hi int, prot uint32) error {
	return eachAllocation(unsafe.Add(res, lo), hi-lo, func(a unsafe.Pointer, n uintptr) error {
		return virtualProtect(a, n, prot)
	})
}

// reserveRange reserves [lo, hi) of the reservation again.
func reserveRange(res unsafe.Pointer, lo, hi int) error {
	want := unsafe.Add(res, lo)
	addr, err := virtualAlloc(want, uintptr(hi-lo), memReserve, reserveMark)
	switch {
	case err == errorInvalidAddress:
		return errAddressTaken
	case err != nil:
		return err
	case addr != want:
		virtualFree(addr, 0, memRelease)
		return errAddressTaken
	}
	return nil
}

// reserveFree reserves again whatever is free in [lo, hi): the way back
// from a growth or shrink that failed half-way. Best effort.
func reserveFree(res unsafe.Pointer, lo, hi int) {
	for off := lo; off < hi; {
		a, err := allocationAt(res, off)
		if err != nil || a.end <= off {
			return
		}
		if start, end := roundUp(max(a.base, off), granularity), min(a.end, hi); a.state == memFree && end > start {
			reserveRange(res, start, end)
		}
		off = a.end
	}
}

// mapInto maps views into [b, e) of the reservation with mapFn: it
// releases our reservations there and maps at once, then reserves again
// what of the last one lies past e. The address space is free only
// between those calls: another thread that allocates then (first fit
// often lands right there) makes it retry, then fail with
// errAddressTaken, everything reserved back.
func mapInto(res unsafe.Pointer, b, e int, mapFn func() error) error {
	return retry(func() error {
		end := e
		for off := b; off < e; {
			a, err := allocationAt(res, off)
			switch {
			case err != nil:
			case a.state == memFree:
			case a.mine && a.state == memReserve && a.base == off:
				err = virtualFree(unsafe.Add(res, off), 0, memRelease)
				end = max(end, a.end)
			default:
				err = errAddressTaken
			}
			if err != nil {
				reserveFree(res, b, end)
				return err
			}
			off = a.end
		}
		if testHookWindow != nil {
			testHookWindow(unsafe.Add(res, b))
		}
		if err := mapFn(); err != nil {
			reserveFree(res, b, end)
			return err
		}
		if end > e {
			if reserveRange(res, e, end) != nil {
				reserveFree(res, e, end) // the growth holds; a later one past here fails
			}
		}
		return nil
	})
}

// unmapViews unmaps the views that start in [lo, hi).
func unmapViews(res unsafe.Pointer, lo, hi int) error {
	for off := lo; off < hi; {
		a, err := allocationAt(res, off)
		if err != nil {
			return err
		}
		if a.typ == memMapped && a.state != memFree && a.base >= lo {
			if err := unmapViewOfFile(unsafe.Add(res, a.base)); err != nil {
				return err
			}
		}
		off = a.end
	}
	return nil
}

// retry calls fn again while another allocation holds the address it
// wants, pausing longer each time, up to addressRetries times.
func retry(fn func() error) error {
	for i := 0; ; i++ {
		err := fn()
		if err != errAddressTaken || i == addressRetries {
			return err
		}
		time.Sleep(time.Millisecond << i)
	}
}

// viewer maps views of one section of a file at chosen places of a
// reservation.
type viewer struct {
	section   syscall.Handle
	off       int64 // file offset of the reservation's byte 0
	prot, max Prot
	cow       bool
}

// newViewer makes a section of the file h covering its bytes up to
// off+end (the file is that long already).
func newViewer(h fileHandle, off int64, end int, prot Prot, flags MapFlag) (*viewer, error) {
	v := &viewer{off: off, prot: prot, max: maxAccess(h, prot, flags), cow: flags&MapPrivate != 0}
	var err error
	v.section, err = createFileMapping(h, pageProt(v.max, v.cow), uint64(off)+uint64(end))
	return v, err
}

func (v *viewer) close() { syscall.CloseHandle(v.section) }

// mapAt maps the file's bytes of [lo, hi) at res+lo, with the Region's
// protection up to n and PAGE_NOACCESS past it.
func (v *viewer) mapAt(res unsafe.Pointer, lo, hi, n int) error {
	return mapViewAt(res, v.section, uint64(v.off)+uint64(lo), lo, hi, n, v.prot, v.max, v.cow)
}

// mapViewAt maps [lo, hi) of a section, from its byte secOff, at res+lo,
// with access max, then prot up to n and PAGE_NOACCESS past it.
func mapViewAt(res unsafe.Pointer, section syscall.Handle, secOff uint64, lo, hi, n int, prot, max Prot, cow bool) error {
	want := unsafe.Add(res, lo)
	addr, err := mapViewOfFileEx(section, viewAccess(max, cow), secOff, uintptr(hi-lo), want)
	switch {
	case err == errorInvalidAddress:
		return errAddressTaken
	case err != nil:
		return err
	case addr != want: // not what MapViewOfFileEx does, but never move silently
		unmapViewOfFile(addr)
		return errAddressTaken
	}
	if err := protectSplit(res, lo, hi, n, prot, max, cow); err != nil {
		unmapViewOfFile(addr)
		return err
	}
	return nil
}

// protectSplit gives the new view [lo, hi), mapped with protection max,
// the Region's protection up to n and PAGE_NOACCESS past it.
func protectSplit(res unsafe.Pointer, lo, hi, n int, prot, max Prot, cow bool) error {
	page := min(hi, roundUp(n, pageSize))
	if prot != max && page > lo {
		if err := virtualProtect(unsafe.Add(res, lo), uintptr(page-lo), pageProt(prot, cow)); err != nil {
			return err
		}
	}
	if page < hi {
		return virtualProtect(unsafe.Add(res, page), uintptr(hi-page), pageNoAccess)
	}
	return nil
}

// mapSpan maps [lo, hi) (lo a multiple of the granularity) as views,
// accessible up to n, the last partial block a view of its own, so that
// a later growth replaces no more than that block.
func (v *viewer) mapSpan(res unsafe.Pointer, lo, hi, n int) error {
	mid := max(lo, hi&^(granularity-1))
	if mid > lo {
		if err := v.mapAt(res, lo, mid, n); err != nil {
			return err
		}
	}
	if hi > mid {
		if err := v.mapAt(res, mid, hi, n); err != nil {
			if mid > lo {
				unmapViewOfFile(unsafe.Add(res, lo))
			}
			return err
		}
	}
	return nil
}

// mapSpanAgain is mapSpan into address space that was just unmapped or
// released, retrying while another allocation holds part of it.
func (v *viewer) mapSpanAgain(res unsafe.Pointer, lo, hi, n int) error {
	return retry(func() error {
		if testHookWindow != nil {
			testHookWindow(unsafe.Add(res, lo))
		}
		return v.mapSpan(res, lo, hi, n)
	})
}

// park copies [lo, hi) of a private file Region out, made read-only
// first so that a concurrent write fails rather than being lost.
func (v *viewer) park(res unsafe.Pointer, lo, hi int) ([]byte, error) {
	if !v.cow || hi <= lo {
		return nil, nil
	}
	if v.prot != ProtRead {
		if err := protectViews(res, lo, hi, syscall.PAGE_READONLY); err != nil {
			return nil, err
		}
	}
	// Outside the Go heap: a cut parks the whole Region, and unpark
	// gives it back at once.
	addr, err := virtualAlloc(nil, uintptr(hi-lo), memReserve|memCommit, syscall.PAGE_READWRITE)
	if err != nil {
		return nil, err
	}
	buf := unsafe.Slice((*byte)(addr), hi-lo)
	if _, fault := guardedCopy(buf, unsafe.Slice((*byte)(unsafe.Add(res, lo)), hi-lo)); fault {
		unpark(buf)
		if v.prot != ProtRead {
			protectViews(res, lo, hi, pageProt(v.prot, v.cow))
		}
		return nil, ErrFault
	}
	return buf, nil
}

func unpark(parked []byte) {
	if len(parked) > 0 {
		virtualFree(unsafe.Pointer(unsafe.SliceData(parked)), 0, memRelease)
	}
}

// carry copies the parked bytes back to res+lo, page by page and only
// where they differ from the file's, so that pages never written stay
// shared with the file.
func (v *viewer) carry(res unsafe.Pointer, lo int, parked []byte) error {
	if len(parked) == 0 {
		return nil
	}
	span := unsafe.Slice((*byte)(unsafe.Add(res, lo)), len(parked))
	if v.prot != v.max {
		if err := protectViews(res, lo, lo+len(parked), pageProt(v.max, v.cow)); err != nil {
			return err
		}
	}
	for i := 0; i < len(parked); i += pageSize {
		j := min(i+pageSize, len(parked))
		if !bytes.Equal(span[i:j], parked[i:j]) {
			if _, fault := guardedCopy(span[i:j], parked[i:j]); fault {
				return ErrFault
			}
		}
	}
	if v.prot != v.max {
		return protectViews(res, lo, lo+len(parked), pageProt(v.prot, v.cow))
	}
	return nil
}

// fileLimit is how far views of the file h may reach for a Region whose
// mapping ends at n: whole blocks, as far as the file goes. A view that
// ends at a block boundary never has to be replaced when the Region
// grows; its pages past n are PAGE_NOACCESS until then.
func fileLimit(h fileHandle, off int64, n int) (int, error) {
	size, _, err := sysStat(h)
	if err != nil {
		return 0, err
	}
	limit := roundUp(n, granularity)
	if size-off < int64(limit) {
		limit = max(n, int(size-off))
	}
	return limit, nil
}

func growFile(res unsafe.Pointer, h fileHandle, off int64, from, to int, prot Prot, flags MapFlag) error {
	limit, err := fileLimit(h, off, to)
	if err != nil {
		return err
	}
	v, err := newViewer(h, off, limit, prot, flags)
	if err != nil {
		return err
	}
	defer v.close()
	mapped := 0 // where the views end
	if from > 0 {
		a, err := allocationAt(res, from-1)
		if err != nil {
			return err
		}
		if a.typ != memMapped || a.base < 0 {
			return errAddressTaken
		}
		mapped = a.end
	}
	// What the views hold already only needs its protection.
	if lo, hi := roundUp(from, pageSize), min(mapped, roundUp(to, pageSize)); hi > lo {
		if err := virtualProtect(unsafe.Add(res, lo), uintptr(hi-lo), pageProt(prot, v.cow)); err != nil {
			return err
		}
	}
	if to <= mapped {
		return nil
	}
	b, e := roundUp(mapped, granularity), roundUp(limit, granularity)
	if limit > b {
		// The new blocks first: until the last partial view is replaced
		// below, a failure leaves the Region as it was.
		if err := mapInto(res, b, e, func() error { return v.mapSpan(res, b, limit, to) }); err != nil {
			return err
		}
	}
	if mapped == b {
		return nil
	}
	if err := v.replace(res, from, mapped, min(limit, b), to); err != nil {
		if limit > b {
			unmapViews(res, b, e)
			reserveFree(res, b, e)
		}
		return err
	}
	return nil
}

// replace swaps the last view of a file Region, which ends at mapped
// inside its block, for one reaching hi, accessible up to to, at the same
// address; private bytes below from are carried across.
func (v *viewer) replace(res unsafe.Pointer, from, mapped, hi, to int) error {
	a, err := allocationAt(res, mapped-1)
	if err != nil {
		return err
	}
	if a.typ != memMapped || a.base < 0 {
		return errAddressTaken
	}
	vs := a.base
	parked, err := v.park(res, vs, from)
	if err != nil {
		return err
	}
	defer unpark(parked)
	if err := unmapViewOfFile(unsafe.Add(res, vs)); err != nil {
		return err
	}
	if err := v.mapSpanAgain(res, vs, hi, to); err != nil {
		// Put the old view back: the Region keeps its length.
		if v.mapSpanAgain(res, vs, mapped, from) != nil {
			return &lostError{vs, err}
		}
		v.carry(res, vs, parked)
		return err
	}
	return v.carry(res, vs, parked)
}

func shrinkFile(res unsafe.Pointer, h fileHandle, off int64, from, to int, cut int64, prot Prot, flags MapFlag) error {
	lo := 0
	if cut < 0 && to > 0 {
		// Only the view holding the new end goes; those before stay.
		a, err := allocationAt(res, to)
		if err != nil {
			return err
		}
		if a.typ == memMapped && a.state != memFree && a.base >= 0 {
			lo = a.base
		} else {
			lo = roundUp(to, granularity)
		}
	}
	// Windows cuts no file that a view maps past the cut (SetEndOfFile:
	// ERROR_USER_MAPPED_FILE), whatever that view's own extent: every
	// view goes before the cut, private bytes parked.
	v := &viewer{prot: prot, max: maxAccess(h, prot, flags), cow: flags&MapPrivate != 0}
	keep := to // parked bytes: the kept ones, or all when a refused cut brings them back
	if cut >= 0 {
		keep = from
	}
	parked, err := v.park(res, lo, keep)
	if err != nil {
		return err
	}
	defer unpark(parked)
	oldEnd := roundUp(from, granularity)
	if err := unmapViews(res, lo, oldEnd); err != nil {
		return &lostError{lo, err} // some views may be gone already
	}
	// Hold the address space again at once: the cut and the new section
	// take time, and another thread may allocate meanwhile.
	reserveFree(res, lo, oldEnd)
	n := to
	var cutErr error
	if cut >= 0 {
		if cutErr = setEndOfFile(h, cut); cutErr != nil {
			n = from // refused: map back what was there
		}
	}
	if n <= lo {
		return cutErr
	}
	limit, err := fileLimit(h, off, n)
	if err == nil {
		v, err = newViewer(h, off, limit, prot, flags)
	}
	if err != nil {
		return err
	}
	defer v.close()
	e := roundUp(limit, granularity)
	if err := mapInto(res, lo, e, func() error { return v.mapSpan(res, lo, limit, n) }); err != nil {
		return &lostError{lo, err}
	}
	if err := v.carry(res, lo, parked[:min(len(parked), n-lo)]); err != nil {
		return err
	}
	return cutErr
}

// growShared grows shared anonymous memory: the last view reaches the
// next multiple of the granularity already (its pages past from are
// PAGE_NOACCESS: they are made accessible), and a new pagefile section of
// whole blocks is mapped past it.
func growShared(res unsafe.Pointer, from, to int, prot Prot, flags MapFlag) error {
	b, e := roundUp(from, granularity), roundUp(to, granularity)
	if lo, hi := roundUp(from, pageSize), min(b, roundUp(to, pageSize)); hi > lo {
		if err := virtualProtect(unsafe.Add(res, lo), uintptr(hi-lo), pageProt(prot, false)); err != nil {
			return err
		}
	}
	if to <= b {
		return nil
	}
	max := maxAccess(noFile, prot, flags)
	section, err := createFileMapping(noFile, pageProt(max, false)|secCommit, uint64(e-b))
	if err != nil {
		return err
	}
	defer syscall.CloseHandle(section)
	return mapInto(res, b, e, func() error { return mapViewAt(res, section, 0, b, e, to, prot, max, false) })
}

// shrinkShared gives back the views of shared anonymous memory past to.
// The view holding the new end, when it reaches past it, is replaced by a
// new section of whole blocks holding the kept bytes, so that the
// memory past them goes too.
func shrinkShared(res unsafe.Pointer, from, to int, prot Prot, flags MapFlag) error {
	e, oldEnd := roundUp(to, granularity), roundUp(from, granularity)
	lo := e
	var section syscall.Handle
	var temp unsafe.Pointer
	max := maxAccess(noFile, prot, flags)
	if to > 0 {
		a, err := allocationAt(res, to-1)
		if err != nil {
			return err
		}
		if a.typ == memMapped && a.base >= 0 && a.end > roundUp(to, pageSize) {
			lo = a.base
			if section, err = createFileMapping(noFile, pageProt(max, false)|secCommit, uint64(e-lo)); err != nil {
				return err
			}
			defer syscall.CloseHandle(section)
			if temp, err = mapViewOfFile(section, syscall.FILE_MAP_WRITE, 0, uintptr(e-lo)); err != nil {
				return err
			}
			defer unmapViewOfFile(temp)
			if prot&ProtRead == 0 {
				if err := virtualProtect(unsafe.Add(res, lo), uintptr(to-lo), syscall.PAGE_READONLY); err != nil {
					return err
				}
			}
			copy(unsafe.Slice((*byte)(temp), to-lo), unsafe.Slice((*byte)(unsafe.Add(res, lo)), to-lo))
		}
	}
	if err := unmapViews(res, lo, oldEnd); err != nil {
		return &lostError{lo, err} // some views may be gone already
	}
	reserveFree(res, lo, oldEnd)
	if temp == nil {
		return nil
	}
	if err := mapInto(res, lo, e, func() error { return mapViewAt(res, section, 0, lo, e, to, prot, max, false) }); err != nil {
		return &lostError{lo, err}
	}
	return nil
}
