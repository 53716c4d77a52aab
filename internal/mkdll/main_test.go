package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"testing"
)

// TestExport parses the generated DLL with debug/pe and checks that it
// exports ProcessPrng as a forwarder to advapi32.SystemFunction036.
func TestExport(t *testing.T) {
	img := build()
	f, err := pe.NewFile(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("Machine = %#x, want AMD64", f.Machine)
	}
	if f.Characteristics&pe.IMAGE_FILE_DLL == 0 {
		t.Error("IMAGE_FILE_DLL not set")
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatalf("optional header is %T, want PE32+", f.OptionalHeader)
	}
	dir := oh.DataDirectory[pe.IMAGE_DIRECTORY_ENTRY_EXPORT]
	if dir.VirtualAddress == 0 || dir.Size < 40 {
		t.Fatalf("export directory = %+v", dir)
	}
	if int(oh.SizeOfImage)%int(oh.SectionAlignment) != 0 {
		t.Errorf("SizeOfImage %#x not section aligned", oh.SizeOfImage)
	}

	// Read the image as the loader would map it, by RVA.
	rva := func(a, n uint32) []byte {
		t.Helper()
		for _, s := range f.Sections {
			if a >= s.VirtualAddress && a+n <= s.VirtualAddress+s.VirtualSize {
				d, err := s.Data()
				if err != nil {
					t.Fatal(err)
				}
				return d[a-s.VirtualAddress : a-s.VirtualAddress+n]
			}
		}
		t.Fatalf("RVA %#x+%d not in any section", a, n)
		return nil
	}
	cstr := func(a uint32) string {
		t.Helper()
		var b []byte
		for i := uint32(0); ; i++ {
			c := rva(a+i, 1)[0]
			if c == 0 {
				return string(b)
			}
			b = append(b, c)
		}
	}
	le := binary.LittleEndian
	ed := rva(dir.VirtualAddress, 40)
	if got := cstr(le.Uint32(ed[12:])); got != dllName {
		t.Errorf("DLL name = %q, want %q", got, dllName)
	}
	base := le.Uint32(ed[16:])
	nfuncs, nnames := le.Uint32(ed[20:]), le.Uint32(ed[24:])
	if nfuncs != 1 || nnames != 1 {
		t.Fatalf("NumberOfFunctions=%d NumberOfNames=%d, want 1, 1", nfuncs, nnames)
	}
	eat, names, ords := le.Uint32(ed[28:]), le.Uint32(ed[32:]), le.Uint32(ed[36:])
	if got := cstr(le.Uint32(rva(names, 4))); got != exportName {
		t.Errorf("export name = %q, want %q", got, exportName)
	}
	idx := uint32(le.Uint16(rva(ords, 2)))
	if idx != 0 || base != 1 {
		t.Errorf("ordinal index %d base %d, want 0, 1", idx, base)
	}
	fn := le.Uint32(rva(eat+4*idx, 4))
	if fn < dir.VirtualAddress || fn >= dir.VirtualAddress+dir.Size {
		t.Fatalf("function RVA %#x outside export directory: not a forwarder", fn)
	}
	if got := cstr(fn); got != forwardedTo {
		t.Errorf("forwarder = %q, want %q", got, forwardedTo)
	}
}
