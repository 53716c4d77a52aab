//go:build windows

package mmap

import (
	"errors"
	"syscall"
)

// fileAttributeSparseFile is FILE_ATTRIBUTE_SPARSE_FILE from winnt.h.
const fileAttributeSparseFile = 0x200

// sysAllocate: SetEndOfFile, which Map and Resize call to grow a file,
// allocates its clusters on NTFS and ReFS, and fails there with
// ERROR_DISK_FULL, so a file that is not sparse has its blocks already. A
// sparse file (FSCTL_SET_SPARSE) has holes that a write through the
// mapping fills later: MapAllocate cannot promise anything for it and
// says so.
func sysAllocate(h syscall.Handle, _, _ int64) error {
	var info syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(h, &info); err != nil {
		return err
	}
	if info.FileAttributes&fileAttributeSparseFile != 0 {
		return &reason{"a sparse file's blocks cannot be allocated ahead", errors.ErrUnsupported}
	}
	return nil
}
