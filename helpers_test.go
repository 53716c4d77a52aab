package mmap

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// testDir makes a fresh directory for one test and removes it afterwards,
// file by file: t.TempDir's cleanup calls os.RemoveAll, which fails under
// Wine 8 ("unlinkat: Invalid function"). Every test makes its files here.
func testDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "mmaptest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeTree(t, dir) })
	return dir
}

func removeTree(t testing.TB, dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() {
			removeTree(t, p)
			continue
		}
		os.Chmod(p, 0o600) // read-only files cannot be removed on Windows
		if err := os.Remove(p); err != nil {
			t.Logf("cleanup: %v", err)
		}
	}
	if err := os.Remove(dir); err != nil {
		t.Logf("cleanup: %v", err)
	}
}

// testFile writes content to a new file in a fresh test directory and
// returns its path.
func testFile(t testing.TB, content []byte) string {
	t.Helper()
	p := filepath.Join(testDir(t), "data.bin")
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pattern returns n bytes that differ from page to page and within pages,
// so that a wrong offset is always seen.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>12)
	}
	return b
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// procState is the process's open descriptors and mappings, from /proc on
// Linux; elsewhere it is empty and leak checks compare nothing.
type procState struct {
	fds  []string
	maps []string
}

func snapshot(t testing.TB) procState {
	t.Helper()
	if runtime.GOOS != "linux" {
		return procState{}
	}
	runtime.GC()
	var s procState
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		target, _ := os.Readlink("/proc/self/fd/" + e.Name())
		s.fds = append(s.fds, e.Name()+" -> "+target)
	}
	raw, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		// Only file mappings made by the tests can be told apart from the
		// runtime's own anonymous ones, which come and go.
		if strings.Contains(line, "mmaptest-") {
			s.maps = append(s.maps, line)
		}
	}
	sort.Strings(s.fds)
	return s
}

// countMaps counts the mappings whose line in /proc/self/maps contains
// substr; -1 where there is no /proc.
func countMaps(t testing.TB, substr string) int {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return -1
	}
	return bytes.Count(raw, []byte(substr))
}

// checkNoLeak fails when descriptors or test-file mappings differ from
// before. The fd of /proc/self/fd itself is read anew each time.
func checkNoLeak(t testing.TB, before procState) {
	t.Helper()
	after := snapshot(t)
	if strings.Join(before.fds, "\n") != strings.Join(after.fds, "\n") {
		t.Errorf("descriptors leaked:\nbefore %q\nafter  %q", before.fds, after.fds)
	}
	if len(after.maps) > len(before.maps) {
		t.Errorf("mappings leaked: %q", after.maps)
	}
}

// runChild runs the test binary again as a child with env added to its
// environment (a job for its init to do) and extra as its descriptors 3
// and on, and returns what it printed. Under qemu-user without
// binfmt_misc the kernel cannot run the binary itself: scripts/test-cross
// names the emulator to run it through (MMAP_TEST_EMULATOR); where it
// still cannot be run, the test is skipped, saying why.
func runChild(t *testing.T, env []string, extra ...*os.File) (*exec.Cmd, []byte, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if emu := os.Getenv("MMAP_TEST_EMULATOR"); emu != "" {
		cmd = exec.Command(emu, os.Args[0], "-test.run=^$")
	}
	cmd.Env = append(os.Environ(), env...)
	if len(extra) > 0 {
		cmd.ExtraFiles = extra
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(err, errNoExec) {
		t.Skipf("cannot re-execute the test binary %s (%v): an emulator without binfmt_misc", os.Args[0], err)
	}
	if stderr.Len() > 0 {
		t.Logf("child stderr: %s", stderr.Bytes())
	}
	return cmd, out, err
}
