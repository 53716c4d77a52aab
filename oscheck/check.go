package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	gotypes "go/types"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// checker compares the values of the package in root with x/sys for
// every target and collects what differs and what it could not place.
type checker struct {
	root, goroot, xsys string
	table              []entry
	l                  *loader
	fails              []string
	stats              map[string]*stat
}

type stat struct {
	names       map[string]bool
	comparisons int
	targets     map[string]bool
}

func newChecker(root, goroot, xsys string, table []entry) *checker {
	return &checker{root: root, goroot: goroot, xsys: xsys, table: table, l: newLoader(), stats: map[string]*stat{}}
}

func (c *checker) failf(t target, format string, args ...any) {
	c.fails = append(c.fails, fmt.Sprintf("%s: ", t)+fmt.Sprintf(format, args...))
}

func (c *checker) count(cat, name string, t target) {
	s := c.stats[cat]
	if s == nil {
		s = &stat{names: map[string]bool{}, targets: map[string]bool{}}
		c.stats[cat] = s
	}
	s.names[name] = true
	s.comparisons++
	s.targets[t.String()] = true
}

// lookup finds the most specific table entry of kind for key on t.
func (c *checker) lookup(kind kind, key string, t target) *entry {
	var best *entry
	rank := -1
	for i := range c.table {
		e := &c.table[i]
		if e.kind != kind || e.ours != key {
			continue
		}
		if r := e.matches(t); r > rank {
			best, rank = e, r
		}
	}
	return best
}

// noOS are the targets without mmap: sys_nommap.go, no OS values.
var noOS = map[string]bool{"js": true, "wasip1": true, "plan9": true}

func (c *checker) run(targets []target) {
	for _, t := range targets {
		c.checkTarget(t)
	}
}

func (c *checker) checkTarget(t target) {
	pkgs := map[string]*pkg{}
	var imp func(string) *pkg
	imp = func(path string) *pkg {
		if q, ok := pkgs[path]; ok {
			return q
		}
		var dir string
		switch path {
		case "syscall":
			dir = filepath.Join(c.goroot, "src", "syscall")
		case "golang.org/x/sys/unix":
			dir = filepath.Join(c.xsys, "unix")
		case "golang.org/x/sys/windows":
			dir = filepath.Join(c.xsys, "windows")
		default:
			pkgs[path] = nil
			return nil
		}
		pkgs[path] = nil // no cycles
		q, err := c.l.load(path[strings.LastIndex(path, "/")+1:], dir, t, imp)
		if err != nil {
			c.failf(t, "loading %s: %v", path, err)
			return nil
		}
		pkgs[path] = q
		return q
	}
	ours, err := c.l.load("mmap", c.root, t, imp)
	if err != nil || len(ours.files) == 0 {
		c.failf(t, "the package has no files for this target (%v)", err)
		return
	}
	var xs *pkg
	switch {
	case t.goos == "windows":
		xs = imp("golang.org/x/sys/windows")
	case !noOS[t.goos]:
		xs = imp("golang.org/x/sys/unix")
	}
	sc := imp("syscall")
	c.checkConsts(t, ours, xs)
	c.checkSyscallRefs(t, ours, sc, xs)
	c.checkFlagTables(t, ours, xs)
	if xs == nil {
		return
	}
	c.checkLibc(t, ours, sc, xs)
	c.checkProcs(t, ours, xs)
	c.checkStructs(t, ours, xs)
}

// sysFile: the files whose constants must all be accounted for.
func sysFile(p *pkg, pos token.Pos) bool {
	b := filepath.Base(p.l.fset.Position(pos).Filename)
	return strings.HasPrefix(b, "sys_") || strings.HasPrefix(b, "zsyscall_")
}

// compare evaluates want (an expression over x/sys's names, or a value
// from a header) and reports a difference from got.
func (c *checker) compare(t target, cat, what, where string, got constant.Value, xs *pkg, e *entry, want string) {
	var w constant.Value
	var err error
	if xs == nil && (e == nil || e.header == "") {
		c.failf(t, "%s %s: no x/sys package to compare with", where, what)
		return
	}
	x, perr := parser.ParseExpr(want)
	if perr != nil {
		c.failf(t, "table.go: %q for %s does not parse: %v", want, what, perr)
		return
	}
	if xs != nil {
		w, err = xs.eval(nil, x, 0)
	} else {
		w, err = (&pkg{name: "header", t: t, l: c.l, consts: map[string]*spec{}, vars: map[string]*spec{}, cache: map[string]constant.Value{}, busy: map[string]bool{}}).eval(nil, x, 0)
	}
	if err != nil {
		if e != nil && e.header != "" {
			c.failf(t, "%s %s: header value %q of table.go does not evaluate: %v", where, what, want, err)
		} else {
			c.failf(t, "%s %s: golang.org/x/sys has no %s here (%v): add a line to oscheck/table.go naming its x/sys counterpart, or the header its value comes from", where, what, want, err)
		}
		return
	}
	c.count(cat, what, t)
	if !constant.Compare(got, token.EQL, w) {
		src := "golang.org/x/sys " + xsName(xs) + "." + want
		if e != nil && e.header != "" {
			src = e.header + " (" + want + ")"
		}
		c.failf(t, "%s %s = %s, but %s = %s: WRONG VALUE", where, what, hex(got), src, hex(w))
	}
}

func xsName(xs *pkg) string {
	if xs == nil {
		return "(none)"
	}
	return xs.name
}

func hex(v constant.Value) string {
	if v.Kind() == constant.Int {
		if i, ok := constant.Int64Val(v); ok && i < 0 {
			return strconv.FormatInt(i, 10)
		}
		return fmt.Sprintf("%#x", constant.Val(v))
	}
	return v.ExactString()
}

// checkConsts: every package-level constant (and every variable with a
// constant value) of the sys_* and zsyscall_* files is compared with
// x/sys, follows from a syscall constant, or is exempt with a reason.
func (c *checker) checkConsts(t target, ours, xs *pkg) {
	for _, kindMap := range []map[string]*spec{ours.consts, ours.vars} {
		for _, name := range sortedKeys(kindMap) {
			s := kindMap[name]
			if s.expr == nil || !sysFile(ours, s.pos) || name == "_" {
				continue
			}
			isConst := ours.consts[name] == s
			if !isConst && !literal(s.expr) {
				continue // a variable computed from our own values
			}
			v, err := ours.constValue(name)
			if err != nil {
				if isConst && c.lookup(exempt, name, t) == nil {
					c.failf(t, "%s const %s: %v", ours.pos(s.pos), name, err)
				}
				continue // a variable that is not a constant: not an OS value
			}
			if v.Kind() == constant.Bool {
				continue // a switch of ours, not an OS number
			}
			where := ours.pos(s.pos)
			e := c.lookup(value, name, t)
			if x := c.lookup(exempt, name, t); x != nil && (e == nil || x.matches(t) >= e.matches(t)) {
				continue
			}
			want := ""
			switch {
			case e != nil:
				want = e.xsys
			default:
				if sel, ok := s.expr.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "syscall" {
						want = sel.Sel.Name
					}
				}
			}
			if want == "" {
				c.failf(t, "%s %s = %s is in neither the table nor the exemptions: add a line to oscheck/table.go, {value, %q, \"\", \"<x/sys name>\", \"\"} (or the header it comes from), or {exempt, %q, \"\", \"\", \"<why it is not an OS value>\"}",
					where, name, hex(v), name, name)
				continue
			}
			c.compare(t, category(want, xs), name, where, v, xs, e, want)
		}
	}
}

// checkSyscallRefs: every constant of the syscall package the package
// uses is compared with the x/sys constant of the same name (or the one
// the table names).
func (c *checker) checkSyscallRefs(t target, ours, sc, xs *pkg) {
	if sc == nil {
		return
	}
	seen := map[string]string{}
	for _, f := range ours.files {
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || ours.importOf(f, id.Name) != sc || sc.consts[sel.Sel.Name] == nil {
				return true
			}
			if _, ok := seen[sel.Sel.Name]; !ok {
				seen[sel.Sel.Name] = ours.pos(sel.Pos())
			}
			return true
		})
	}
	for _, name := range sortedKeys(seen) {
		key := "syscall." + name
		e := c.lookup(value, key, t)
		if x := c.lookup(exempt, key, t); x != nil && (e == nil || x.matches(t) >= e.matches(t)) {
			continue
		}
		v, err := sc.constValue(name)
		if err != nil {
			c.failf(t, "%s %s: %v", seen[name], key, err)
			continue
		}
		want := name
		if e != nil {
			want = e.xsys
		}
		c.compare(t, category(want, xs), key, seen[name], v, xs, e, want)
	}
}

// checkFlagTables: each entry {Flag, bits} of an osBit table is compared
// with what the flag means on the target (the meaning lines of table.go).
func (c *checker) checkFlagTables(t target, ours, xs *pkg) {
	for _, name := range sortedKeys(ours.vars) {
		s := ours.vars[name]
		if s.expr == nil {
			continue
		}
		ast.Inspect(s.expr, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			at, ok := cl.Type.(*ast.ArrayType)
			if !ok {
				return true
			}
			ix, ok := at.Elt.(*ast.IndexExpr)
			if !ok || exprName(ix.X) != "osBit" {
				return true
			}
			cat := map[string]string{"OpenFlag": "open bits", "MapFlag": "map bits", "SyncFlag": "msync bits", "Prot": "prot bits"}[exprName(ix.Index)]
			for _, el := range cl.Elts {
				pair, ok := el.(*ast.CompositeLit)
				if !ok || len(pair.Elts) != 2 {
					c.failf(t, "%s: an entry of %s is not {Flag, bits}", ours.pos(el.Pos()), name)
					continue
				}
				flag := exprName(pair.Elts[0])
				where := ours.pos(pair.Pos())
				v, err := ours.eval(s.file, pair.Elts[1], 0)
				if err != nil {
					c.failf(t, "%s %s: %v", where, flag, err)
					continue
				}
				e := c.lookup(meaning, flag, t)
				if e == nil {
					c.failf(t, "%s {%s, ...} in %s: table.go has no meaning line for %s here: add {meaning, %q, \"<GOOS>\", \"<x/sys expression, or 0 when the bit is set another way>\", \"\"}",
						where, flag, name, flag, flag)
					continue
				}
				c.compare(t, cat, name+"{"+flag+"}", where, v, xs, e, e.xsys)
			}
			return false
		})
	}
}

func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprName(e.X) + "." + e.Sel.Name
	}
	return gotypes.ExprString(e)
}

// category sorts a compared value by its x/sys name.
func category(want string, xs *pkg) string {
	if xs != nil && xs.name == "windows" {
		return "windows constants"
	}
	name := strings.TrimLeft(want, "(^")
	for _, p := range []struct{ prefix, cat string }{
		{"O_", "open bits"}, {"MAP_", "map bits"}, {"PROT_", "prot bits"}, {"MS_", "msync bits"},
		{"MADV_", "madvise values"}, {"SYS_", "trap numbers"}, {"F_", "fcntl commands"},
		{"FALLOC_", "fallocate modes"}, {"SHM_", "shm values"},
	} {
		if strings.HasPrefix(name, p.prefix) {
			return p.cat
		}
	}
	if _, err := strconv.ParseInt(name, 0, 64); err == nil {
		return "header values"
	}
	return "other unix constants"
}

// checkLibc: each libc function imported with cgo_import_dynamic is
// imported by x/sys under the same name from the same library; every
// linkname names a syscall function that exists here or an imported
// symbol; every assembly trampoline reaches an imported symbol, the way
// the upstream generators write it for the target.
func (c *checker) checkLibc(t target, ours, sc, xs *pkg) {
	// x/sys's imports, and the runtime's: a symbol every Go program on
	// the target already imports exists there.
	theirs := map[string]bool{}
	lines, _ := xs.directives("//go:cgo_import_dynamic")
	if rt, err := c.l.load("runtime", filepath.Join(c.goroot, "src", "runtime"), t, nil); err == nil {
		more, _ := rt.directives("//go:cgo_import_dynamic")
		lines = append(lines, more...)
	}
	for _, l := range lines {
		if len(l) == 3 {
			theirs[l[1]+" "+l[2]] = true
		}
	}
	locals := map[string]bool{}
	lines, where := ours.directives("//go:cgo_import_dynamic")
	for i, l := range lines {
		if len(l) != 3 {
			continue // the empty form that only makes the linker import
		}
		locals[l[0]] = true
		key := "lib:" + strings.Trim(l[2], `"`) + "!" + l[1]
		if x := c.lookup(exempt, key, t); x != nil {
			continue
		}
		c.count("libc symbols", key, t)
		if !theirs[l[1]+" "+l[2]] {
			c.failf(t, "%s imports %s from %s, which neither golang.org/x/sys/unix nor the runtime imports here: check the name and library, or add {exempt, %q, \"<GOOS>\", \"\", \"<the documentation that names it>\"} to oscheck/table.go", where[i], l[1], l[2], key)
		}
	}
	lines, where = ours.directives("//go:linkname")
	for i, l := range lines {
		if len(l) != 2 {
			continue
		}
		switch {
		case strings.HasPrefix(l[1], "syscall."):
			fn := strings.TrimPrefix(l[1], "syscall.")
			c.count("linknamed syscall functions", l[1], t)
			d := sc.funcs[fn]
			if d == nil {
				c.failf(t, "%s: //go:linkname %s %s, but the syscall package has no %s here", where[i], l[0], l[1], fn)
			} else if o := ours.funcs[l[0]]; o != nil && (nfields(o.Type.Params) != nfields(d.Type.Params) || nfields(o.Type.Results) != nfields(d.Type.Results)) {
				c.failf(t, "%s: %s does not take and return what syscall.%s does", where[i], l[0], fn)
			}
		case locals[l[1]]:
			c.count("libc symbols", "linkname "+l[1], t)
		default:
			if x := c.lookup(exempt, "linkname:"+l[1], t); x == nil {
				c.failf(t, "%s: //go:linkname %s %s names neither a syscall function nor a symbol imported here", where[i], l[0], l[1])
			}
		}
	}
	for _, s := range ours.srcs {
		c.checkTrampolines(t, s, locals)
	}
}

func nfields(fl *ast.FieldList) int {
	n := 0
	if fl != nil {
		for _, f := range fl.List {
			n += max(1, len(f.Names))
		}
	}
	return n
}

func (c *checker) checkTrampolines(t target, path string, locals map[string]bool) {
	f, err := os.Open(path)
	if err != nil {
		c.failf(t, "%v", err)
		return
	}
	defer f.Close()
	base := filepath.Base(path)
	sc := bufio.NewScanner(f)
	var lines []string
	macro := false
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		lines = append(lines, l)
		macro = macro || strings.HasPrefix(l, "#define TRAMPOLINE(") || l == `#include "zsyscall_openbsd.h"`
	}
	callRet := t.goos == "openbsd" && t.goarch == "ppc64"
	for i, l := range lines {
		if !strings.HasPrefix(l, "TEXT ") || !strings.Contains(l, "_trampoline<>(SB)") || i+1 >= len(lines) {
			continue
		}
		ins := strings.Fields(strings.NewReplacer("(", " ", ")", " ", ";", " ").Replace(lines[i+1]))
		at := fmt.Sprintf("%s:%d", base, i+2)
		var sym string
		switch {
		case len(ins) >= 2 && ins[0] == "TRAMPOLINE":
			sym = ins[1]
			if !macro {
				c.failf(t, "%s uses TRAMPOLINE, which this file neither defines nor includes (#include \"zsyscall_openbsd.h\")", at)
			}
		case len(ins) >= 2 && ins[0] == "JMP":
			sym = ins[1]
			if callRet {
				c.failf(t, "%s: JMP %s, but on openbsd/ppc64 a trampoline must CALL and RET, as the syscall package's and x/sys's mkasm.go emit (#include \"zsyscall_openbsd.h\" and write TRAMPOLINE(%s))", at, sym, sym)
			}
		case len(ins) >= 2 && ins[0] == "CALL":
			sym = ins[1]
			if !callRet {
				c.failf(t, "%s: CALL %s, but on %s the upstream generators emit JMP", at, sym, t)
			}
		default:
			c.failf(t, "%s: a trampoline that neither jumps nor calls: %q", at, lines[i+1])
			continue
		}
		c.count("libc trampolines", base+" "+sym, t)
		if !locals[sym] {
			c.failf(t, "%s: the trampoline reaches %s, which no //go:cgo_import_dynamic of the package imports", at, sym)
		}
	}
}

// procs lists the DLL functions a package binds: "dll!Name" with where.
func procs(p *pkg) map[string]string {
	dlls := map[string]string{}
	out := map[string]string{}
	for _, pass := range []int{0, 1} {
		for _, name := range sortedKeys(p.vars) {
			s := p.vars[name]
			call, ok := s.expr.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				continue
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			arg, _ := strconv.Unquote(lit.Value)
			fn := exprName(call.Fun)
			switch {
			case pass == 0 && strings.HasSuffix(fn, "DLL"):
				dlls[name] = strings.ToLower(arg)
			case pass == 1 && strings.HasSuffix(fn, ".NewProc"):
				out[dlls[strings.TrimSuffix(fn, ".NewProc")]+"!"+arg] = p.pos(s.pos)
			}
		}
	}
	return out
}

// checkProcs: every DLL function the package binds is bound by
// x/sys/windows from the same DLL under the same name.
func (c *checker) checkProcs(t target, ours, xs *pkg) {
	if t.goos != "windows" {
		return
	}
	theirs := procs(xs)
	for _, key := range sortedKeys(procs(ours)) {
		where := procs(ours)[key]
		if x := c.lookup(exempt, "proc:"+key, t); x != nil {
			continue
		}
		want := key
		if e := c.lookup(value, "proc:"+key, t); e != nil {
			want = e.xsys
		}
		c.count("windows procs", key, t)
		if theirs[want] == "" {
			c.failf(t, "%s binds %s, which golang.org/x/sys/windows does not bind as %s: check the DLL and the name, or add a line for \"proc:%s\" to oscheck/table.go", where, key, want, key)
		}
	}
}

// checkStructs: every struct declared in the sys_* and zsyscall_* files
// mirrors an x/sys type of the same size and field offsets, or has the
// sizes of its header in the table, or is exempt.
func (c *checker) checkStructs(t target, ours, xs *pkg) {
	for _, name := range sortedKeys(ours.types) {
		ts := ours.types[name]
		if _, ok := ts.Type.(*ast.StructType); !ok || ts.TypeParams != nil || !sysFile(ours, ts.Pos()) {
			continue
		}
		key := "type:" + name
		where := ours.pos(ts.Pos())
		if x := c.lookup(exempt, key, t); x != nil {
			continue
		}
		e := c.lookup(value, key, t)
		if e == nil {
			c.failf(t, "%s struct %s mirrors no x/sys type in the table: add {value, %q, \"\", \"<x/sys type>\", \"\"}, or the sizes of its header, to oscheck/table.go", where, name, key)
			continue
		}
		size, offs, err := ours.layout(name)
		if err != nil {
			c.failf(t, "%s %s: %v", where, name, err)
			continue
		}
		c.count("struct layouts", name, t)
		if e.header != "" {
			want, ok := headerSize(e.xsys, t.goarch)
			if !ok {
				c.failf(t, "%s %s: table.go gives no size for %s", where, name, t.goarch)
			} else if want != size {
				c.failf(t, "%s struct %s is %d bytes, but %s says %d: WRONG LAYOUT", where, name, size, e.header, want)
			}
			continue
		}
		wsize, woffs, err := xs.layout(e.xsys)
		if err != nil {
			c.failf(t, "%s %s: %v", where, name, err)
			continue
		}
		if wsize != size || (len(woffs) == len(offs) && !slices.Equal(woffs, offs)) {
			c.failf(t, "%s struct %s is %d bytes at offsets %v, but x/sys %s.%s is %d bytes at %v: WRONG LAYOUT", where, name, size, offs, xs.name, e.xsys, wsize, woffs)
		}
	}
}

// headerSize reads "386:36 amd64:48 arm64:48" (or "*:56").
func headerSize(spec, arch string) (int64, bool) {
	for _, f := range strings.Fields(spec) {
		a, n, _ := strings.Cut(f, ":")
		if a == arch || a == "*" {
			v, err := strconv.ParseInt(n, 0, 64)
			return v, err == nil
		}
	}
	return 0, false
}

// literal: an expression of numbers and imported names only (no
// identifier of the package itself), as an OS value typed by hand is.
func literal(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.SelectorExpr:
			return false
		case *ast.Ident, *ast.CompositeLit, *ast.FuncLit:
			ok = false
		}
		return ok
	})
	return ok
}
