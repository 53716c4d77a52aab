//go:build freebsd || dragonfly

package mmap

// sysAsyncInvalidate: FreeBSD's and DragonFly's msync refuse MS_ASYNC with
// MS_INVALIDATE (EINVAL: kern_msync in FreeBSD's sys/vm/vm_mmap.c, and
// msync(2) on both: "Only one of these flags is allowed"), so normSync
// refuses SyncAsync|SyncInvalidate with ErrUnsupported before any call.
// Turning the pair into MS_SYNC|MS_INVALIDATE would make an asynchronous
// Sync wait for the disk.
const sysAsyncInvalidate = false
