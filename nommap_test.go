//go:build js || wasip1 || plan9

package mmap

import (
	"errors"
	"os"
	"testing"
)

// TestNoMmap: where the OS has no mmap, every way in fails with an *Error
// wrapping errors.ErrUnsupported, and no file is created or cut for a
// mapping that cannot be made.
func TestNoMmap(t *testing.T) {
	path := testFile(t, pattern(100))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls := []struct {
		name string
		fn   func() (*Region, error)
	}{
		{"Map", func() (*Region, error) { return Map(path, Options{}) }},
		{"Map truncating", func() (*Region, error) { return Map(path, Options{Open: OpenWrite | OpenTruncate}) }},
		{"MapFile", func() (*Region, error) { return MapFile(f, Options{}) }},
		{"MapAnon", func() (*Region, error) { return MapAnon(PageSize(), Options{}) }},
	}
	for _, c := range calls {
		r, err := c.fn()
		var e *Error
		if r != nil || !errors.As(err, &e) || !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%s = %v, %v; want an *Error wrapping ErrUnsupported", c.name, r, err)
		}
	}
	if b := readFile(t, path); len(b) != 100 {
		t.Errorf("a mapping that cannot be made cut the file to %d bytes", len(b))
	}
	err = With(path, Options{}, func(*Region) error { return nil })
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("With = %v", err)
	}
	if PageSize() <= 0 || Granularity() != PageSize() {
		t.Errorf("PageSize %d, Granularity %d", PageSize(), Granularity())
	}
}
