//go:build unix

package mmap

import (
	"errors"
	"runtime"
	"syscall"
	"unsafe"
)

// Growth in place on Unix (grow.go): the reservation is an anonymous
// PROT_NONE mapping (reserveFlags: MAP_NORESERVE on Linux, MAP_GUARD on
// FreeBSD), and the Region's pages are mapped over its start with
// MAP_FIXED, which replaces the reserved pages in one step: there is never
// a moment when the range is free for another mapping to take. Shrinking
// maps PROT_NONE over the pages given back, in the same way.
//
// Every MAP_FIXED result is compared with the address asked for: an
// emulator that ignores the flag (qemu-user 7.2 ignores
// MAP_FIXED_NOREPLACE) must not leave a mapping elsewhere unnoticed.

// errMisplaced is what a MAP_FIXED mapping that the kernel put at another
// address returns.
var errMisplaced error = &reason{"the kernel did not map at the reserved address", ErrInvalid}

// sysReserve reserves size bytes of inaccessible address space, aligned to
// align. A larger alignment than the page (huge pages) is had by
// reserving align more and giving back the ends.
func sysReserve(size, align int) (unsafe.Pointer, error) {
	if runtime.GOOS == "aix" && !aixFixedReplaces() {
		return nil, errNoFixedReplace
	}
	n := size
	if align > pageSize {
		if n > int(^uint(0)>>1)-align {
			return nil, syscall.ENOMEM
		}
		n += align
	}
	addr, err := mmapRaw(nil, uintptr(n), syscall.PROT_NONE, reserveFlags, -1, 0)
	if err != nil {
		return nil, err
	}
	if n == size {
		return addr, nil
	}
	head := int((uintptr(align) - uintptr(addr)%uintptr(align)) % uintptr(align))
	if head > 0 {
		munmapRaw(addr, uintptr(head))
	}
	if tail := n - head - size; tail > 0 {
		munmapRaw(unsafe.Add(addr, head+size), uintptr(tail))
	}
	return unsafe.Add(addr, head), nil
}

// errNoFixedReplace: AIX's mmap fails with ENOMEM when MAP_FIXED names
// pages that are mapped already, unless the process asked for UNIX95
// behaviour (XPG_SUS_ENV=ON) (IBM's mmap documentation; Go's runtime,
// runtime/mem_aix.go, golang/go#19200, maps into its own reservations
// with mprotect for this reason, which cannot map a file). Nothing could
// be mapped into a reservation, so Options.Reserve is ErrUnsupported.
var errNoFixedReplace error = &reason{"AIX's mmap does not map over reserved pages with MAP_FIXED unless XPG_SUS_ENV=ON", errors.ErrUnsupported}

// aixFixedReplaces reports whether the process runs with the UNIX95
// behaviour under which AIX's MAP_FIXED replaces mapped pages.
func aixFixedReplaces() bool {
	v, _ := syscall.Getenv("XPG_SUS_ENV")
	return v == "ON"
}

// sysGrowTo maps the pages of [from, to) of the reservation at res that
// are not mapped yet (those past the page holding byte from-1), from the
// file at off+start or as anonymous memory. The pages below stay as they
// are: readers may be using them.
func sysGrowTo(res unsafe.Pointer, h int, off int64, from, to int, prot Prot, flags MapFlag) error {
	start, end := roundUp(from, pageSize), roundUp(to, pageSize)
	if end <= start {
		return nil
	}
	fileOff := int64(0)
	if h != noFile {
		fileOff = off + int64(start)
	}
	return mapFixed(unsafe.Add(res, start), end-start, unixProt(prot), translate(flags, mapBits), h, fileOff)
}

// sysShrinkTo gives back the pages of [to, from) that hold no byte below
// to, mapping the reservation's PROT_NONE over them, then cuts the file
// to cut bytes when cut >= 0: a Unix kernel cuts a mapped file, and the
// pages past the new end would fault from then on. A failure may have
// unmapped the pages past to already (a failed MAP_FIXED may leave the
// range unmapped), which it says with a *shrunkError.
func sysShrinkTo(res unsafe.Pointer, h int, _ int64, from, to int, cut int64, _ Prot, flags MapFlag) error {
	start, end := roundUp(to, pageSize), roundUp(from, pageSize)
	if end > start {
		addr := unsafe.Add(res, start)
		if h == noFile && flags&MapShared != 0 {
			// Shared anonymous pages belong to an object that outlives
			// this mapping of them: free them first where the OS can.
			discardShared(addr, end-start)
		}
		if err := mapFixed(addr, end-start, syscall.PROT_NONE, reserveFlags, -1, 0); err != nil {
			return &shrunkError{start, err}
		}
	}
	if cut >= 0 {
		if err := sysTruncate(h, cut); err != nil {
			return &shrunkError{start, err}
		}
	}
	return nil
}

// shrunkError is a failed shrink after which only [0, keep) of the
// reservation is known to be mapped (grow.go's keepMapped reads it).
type shrunkError struct {
	keep int
	err  error
}

func (e *shrunkError) Error() string     { return e.err.Error() }
func (e *shrunkError) Unwrap() error     { return e.err }
func (e *shrunkError) mappedPrefix() int { return e.keep }

// sysRelease unmaps the whole reservation, and with it every page mapped
// into it.
func sysRelease(res unsafe.Pointer, size int) error { return munmapRaw(res, uintptr(size)) }

// mapFixed is mmap(MAP_FIXED) at addr, which must be where the kernel
// puts it.
func mapFixed(addr unsafe.Pointer, size, prot, flags, fd int, off int64) error {
	got, err := mmapRaw(addr, uintptr(size), prot, flags|syscall.MAP_FIXED, fd, off)
	if err != nil {
		return err
	}
	if got != addr {
		munmapRaw(got, uintptr(size))
		return errMisplaced
	}
	return nil
}

// sysAllocate reserves the disk blocks of [off, off+n) of the file.
func sysAllocate(fd int, off, n int64) error {
	return ignoringEINTR(func() error { return allocateRaw(fd, off, n) })
}
