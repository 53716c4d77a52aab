// Command mkdll writes a minimal PE32+ (x86-64) DLL named bcryptprimitives.dll
// whose only export, ProcessPrng, is a forwarder to advapi32.SystemFunction036
// (RtlGenRandom).
//
// Go 1.22 and later import ProcessPrng from bcryptprimitives.dll, which Wine 8
// does not provide. Placing this stand-in DLL where the Windows loader finds it
// lets Go test binaries start under Wine. It is used by scripts/test-cross.
//
// Usage:
//
//	go run ./internal/mkdll -o bcryptprimitives.dll
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
)

const (
	dllName     = "bcryptprimitives.dll"
	exportName  = "ProcessPrng"
	forwardedTo = "advapi32.SystemFunction036"

	fileAlign    = 0x200
	sectAlign    = 0x1000
	headersSize  = fileAlign // all headers fit in the first file block
	sectionRVA   = sectAlign // the single section starts at the second page
	imageBase    = 0x180000000
	dosHdrSize   = 64
	optHdrSize   = 240 // PE32+ optional header with 16 data directories
	numDataDirs  = 16
	exportDirLen = 40 // IMAGE_EXPORT_DIRECTORY
)

// build returns the DLL image.
func build() []byte {
	// Export section contents, laid out at RVA sectionRVA:
	//   IMAGE_EXPORT_DIRECTORY
	//   export address table  [1]uint32
	//   name pointer table    [1]uint32
	//   ordinal table         [1]uint16 (+2 bytes padding)
	//   strings: DLL name, export name, forwarder string
	const (
		eatOff   = exportDirLen
		namesOff = eatOff + 4
		ordsOff  = namesOff + 4
		strOff   = ordsOff + 4
	)
	var strs bytes.Buffer
	addStr := func(s string) uint32 {
		rva := uint32(sectionRVA + strOff + strs.Len())
		strs.WriteString(s)
		strs.WriteByte(0)
		return rva
	}
	dllNameRVA := addStr(dllName)
	exportNameRVA := addStr(exportName)
	forwardRVA := addStr(forwardedTo) // inside the export directory => forwarder

	sect := new(bytes.Buffer)
	le := binary.LittleEndian
	w := func(v any) { binary.Write(sect, le, v) }
	w(uint32(0))                     // Characteristics
	w(uint32(0))                     // TimeDateStamp
	w(uint16(0))                     // MajorVersion
	w(uint16(0))                     // MinorVersion
	w(dllNameRVA)                    // Name
	w(uint32(1))                     // Base (first ordinal)
	w(uint32(1))                     // NumberOfFunctions
	w(uint32(1))                     // NumberOfNames
	w(uint32(sectionRVA + eatOff))   // AddressOfFunctions
	w(uint32(sectionRVA + namesOff)) // AddressOfNames
	w(uint32(sectionRVA + ordsOff))  // AddressOfNameOrdinals
	w(forwardRVA)                    // EAT[0]: forwarder string
	w(exportNameRVA)                 // names[0]
	w(uint16(0))                     // ordinals[0] (index into EAT)
	w(uint16(0))                     // padding
	sect.Write(strs.Bytes())
	exportSize := uint32(sect.Len())
	rawSize := alignUp(exportSize, fileAlign)
	sizeOfImage := alignUp(sectionRVA+exportSize, sectAlign)

	out := new(bytes.Buffer)
	o := func(vs ...any) {
		for _, v := range vs {
			binary.Write(out, le, v)
		}
	}

	// DOS header: only e_magic and e_lfanew matter.
	dos := make([]byte, dosHdrSize)
	copy(dos, "MZ")
	le.PutUint32(dos[0x3c:], dosHdrSize)
	out.Write(dos)

	// PE signature and COFF file header.
	out.WriteString("PE\x00\x00")
	o(uint16(0x8664))     // Machine: AMD64
	o(uint16(1))          // NumberOfSections
	o(uint32(0))          // TimeDateStamp
	o(uint32(0))          // PointerToSymbolTable
	o(uint32(0))          // NumberOfSymbols
	o(uint16(optHdrSize)) // SizeOfOptionalHeader
	// EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE | DLL. No code contains absolute
	// addresses, so no relocations are needed and RELOCS_STRIPPED is not set.
	o(uint16(0x0002 | 0x0020 | 0x2000))

	// Optional header (PE32+).
	o(uint16(0x20b))        // Magic
	o(uint8(14), uint8(0))  // linker version (informational)
	o(uint32(0))            // SizeOfCode
	o(uint32(rawSize))      // SizeOfInitializedData
	o(uint32(0))            // SizeOfUninitializedData
	o(uint32(0))            // AddressOfEntryPoint: none, no DllMain
	o(uint32(0))            // BaseOfCode
	o(uint64(imageBase))    // ImageBase
	o(uint32(sectAlign))    // SectionAlignment
	o(uint32(fileAlign))    // FileAlignment
	o(uint16(6), uint16(0)) // OS version
	o(uint16(0), uint16(0)) // image version
	o(uint16(6), uint16(0)) // subsystem version
	o(uint32(0))            // Win32VersionValue
	o(uint32(sizeOfImage))  // SizeOfImage
	o(uint32(headersSize))  // SizeOfHeaders
	o(uint32(0))            // CheckSum (only verified for drivers)
	o(uint16(3))            // Subsystem: WINDOWS_CUI
	// HIGH_ENTROPY_VA | DYNAMIC_BASE | NX_COMPAT
	o(uint16(0x0020 | 0x0040 | 0x0100))
	o(uint64(0x100000)) // SizeOfStackReserve
	o(uint64(0x1000))   // SizeOfStackCommit
	o(uint64(0x100000)) // SizeOfHeapReserve
	o(uint64(0x1000))   // SizeOfHeapCommit
	o(uint32(0))        // LoaderFlags
	o(uint32(numDataDirs))
	for i := 0; i < numDataDirs; i++ {
		if i == 0 { // IMAGE_DIRECTORY_ENTRY_EXPORT
			o(uint32(sectionRVA), exportSize)
		} else {
			o(uint32(0), uint32(0))
		}
	}

	// Section header.
	var name [8]byte
	copy(name[:], ".edata")
	out.Write(name[:])
	o(exportSize)         // VirtualSize
	o(uint32(sectionRVA)) // VirtualAddress
	o(rawSize)            // SizeOfRawData
	o(uint32(headersSize))
	o(uint32(0), uint32(0)) // PointerToRelocations, PointerToLinenumbers
	o(uint16(0), uint16(0)) // NumberOfRelocations, NumberOfLinenumbers
	o(uint32(0x40000040))   // INITIALIZED_DATA | MEM_READ

	if out.Len() > headersSize {
		panic("headers too large")
	}
	out.Write(make([]byte, headersSize-out.Len()))
	out.Write(sect.Bytes())
	out.Write(make([]byte, int(rawSize)-sect.Len()))
	return out.Bytes()
}

func alignUp(v, a uint32) uint32 { return (v + a - 1) &^ (a - 1) }

func main() {
	outPath := flag.String("o", dllName, "output `file`")
	flag.Parse()
	if err := os.WriteFile(*outPath, build(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "mkdll:", err)
		os.Exit(1)
	}
}
