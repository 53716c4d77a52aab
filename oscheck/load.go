package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A target is one GOOS/GOARCH pair.
type target struct{ goos, goarch string }

func (t target) String() string { return t.goos + "/" + t.goarch }

// loader parses each source file once and hands out, per target, the
// packages built from the files that target's build constraints select.
type loader struct {
	fset   *token.FileSet
	parsed map[string]*ast.File
}

func newLoader() *loader { return &loader{fset: token.NewFileSet(), parsed: map[string]*ast.File{}} }

// pkg is one package as one target sees it: its declarations, indexed by
// name, and a resolver for the packages it imports.
type pkg struct {
	name    string // how table.go names it: "mmap", "syscall", "unix", "windows"
	dir     string
	t       target
	l       *loader
	files   []*ast.File
	srcs    []string // .s files selected for the target
	consts  map[string]*spec
	vars    map[string]*spec
	types   map[string]*ast.TypeSpec
	funcs   map[string]*ast.FuncDecl
	fileOf  map[ast.Node]*ast.File
	imports func(path string) *pkg
	cache   map[string]constant.Value
	busy    map[string]bool
	sizes   types.Sizes
}

// spec is one package-level constant or variable.
type spec struct {
	name string
	expr ast.Expr // nil for a variable without a value
	typ  ast.Expr
	iota int
	file *ast.File
	pos  token.Pos
}

func (l *loader) load(name, dir string, t target, imports func(string) *pkg) (*pkg, error) {
	ctxt := build.Default
	ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled = t.goos, t.goarch, false
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &pkg{name: name, dir: dir, t: t, l: l, consts: map[string]*spec{}, vars: map[string]*spec{},
		types: map[string]*ast.TypeSpec{}, funcs: map[string]*ast.FuncDecl{}, fileOf: map[ast.Node]*ast.File{},
		imports: imports, cache: map[string]constant.Value{}, busy: map[string]bool{},
		sizes: types.SizesFor("gc", t.goarch)}
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasSuffix(n, "_test.go") || !(strings.HasSuffix(n, ".go") || strings.HasSuffix(n, ".s")) {
			continue
		}
		if ok, err := ctxt.MatchFile(dir, n); err != nil || !ok {
			continue
		}
		path := filepath.Join(dir, n)
		if strings.HasSuffix(n, ".s") {
			p.srcs = append(p.srcs, path)
			continue
		}
		f := l.parsed[path]
		if f == nil {
			if f, err = parser.ParseFile(l.fset, path, nil, parser.ParseComments|parser.SkipObjectResolution); err != nil {
				return nil, err
			}
			l.parsed[path] = f
		}
		if f.Name.Name == "main" || strings.HasSuffix(f.Name.Name, "_test") {
			continue
		}
		p.files = append(p.files, f)
		p.index(f)
	}
	return p, nil
}

func (p *pkg) index(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				p.funcs[d.Name.Name] = d
				p.fileOf[d] = f
			}
		case *ast.GenDecl:
			var last *ast.ValueSpec
			for i, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					p.types[s.Name.Name] = s
					p.fileOf[s] = f
				case *ast.ValueSpec:
					values, typ := s.Values, s.Type
					if d.Tok == token.CONST && len(values) == 0 && last != nil {
						values, typ = last.Values, last.Type // implicit repetition
					} else if len(values) > 0 {
						last = s
					}
					for j, n := range s.Names {
						sp := &spec{name: n.Name, typ: typ, iota: i, file: f, pos: n.Pos()}
						if j < len(values) {
							sp.expr = values[j]
						}
						if d.Tok == token.CONST {
							p.consts[n.Name] = sp
						} else {
							p.vars[n.Name] = sp
						}
					}
				}
			}
		}
	}
}

func (p *pkg) pos(pos token.Pos) string {
	ps := p.l.fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(ps.Filename), ps.Line)
}

// importOf is the package an identifier names in file f, or nil.
func (p *pkg) importOf(f *ast.File, local string) *pkg {
	for _, im := range f.Imports {
		path := strings.Trim(im.Path.Value, `"`)
		name := path[strings.LastIndex(path, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		if name == local && p.imports != nil {
			return p.imports(path)
		}
	}
	return nil
}

// constValue evaluates a package-level constant, or a variable whose
// initializer is a constant expression.
func (p *pkg) constValue(name string) (constant.Value, error) {
	if v, ok := p.cache[name]; ok {
		return v, nil
	}
	s := p.consts[name]
	if s == nil {
		if s = p.vars[name]; s == nil || s.expr == nil {
			return nil, fmt.Errorf("%s has no constant %s on %s", p.name, name, p.t)
		}
	}
	if p.busy[name] {
		return nil, fmt.Errorf("%s.%s refers to itself", p.name, name)
	}
	p.busy[name] = true
	defer delete(p.busy, name)
	v, err := p.eval(s.file, s.expr, s.iota)
	if err != nil {
		return nil, err
	}
	if s.typ != nil {
		if v, err = p.convert(s.file, s.typ, v); err != nil {
			return nil, err
		}
	}
	p.cache[name] = v
	return v, nil
}

// eval evaluates a constant expression of file f as the compiler would,
// for the target's word size.
func (p *pkg) eval(f *ast.File, e ast.Expr, iota int) (constant.Value, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		return constant.MakeFromLiteral(e.Value, e.Kind, 0), nil
	case *ast.ParenExpr:
		return p.eval(f, e.X, iota)
	case *ast.Ident:
		switch e.Name {
		case "iota":
			return constant.MakeInt64(int64(iota)), nil
		case "true", "false":
			return constant.MakeBool(e.Name == "true"), nil
		}
		return p.constValue(e.Name)
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			if q := p.importOf(f, x.Name); q != nil {
				return q.constValue(e.Sel.Name)
			}
		}
	case *ast.UnaryExpr:
		x, err := p.eval(f, e.X, iota)
		if err != nil {
			return nil, err
		}
		if e.Op == token.NOT {
			return constant.MakeBool(!constant.BoolVal(x)), nil
		}
		return constant.UnaryOp(e.Op, x, 0), nil
	case *ast.BinaryExpr:
		x, err := p.eval(f, e.X, iota)
		if err != nil {
			return nil, err
		}
		y, err := p.eval(f, e.Y, iota)
		if err != nil {
			return nil, err
		}
		switch e.Op {
		case token.SHL, token.SHR:
			s, _ := constant.Uint64Val(y)
			return constant.Shift(x, e.Op, uint(s)), nil
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return constant.MakeBool(constant.Compare(x, e.Op, y)), nil
		case token.QUO:
			if x.Kind() == constant.Int && y.Kind() == constant.Int {
				return constant.BinaryOp(x, token.QUO_ASSIGN, y), nil
			}
		}
		return constant.BinaryOp(x, e.Op, y), nil
	case *ast.CallExpr:
		if len(e.Args) == 1 {
			x, err := p.eval(f, e.Args[0], iota)
			if err != nil {
				return nil, err
			}
			return p.convert(f, e.Fun, x)
		}
	}
	return nil, fmt.Errorf("%s: cannot evaluate %s", p.pos(e.Pos()), types.ExprString(e))
}

// convert applies a conversion to an integer type: the value wraps to the
// type's width, as ^Handle(0) or uint32(-1) do.
func (p *pkg) convert(f *ast.File, typ ast.Expr, v constant.Value) (constant.Value, error) {
	b, err := p.basic(f, typ)
	if err != nil {
		return nil, err
	}
	if b.Info()&types.IsInteger == 0 || v.Kind() != constant.Int {
		return v, nil
	}
	bits := uint(8 * p.sizes.Sizeof(b))
	mod := constant.Shift(constant.MakeInt64(1), token.SHL, bits)
	v = constant.BinaryOp(v, token.REM, mod)
	if constant.Sign(v) < 0 {
		v = constant.BinaryOp(v, token.ADD, mod)
	}
	if b.Info()&types.IsUnsigned == 0 && constant.Compare(v, token.GEQ, constant.Shift(constant.MakeInt64(1), token.SHL, bits-1)) {
		v = constant.BinaryOp(v, token.SUB, mod)
	}
	return v, nil
}

// basic is the basic type under a type expression.
func (p *pkg) basic(f *ast.File, typ ast.Expr) (*types.Basic, error) {
	switch t := typ.(type) {
	case *ast.Ident:
		if ts := p.types[t.Name]; ts != nil {
			return p.basic(p.fileOf[ts], ts.Type)
		}
		if o := types.Universe.Lookup(t.Name); o != nil {
			if b, ok := o.Type().(*types.Basic); ok {
				return b, nil
			}
		}
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok {
			if x.Name == "unsafe" && t.Sel.Name == "Pointer" {
				return types.Typ[types.UnsafePointer], nil
			}
			if q := p.importOf(f, x.Name); q != nil {
				return q.basic(nil, &ast.Ident{Name: t.Sel.Name})
			}
		}
	case *ast.ParenExpr:
		return p.basic(f, t.X)
	}
	return nil, fmt.Errorf("%s: not a basic type: %s", p.name, types.ExprString(typ))
}

// typeOf builds the go/types type of a type expression (basic types,
// pointers, arrays and structs, through named types), enough to ask the
// target's sizes for a struct's size and field offsets.
func (p *pkg) typeOf(f *ast.File, typ ast.Expr) (types.Type, error) {
	switch t := typ.(type) {
	case *ast.Ident:
		if ts := p.types[t.Name]; ts != nil {
			return p.typeOf(p.fileOf[ts], ts.Type)
		}
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && !(x.Name == "unsafe" && t.Sel.Name == "Pointer") {
			if q := p.importOf(f, x.Name); q != nil {
				return q.typeOf(nil, &ast.Ident{Name: t.Sel.Name})
			}
		}
	case *ast.StarExpr:
		return types.NewPointer(types.Typ[types.Uint8]), nil
	case *ast.ArrayType:
		if t.Len == nil {
			break
		}
		n, err := p.eval(f, t.Len, 0)
		if err != nil {
			return nil, err
		}
		elem, err := p.typeOf(f, t.Elt)
		if err != nil {
			return nil, err
		}
		l, _ := constant.Int64Val(n)
		return types.NewArray(elem, l), nil
	case *ast.StructType:
		var fields []*types.Var
		for _, fl := range t.Fields.List {
			ft, err := p.typeOf(f, fl.Type)
			if err != nil {
				return nil, err
			}
			for range max(1, len(fl.Names)) {
				fields = append(fields, types.NewField(token.NoPos, nil, fmt.Sprintf("f%d", len(fields)), ft, false))
			}
		}
		return types.NewStruct(fields, nil), nil
	}
	return p.basic(f, typ)
}

// layout is a struct's size and field offsets on the target.
func (p *pkg) layout(name string) (size int64, offsets []int64, err error) {
	ts := p.types[name]
	if ts == nil {
		return 0, nil, fmt.Errorf("%s has no type %s on %s", p.name, name, p.t)
	}
	t, err := p.typeOf(p.fileOf[ts], ts.Type)
	if err != nil {
		return 0, nil, err
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return p.sizes.Sizeof(t), nil, nil
	}
	var fs []*types.Var
	for i := range st.NumFields() {
		fs = append(fs, st.Field(i))
	}
	return p.sizes.Sizeof(t), p.sizes.Offsetsof(fs), nil
}

// directives are the //go: comment lines of the package's files, each
// with where it is.
func (p *pkg) directives(prefix string) (lines [][]string, where []string) {
	for _, f := range p.files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if rest, ok := strings.CutPrefix(c.Text, prefix+" "); ok {
					lines = append(lines, strings.Fields(rest))
					where = append(where, p.pos(c.Pos()))
				}
			}
		}
	}
	return lines, where
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
