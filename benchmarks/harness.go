//go:build linux

package main

// The harness: contenders of one workload run in short alternating slices,
// round after round, in an order that rotates; each round gives every
// contender a time per operation, and a ratio between two contenders is
// the median over the rounds of their ratio within a round. On a shared,
// noisy machine that is the only ratio worth reading: two contenders
// measured minutes apart see different machines.

import (
	"fmt"
	"os"
	"slices"
	"time"
)

// contender is one way to do a workload's work. op runs it n times.
type contender struct {
	name string // "library: what it does"
	lib  string // mmap (this package), x/exp/mmap, mmap-go, x/sys/unix, syscall, os, floor
	op   func(n int)
}

// target is a ratio the issue sets: time(a)/time(b) ≤ limit.
type target struct {
	a, b  string
	limit float64
	what  string // the target as the issue words it
}

type workload struct {
	name       string
	bytes      int64  // bytes moved per operation, 0 when none
	ref        string // the contender every ratio in the table is taken against
	contenders []contender
	targets    []target
	cleanup    func()
}

type result struct {
	Name       string            `json:"name"`
	Bytes      int64             `json:"bytes"`
	Ref        string            `json:"ref"`
	Rounds     int               `json:"rounds"`
	Contenders []contenderResult `json:"contenders"`
}

type contenderResult struct {
	Name    string  `json:"name"`
	Lib     string  `json:"lib"`
	NsPerOp float64 `json:"ns_per_op"` // median over the rounds
	Ratio   float64 `json:"ratio"`     // median of the per-round time(this)/time(ref)
	Spread  float64 `json:"spread"`    // (p75-p25)/median of those ratios
}

type targetResult struct {
	Workload string  `json:"workload"`
	A        string  `json:"a"`
	B        string  `json:"b"`
	Ratio    float64 `json:"ratio"`
	Limit    float64 `json:"limit"` // 0: reported, no target
	What     string  `json:"what"`
	Met      bool    `json:"met"`
}

type settings struct {
	slice  time.Duration // time one contender runs in one round
	budget time.Duration // time one workload may take, all rounds together
	minR   int
	maxR   int
}

// timeOp runs op n times and returns the time per operation.
func timeOp(op func(int), n int) float64 {
	start := time.Now()
	op(n)
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// calibrate finds how many operations make a slice (at least one).
func calibrate(c contender, slice time.Duration) int {
	c.op(1) // warm: first faults, lazy set-up
	n := 1
	for {
		t := timeOp(c.op, n)
		if time.Duration(t*float64(n)) >= slice/2 || n >= 1<<30 {
			return max(1, int(float64(slice)/t))
		}
		n *= 4
	}
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func quantile(v []float64, q float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

func run(w *workload, st settings) (result, []targetResult) {
	idx := map[string]int{}
	iters := make([]int, len(w.contenders))
	var perRound time.Duration
	for i, c := range w.contenders {
		idx[c.name] = i
		iters[i] = calibrate(c, st.slice)
		perRound += time.Duration(timeOp(c.op, iters[i]) * float64(iters[i]))
	}
	rounds := st.minR
	if perRound > 0 {
		rounds = max(st.minR, min(st.maxR, int(st.budget/perRound)))
	}
	if rounds%2 == 0 {
		rounds++ // an odd count has a true median
	}
	times := make([][]float64, len(w.contenders)) // [contender][round]
	for r := range rounds {
		for k := range w.contenders {
			i := (k + r) % len(w.contenders)
			times[i] = append(times[i], timeOp(w.contenders[i].op, iters[i]))
		}
	}
	ratios := func(a, b int) []float64 {
		v := make([]float64, rounds)
		for r := range rounds {
			v[r] = times[a][r] / times[b][r]
		}
		return v
	}
	res := result{Name: w.name, Bytes: w.bytes, Ref: w.ref, Rounds: rounds}
	ref, ok := idx[w.ref]
	if !ok {
		panic(w.name + ": no contender " + w.ref)
	}
	for i, c := range w.contenders {
		rv := ratios(i, ref)
		m := median(rv)
		res.Contenders = append(res.Contenders, contenderResult{
			Name: c.name, Lib: c.lib, NsPerOp: median(times[i]), Ratio: m,
			Spread: (quantile(rv, 0.75) - quantile(rv, 0.25)) / m,
		})
	}
	var trs []targetResult
	for _, t := range w.targets {
		a, okA := idx[t.a]
		b, okB := idx[t.b]
		if !okA || !okB {
			panic(fmt.Sprintf("%s: target %s / %s names a missing contender", w.name, t.a, t.b))
		}
		m := median(ratios(a, b))
		trs = append(trs, targetResult{Workload: w.name, A: t.a, B: t.b, Ratio: m, Limit: t.limit, What: t.what, Met: t.limit == 0 || m <= t.limit})
	}
	return res, trs
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchmarks:", err)
		os.Exit(1)
	}
}
