//go:build !linux && !windows && !js && !wasip1 && !plan9

package mmap

import "testing"

// shmObjects: only Linux shows its objects where the tests can list them
// (the checks that use it compare nothing elsewhere).
func shmObjects(testing.TB) []string { return nil }

// shmAllocates: where the objects are files of a file system that
// allocates (FreeBSD and the others are built here, not run; macOS
// refuses).
const shmAllocates = shmIsFile
