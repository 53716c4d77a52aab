//go:build !linux && !windows && !js && !wasip1 && !plan9

package mmap

import (
	"runtime"
	"testing"
)

// shmObjects: only Linux shows its objects where the tests can list them
// (the checks that use it compare nothing elsewhere).
func shmObjects(testing.TB) []string { return nil }

// shmAllocates: where the objects are files of a file system that
// allocates (FreeBSD and the others are built here, not run; macOS
// refuses).
const shmAllocates = shmIsFile

// shmObjectSize is the size OpenShared finds for an object created with
// size bytes: whole pages on macOS (XNU rounds an object when ftruncate
// sizes it), exactly that elsewhere.
func shmObjectSize(_ testing.TB, size int) int {
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return roundUp(size, pageSize)
	}
	return size
}
