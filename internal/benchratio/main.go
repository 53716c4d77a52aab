// Command benchratio reads `go test -bench` output on its standard input and
// prints, without benchstat, the median time of every benchmark and the
// ratio of each of this package's contenders to the baselines beside it:
//
//	go test -run '^$' -bench . -count 6 . | go run ./internal/benchratio
//
// The last element of a benchmark's name is the contender, the rest its
// group (bench_test.go). A contender named mmap.* is this package; any
// other (floor.*, heap.*, os.*, syscall.*) is a baseline. The i-th result of
// every benchmark is taken as round i (make bench runs the rounds one after
// another, each a full pass), and a ratio is the median over the rounds of
// the two times of the same round: a contender measured minutes apart from
// its baseline on a noisy machine would say little.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

type bench struct {
	name   string
	ns     []float64 // one per round, in input order
	mbs    []float64
	allocs []float64
}

// target is a ratio the project promises: time(ours)/time(base) ≤ limit in
// every group whose name matches.
type target struct {
	group      *regexp.Regexp
	ours, base string
	limit      float64
	what       string
}

var targets = []target{
	{regexp.MustCompile(`^RandomRead/file/(4KiB|64B)$`), "mmap.ReadAt", "floor.guarded-copy", 1.05, "ReadAt ≤ 1.05× the cheapest fault-safe copy"},
	{regexp.MustCompile(`^RandomRead/file/4KiB$`), "mmap.ReadAt", "floor.Bytes-copy", 1.15, "ReadAt at 4 KiB ≤ 1.15× a raw copy from Bytes()"},
	{regexp.MustCompile(`^SeqRead/.*/copy$`), "mmap.Bytes", "heap.copy", 1 / 0.95, "copy from Bytes() ≥ 0.95× a heap copy"},
	{regexp.MustCompile(`^MapClose/anon-64KiB$`), "mmap.MapAnon", "floor.raw-mmap-munmap", 1.05, "MapAnon+Close ≤ 1.05× raw mmap+munmap"},
	{regexp.MustCompile(`^ColdRead/64MiB/4k-writes$`), "mmap.Map-populate", "floor.raw-mmap-populate", 1.05, "cold read with MapPopulate ≤ 1.05× raw MAP_POPULATE"},
	{regexp.MustCompile(`^DurableWrite/64MiB$`), "mmap.Map-copy-Sync", "floor.raw-mmap-copy-msync", 1.03, "durable write ≤ 1.03× raw mmap+copy+msync"},
}

var line = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op(.*)$`)

func parse(r io.Reader) ([]*bench, error) {
	byName := map[string]*bench{}
	var order []*bench
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		b := byName[m[1]]
		if b == nil {
			b = &bench{name: m[1]}
			byName[m[1]] = b
			order = append(order, b)
		}
		b.ns = append(b.ns, ns)
		b.mbs = append(b.mbs, field(m[3], "MB/s"))
		b.allocs = append(b.allocs, field(m[3], "allocs/op"))
	}
	return order, sc.Err()
}

// field finds the number before unit in the rest of a result line; -1 when
// it is not there.
func field(rest, unit string) float64 {
	f := strings.Fields(rest)
	for i := 1; i < len(f); i++ {
		if f[i] == unit {
			if v, err := strconv.ParseFloat(f[i-1], 64); err == nil {
				return v
			}
		}
	}
	return -1
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ratio is the median over the rounds both have of a's time over b's.
func ratio(a, b *bench) (float64, int) {
	n := min(len(a.ns), len(b.ns))
	v := make([]float64, n)
	for i := range n {
		v[i] = a.ns[i] / b.ns[i]
	}
	return median(v), n
}

func split(name string) (group, contender string) {
	i := strings.LastIndex(name, "/")
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

func human(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.3f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.3f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.3f µs", ns/1e3)
	}
	return fmt.Sprintf("%.2f ns", ns)
}

func main() {
	benches, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
	if len(benches) == 0 {
		fmt.Fprintln(os.Stderr, "benchratio: no benchmark results on standard input")
		os.Exit(1)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "benchmark\trounds\tmedian time/op\tMB/s\tallocs/op")
	for _, b := range benches {
		mbs := ""
		if m := median(b.mbs); m >= 0 {
			mbs = fmt.Sprintf("%.0f", m)
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%.0f\n", b.name, len(b.ns), human(median(b.ns)), mbs, median(b.allocs))
	}
	w.Flush()

	type pair struct{ a, b *bench }
	groups := map[string][]*bench{}
	var gorder []string
	for _, b := range benches {
		g, _ := split(b.name)
		if _, ok := groups[g]; !ok {
			gorder = append(gorder, g)
		}
		groups[g] = append(groups[g], b)
	}
	fmt.Println("\nratios: time of this package's contender / time of the baseline (median of per-round ratios; < 1 is faster)")
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	for _, g := range gorder {
		for _, a := range groups[g] {
			if _, c := split(a.name); !strings.HasPrefix(c, "mmap.") {
				continue
			}
			for _, b := range groups[g] {
				if _, c := split(b.name); strings.HasPrefix(c, "mmap.") {
					continue
				}
				r, n := ratio(a, b)
				_, ca := split(a.name)
				_, cb := split(b.name)
				fmt.Fprintf(w, "%s\t%s / %s\t%.3f\t(%d rounds)\n", g, ca, cb, r, n)
			}
		}
	}
	w.Flush()

	fmt.Println("\ntargets:")
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	found := false
	for _, t := range targets {
		for _, g := range gorder {
			if !t.group.MatchString(g) {
				continue
			}
			var a, b *bench
			for _, x := range groups[g] {
				switch _, c := split(x.name); c {
				case t.ours:
					a = x
				case t.base:
					b = x
				}
			}
			if a == nil || b == nil {
				continue
			}
			found = true
			r, _ := ratio(a, b)
			v := "met"
			if r > t.limit {
				v = "MISSED"
			}
			fmt.Fprintf(w, "%s\t%s / %s\t%.3f\t≤ %.3f\t%s\t%s\n", g, t.ours, t.base, r, t.limit, v, t.what)
		}
	}
	if !found {
		fmt.Fprintln(w, "(none of the targeted benchmarks ran)")
	}
	w.Flush()
}
