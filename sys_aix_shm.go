//go:build aix

package mmap

import "errors"

// AIX has shm_open and shm_unlink in libc.a, but the package does not
// bind them: the member that exports them could not be checked here, and
// importing a symbol that libc.a(shr_64.o) lacks would stop every program
// linking the package from loading (see zsyscall_aix.go). Named shared
// memory is ErrUnsupported on AIX until it can be tested there.

var errNoShm error = &reason{"named shared memory is not supported on aix", errors.ErrUnsupported}

const sysShmResizable = false

const shmIsFile = true

func shmOpen(string, int, uint32) (int, error) { return noFile, errNoShm }

func shmUnlink(string) error { return errNoShm }
