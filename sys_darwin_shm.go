//go:build darwin

package mmap

// macOS: libSystem's shm_open (zsyscall_darwin_shm.go). XNU keeps an
// object in memory, not in a file system, with rules of its own
// (bsd/kern/posix_shm.c):
//   - a name is at most 31 bytes (PSHMNAMLEN) with its leading slash;
//   - ftruncate sizes an object once, rounded up to whole pages, and fails
//     with EINVAL after that: Resize is ErrUnsupported;
//   - only MAP_SHARED mappings are allowed (the package maps nothing else);
//   - fstat reports the permissions without a file type, so mapFile would
//     take the object for something that cannot be mapped: mapShared
//     builds the Region itself;
//   - the kernel marks the descriptor close-on-exec itself, and does not
//     apply the umask to the mode of a new object.

// sysShmResizable: one ftruncate per object.
const sysShmResizable = false

// shmIsFile: fstat's st_mode has no S_IFREG.
const shmIsFile = false

func shmOpen(name string, flags int, perm uint32) (int, error) {
	return libcShmOpen(name, flags, perm)
}
