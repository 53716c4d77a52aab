//go:build js || wasip1 || plan9

package mmap

// No mmap, no named shared memory: every call fails with errNoMmap,
// before anything is created.

const sysShmResizable = false

func sysCreateShared(string, int, Options) (*Region, error) { return nil, errNoMmap }

func sysOpenShared(string, Options) (*Region, error) { return nil, errNoMmap }

func sysRemoveShared(string) error { return errNoMmap }
