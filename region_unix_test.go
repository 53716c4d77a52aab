//go:build unix

package mmap

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

func TestCreateMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := testDir(t)
	tests := []struct {
		mode fs.FileMode
		want fs.FileMode
	}{
		{0, 0o644},
		{0o600, 0o600},
		{0o777, 0o755},
		{0o640, 0o640},
	}
	for i, tt := range tests {
		path := filepath.Join(dir, "f"+strconv.Itoa(i))
		r, err := Map(path, Options{Open: OpenWrite | OpenCreate, Mode: tt.mode, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != tt.want {
			t.Errorf("Mode %v: file has %v, want %v", tt.mode, st.Mode().Perm(), tt.want)
		}
	}
}
