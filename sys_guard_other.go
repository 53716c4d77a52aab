//go:build !linux

package mmap

// sysDiskFull is Linux's only: Guard needs it where a fault can come
// without its address, which only qemu-user's emulation of Linux does.
func sysDiskFull(fileHandle) bool { return false }
