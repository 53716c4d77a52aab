// Command oscheck proves the OS numbers of package mmap against
// golang.org/x/sys, for every GOOS/GOARCH the package builds for.
//
// It reads the package's source with go/parser, selects each target's
// files with go/build, and evaluates constants with go/constant (and
// struct layouts with go/types' sizes) as the compiler would for that
// target; it does the same for the syscall package of GOROOT and for
// golang.org/x/sys/unix and windows at the version go.mod pins. What it
// compares, and the one-line table entries that tie our names to x/sys's,
// are in table.go; make oscheck (part of make test) runs it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"slices"
	"strings"

	_ "golang.org/x/sys/unix" // keeps the pinned x/sys in go.mod
)

func main() {
	root := flag.String("root", "..", "the directory of package mmap")
	only := flag.String("targets", "", "comma-separated GOOS/GOARCH (default: every target of go tool dist list)")
	verbose := flag.Bool("v", false, "list the values of each category")
	flag.Parse()
	xsys, version, err := xsysDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "oscheck:", err)
		os.Exit(2)
	}
	targets, err := allTargets(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "oscheck:", err)
		os.Exit(2)
	}
	c := newChecker(*root, build.Default.GOROOT, xsys, table)
	c.run(targets)
	fmt.Printf("oscheck: package mmap against golang.org/x/sys %s and the syscall package of %s, %d targets\n",
		version, strings.TrimSpace(build.Default.ReleaseTags[len(build.Default.ReleaseTags)-1]), len(targets))
	for _, cat := range sortedKeys(c.stats) {
		s := c.stats[cat]
		fmt.Printf("  %-28s %4d values, %5d comparisons on %2d targets\n", cat, len(s.names), s.comparisons, len(s.targets))
		if *verbose {
			fmt.Printf("      %s\n", strings.Join(sortedKeys(s.names), " "))
		}
	}
	if len(c.fails) > 0 {
		for _, f := range c.fails {
			fmt.Println("FAIL", f)
		}
		fmt.Printf("oscheck: %d failures\n", len(c.fails))
		os.Exit(1)
	}
	fmt.Println("oscheck: ok")
}

// xsysDir is where the go command keeps the x/sys that go.mod pins.
func xsysDir() (dir, version string, err error) {
	out, err := exec.Command("go", "list", "-m", "-json", "golang.org/x/sys").Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m golang.org/x/sys: %v", err)
	}
	var m struct{ Dir, Version string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		return "", "", fmt.Errorf("go list -m golang.org/x/sys: no directory (%v)", err)
	}
	return m.Dir, m.Version, nil
}

// allTargets is go tool dist list, less the first-class-less ports the
// package does not claim (none today: every target builds).
func allTargets(only string) ([]target, error) {
	var list []string
	if only != "" {
		list = strings.Split(only, ",")
	} else {
		out, err := exec.Command("go", "tool", "dist", "list").Output()
		if err != nil {
			return nil, fmt.Errorf("go tool dist list: %v", err)
		}
		list = strings.Fields(string(out))
	}
	var ts []target
	for _, s := range list {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(s), "/")
		if !ok || slices.Contains(excluded, s) {
			continue
		}
		ts = append(ts, target{goos, goarch})
	}
	return ts, nil
}
