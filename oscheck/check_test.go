package main

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWrongValuesFail feeds the check a copy of the package with one value
// made wrong at a time, and wants a failure that names it, on top of
// whatever the untouched copy reports.
func TestWrongValuesFail(t *testing.T) {
	xsys, _, err := xsysDir()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, old, new, target, want string
	}{
		{"hand-typed trap number", "sys_netbsd.go", "const sysMsync = 277", "const sysMsync = 276", "netbsd/amd64",
			"sysMsync = 0x114, but golang.org/x/sys unix.SYS_MSYNC = 0x115: WRONG VALUE"},
		{"flag table names the wrong bit", "sys_linux.go", "{OpenDirect, syscall.O_DIRECT}", "{OpenDirect, syscall.O_DSYNC}", "linux/arm",
			"osOpenBits{OpenDirect} = 0x1000, but golang.org/x/sys unix.O_DIRECT = 0x10000: WRONG VALUE"},
		{"header value", "sys_linux_arm_osync.go", "const oSync = 0x101000", "const oSync = 0x1000", "linux/arm",
			"oSync = 0x1000, but golang.org/x/sys unix.O_SYNC = 0x101000: WRONG VALUE"},
		{"windows constant", "sys_windows.go", "pageNoAccess    = 0x01", "pageNoAccess    = 0x02", "windows/amd64",
			"pageNoAccess = 0x2, but golang.org/x/sys windows.PAGE_NOACCESS = 0x1: WRONG VALUE"},
		{"struct mirror", "zsyscall_windows.go", "pageSize                  uint32", "pageSize                  uint64", "windows/386",
			"struct systemInfo is 40 bytes, but SYSTEM_INFO, sysinfoapi.h (x/sys has no SYSTEM_INFO) says 36: WRONG LAYOUT"},
		{"proc name", "zsyscall_windows.go", `NewProc("VirtualLock")`, `NewProc("VirtualLocks")`, "windows/arm64",
			"binds kernel32.dll!VirtualLocks, which golang.org/x/sys/windows does not bind"},
		{"libc symbol", "zsyscall_darwin.go", `libc_munlock munlock "/usr/lib/libSystem.B.dylib"`, `libc_munlock munlock_ "/usr/lib/libSystem.B.dylib"`, "darwin/arm64",
			"imports munlock_ from \"/usr/lib/libSystem.B.dylib\", which neither golang.org/x/sys/unix nor the runtime imports here"},
		{"openbsd/ppc64 trampoline", "zsyscall_openbsd.s", "TRAMPOLINE(libc_mmap)", "JMP\tlibc_mmap(SB)", "openbsd/ppc64",
			"JMP libc_mmap, but on openbsd/ppc64 a trampoline must CALL and RET"},
		{"unknown constant", "sys_linux.go", "const mremapMayMove = 1", "const mremapMayMove = 1\n\nconst madvFree = 8", "linux/amd64",
			"madvFree = 0x8 is in neither the table nor the exemptions"},
		{"unknown flag", "sys_unix.go", "{MapAnonymous, syscall.MAP_ANON},", "{MapAnonymous, syscall.MAP_ANON},\n\t\t{MapFlag(1 << 20), 0},", "freebsd/amd64",
			"table.go has no meaning line for MapFlag(1 << 20)"},
	}
	base := copyPackage(t, "..")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := strings.Split(tt.target, "/")
			run := func(root string) []string {
				c := newChecker(root, build.Default.GOROOT, xsys, table)
				c.run([]target{{tg[0], tg[1]}})
				return c.fails
			}
			before := run(base)
			dir := copyPackage(t, "..")
			path := filepath.Join(dir, tt.file)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.old) {
				t.Fatalf("%s no longer holds %q: update the test", tt.file, tt.old)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(b), tt.old, tt.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, f := range run(dir) {
				if !slices.Contains(before, f) && strings.Contains(f, tt.want) {
					found = append(found, f)
				}
			}
			if len(found) == 0 {
				t.Errorf("the wrong value passed: no new failure contains %q", tt.want)
			}
			for _, f := range found {
				t.Log(f)
			}
		})
	}
}

// copyPackage copies the package's non-test sources into a fresh directory.
func copyPackage(t *testing.T, root string) string {
	dir, err := os.MkdirTemp("", "oscheck")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ents, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasSuffix(n, "_test.go") || !(strings.HasSuffix(n, ".go") || strings.HasSuffix(n, ".s") || strings.HasSuffix(n, ".h")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
