//go:build !freebsd && !dragonfly

package mmap

// sysAsyncInvalidate: these systems accept MS_ASYNC with MS_INVALIDATE
// (Windows has no invalidation at all: sysSyncFlags); FreeBSD and
// DragonFly do not (sys_sync_pair.go).
const sysAsyncInvalidate = true
