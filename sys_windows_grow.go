//go:build windows

package mmap

import (
	"errors"
	"unsafe"
)

// Placeholder until the Windows reservation path lands: Options.Reserve
// is ErrUnsupported on Windows.

func sysReserve(size, align int) (unsafe.Pointer, error) { return nil, errors.ErrUnsupported }

func sysGrowTo(res unsafe.Pointer, h fileHandle, off int64, from, to int, prot Prot, flags MapFlag) error {
	return errors.ErrUnsupported
}

func sysShrinkTo(res unsafe.Pointer, h fileHandle, off int64, from, to int, cut int64, prot Prot, flags MapFlag) error {
	return errors.ErrUnsupported
}

func sysRelease(res unsafe.Pointer, size int) error { return errors.ErrUnsupported }
