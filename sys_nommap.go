//go:build js || wasip1 || plan9

package mmap

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"unsafe"
)

// js/wasm, wasip1/wasm and Plan 9 have no mmap: a wasm module owns one
// linear memory and no call maps a file or more memory into it, and Plan 9
// has segattach but nothing that maps a file. This file is the whole seam
// for them (sys_unix.go is not built): the package compiles, PageSize and
// Granularity answer, and every call that would map fails with an *Error
// wrapping errors.ErrUnsupported.
//
// The file is never opened: Map fails before open, so that OpenCreate and
// OpenTruncate cannot create or empty a file for a mapping that cannot be
// made. For that, every flag is declared supported here (so normalize does
// not blame a flag), and sysOpen and sysDup refuse.

type fileHandle = int

const noFile fileHandle = -1

// sysCutNeedsUnmap: nothing is ever mapped here.
const sysCutNeedsUnmap = false

const sysUnmapsPart = false

type fileKind int

const (
	kindRegular fileKind = iota
	kindDir
	kindDevice
	kindOther
)

var (
	sysOpenFlags = openAll
	sysMapFlags  = mapAll
	sysSyncFlags = syncAll
	sysProtFlags = protAll
)

// errNoMmap is the cause of every failure: it matches errors.ErrUnsupported
// and says why.
var errNoMmap error = &reason{"memory mapping is not available on " + runtime.GOOS, errors.ErrUnsupported}

func sysPageSize() int    { return os.Getpagesize() }
func sysGranularity() int { return os.Getpagesize() }

func sysOpen(string, OpenFlag, fs.FileMode, Prot) (fileHandle, error) { return noFile, errNoMmap }

func sysDup(*os.File) (fileHandle, bool, error) { return noFile, false, errNoMmap }

func sysStat(fileHandle) (int64, fileKind, error) { return 0, kindOther, errNoMmap }

func sysTruncate(fileHandle, int64) error { return errNoMmap }

// sysCloseFile is only ever given noFile here: nothing is opened.
func sysCloseFile(fileHandle) error { return nil }

func sysMap(fileHandle, int64, int, Prot, MapFlag) (unsafe.Pointer, error) { return nil, errNoMmap }

func sysMapNear(unsafe.Pointer, fileHandle, int64, int, Prot, MapFlag) (unsafe.Pointer, error) {
	return nil, errNoMmap
}

func sysUnmap(unsafe.Pointer, int) error { return errNoMmap }

func sysProtect(unsafe.Pointer, int, Prot, MapFlag) error { return errNoMmap }

func sysSync(unsafe.Pointer, int, fileHandle, SyncFlag) error { return errNoMmap }

func sysAdvise(unsafe.Pointer, int, Advice) error { return errNoMmap }

func sysLock(unsafe.Pointer, int) error { return errNoMmap }

func sysUnlock(unsafe.Pointer, int) error { return errNoMmap }

func sysResident(unsafe.Pointer, int) (int, error) { return 0, errNoMmap }

func sysRemap(unsafe.Pointer, int, int) (unsafe.Pointer, error) { return nil, errNoMmap }

func sysReserve(int, int) (unsafe.Pointer, error) { return nil, errNoMmap }

func sysGrowTo(unsafe.Pointer, fileHandle, int64, int, int, Prot, MapFlag) error { return errNoMmap }

func sysShrinkTo(unsafe.Pointer, fileHandle, int64, int, int, int64, Prot, MapFlag) error {
	return errNoMmap
}

func sysRelease(unsafe.Pointer, int) error { return errNoMmap }

func sysAllocate(fileHandle, int64, int64) error { return errNoMmap }
