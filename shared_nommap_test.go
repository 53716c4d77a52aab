//go:build js || wasip1 || plan9

package mmap

import (
	"errors"
	"testing"
)

// TestSharedNoMmap: without mmap there is no shared memory: every call is
// an *Error wrapping errors.ErrUnsupported, after the same argument checks
// as elsewhere.
func TestSharedNoMmap(t *testing.T) {
	for _, c := range []struct {
		op  string
		err error
	}{
		{opShmOpen, func() error { _, err := CreateShared("x", 10, Options{}); return err }()},
		{opShmOpen, func() error { _, err := OpenShared("x", Options{}); return err }()},
		{opShmUnlink, RemoveShared("x")},
	} {
		var e *Error
		if !errors.As(c.err, &e) || e.Op != c.op || e.Path != "x" || !errors.Is(c.err, errors.ErrUnsupported) {
			t.Errorf("%s: %v, want an *Error wrapping ErrUnsupported", c.op, c.err)
		}
	}
	if _, err := CreateShared("a/b", 10, Options{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad name: %v, want ErrInvalid", err)
	}
}
