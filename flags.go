package mmap

import (
	"strconv"
	"strings"
)

// OpenFlag says how Map opens a file. It is the seed's OPEN flag list.
// OpenRead or OpenWrite is the base access; when neither is given,
// OpenRead is implied. The rest are the open(2) and CreateFileW modifiers
// of the same name. A flag the running OS cannot honour makes Map fail with
// an error wrapping errors.ErrUnsupported; README.md has the table.
type OpenFlag uint32

const (
	OpenRead         OpenFlag = 1 << iota // O_RDONLY / GENERIC_READ
	OpenWrite                             // O_RDWR (mmap needs a readable descriptor) / GENERIC_READ|GENERIC_WRITE
	OpenCreate                            // O_CREAT / OPEN_ALWAYS
	OpenEnsureCreate                      // O_CREAT|O_EXCL / CREATE_NEW
	OpenTruncate                          // O_TRUNC / TRUNCATE_EXISTING; needs OpenWrite
	OpenDirect                            // O_DIRECT (F_NOCACHE on macOS) / FILE_FLAG_NO_BUFFERING
	OpenFileSync                          // O_SYNC / FILE_FLAG_WRITE_THROUGH
	OpenDataSync                          // O_DSYNC (POSIX)
	OpenDontClaimTTY                      // O_NOCTTY (POSIX)
	OpenNonBlock                          // O_NONBLOCK (POSIX)
	OpenNoFollow                          // O_NOFOLLOW (where the OS has it)
	OpenAsync                             // O_ASYNC (Linux)
	OpenDirectory                         // O_DIRECTORY (Linux): a mapping then always fails
	OpenLargeFile                         // O_LARGEFILE (Linux)

	openAll = OpenLargeFile<<1 - 1
)

// Prot is the access allowed to the mapped memory: the seed's PROTECTION.
// ProtNone stands alone; it asks for memory that faults on any access.
type Prot uint32

const (
	ProtRead  Prot = 1 << iota // PROT_READ
	ProtWrite                  // PROT_WRITE
	ProtExec                   // PROT_EXEC
	ProtNone                   // PROT_NONE; alone only

	protAll = ProtNone<<1 - 1
)

// MapFlag chooses the kind of mapping and its extras: the seed's MMAP list.
// MapPrivate and MapShared exclude each other; when neither is given,
// MapPrivate is implied.
type MapFlag uint32

const (
	MapPrivate   MapFlag = 1 << iota // MAP_PRIVATE / FILE_MAP_COPY: writes stay in this process
	MapShared                        // MAP_SHARED / FILE_MAP_WRITE: writes reach the file
	MapAnonymous                     // MAP_ANONYMOUS / a pagefile-backed section: no file
	MapNoReserve                     // MAP_NORESERVE (Linux)
	MapLocked                        // MAP_LOCKED (Linux)
	MapGrowsDown                     // MAP_GROWSDOWN (Linux)
	MapPopulate                      // MAP_POPULATE (Linux): fault the whole mapping in now
	MapNonBlock                      // MAP_NONBLOCK (Linux), only together with MapPopulate
)

// MapHugePages asks for MAP_HUGETLB (Linux) or SEC_LARGE_PAGES (Windows):
// anonymous memory only. The mapping is rounded up to whole huge pages;
// Len() stays the size asked for. Linux serves it from the pages reserved
// in vm.nr_hugepages (none by default: ENOMEM); Windows needs
// SeLockMemoryPrivilege held and enabled in the process token, which the
// package does not enable for you (ERROR_PRIVILEGE_NOT_HELD otherwise).
const MapHugePages MapFlag = MapNonBlock << 1

// MapAllocate reserves the disk blocks of the mapped range before mapping
// it, in Map and in every Resize that grows the Region, so that a full
// disk fails there with an *Error wrapping ENOSPC (ERROR_DISK_FULL on
// Windows) instead of faulting later, when a write through Bytes reaches
// a hole of a sparse file. It needs a shared mapping of a file opened for
// writing. Linux: fallocate; macOS: fcntl(F_PREALLOCATE); FreeBSD:
// posix_fallocate; Windows: SetEndOfFile, which allocates already. A file
// system that cannot allocate (ZFS, tmpfs on some systems) or an OS
// without the call fails with ErrUnsupported: the package never falls
// back to writing zeros.
const MapAllocate MapFlag = MapHugePages << 1

const mapAll = MapAllocate<<1 - 1

// SyncFlag says how Sync flushes: the seed's MSYNC flags.
type SyncFlag uint32

const (
	SyncWait       SyncFlag = 1 << iota // MS_SYNC: return once the data is on stable storage
	SyncAsync                           // MS_ASYNC: schedule the write-back and return
	SyncInvalidate                      // MS_INVALIDATE (POSIX)

	syncAll = SyncInvalidate<<1 - 1
)

var (
	openNames = []string{"OpenRead", "OpenWrite", "OpenCreate", "OpenEnsureCreate", "OpenTruncate",
		"OpenDirect", "OpenFileSync", "OpenDataSync", "OpenDontClaimTTY", "OpenNonBlock",
		"OpenNoFollow", "OpenAsync", "OpenDirectory", "OpenLargeFile"}
	protNames = []string{"ProtRead", "ProtWrite", "ProtExec", "ProtNone"}
	mapNames  = []string{"MapPrivate", "MapShared", "MapAnonymous", "MapNoReserve", "MapLocked",
		"MapGrowsDown", "MapPopulate", "MapNonBlock", "MapHugePages", "MapAllocate"}
	syncNames = []string{"SyncWait", "SyncAsync", "SyncInvalidate"}
)

// flagString renders a bit set as "A|B|0x100", naming unknown bits in hex.
func flagString(v uint32, names []string) string {
	if v == 0 {
		return "0"
	}
	var b strings.Builder
	for i := 0; v != 0 && i < 32; i++ {
		bit := uint32(1) << i
		if v&bit == 0 {
			continue
		}
		v &^= bit
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		if i < len(names) {
			b.WriteString(names[i])
		} else {
			b.WriteString("0x")
			b.WriteString(strconv.FormatUint(uint64(bit), 16))
		}
	}
	return b.String()
}

func (f OpenFlag) String() string { return flagString(uint32(f), openNames) }
func (p Prot) String() string     { return flagString(uint32(p), protNames) }
func (f MapFlag) String() string  { return flagString(uint32(f), mapNames) }
func (f SyncFlag) String() string { return flagString(uint32(f), syncNames) }

// Advice tells the kernel how a Region will be used (madvise). Normal,
// Random and Sequential are hints that an OS without them may ignore; the
// others fail with ErrUnsupported where the OS lacks them.
type Advice int

const (
	AdviceNormal        Advice = iota // MADV_NORMAL: no special treatment
	AdviceRandom                      // MADV_RANDOM: expect random access; read ahead less
	AdviceSequential                  // MADV_SEQUENTIAL: expect sequential access; read ahead more
	AdviceWillNeed                    // MADV_WILLNEED: read ahead now; PrefetchVirtualMemory on Windows
	AdviceDontNeed                    // MADV_DONTNEED: the pages may be dropped (see Region.Advise)
	AdviceHugePage                    // MADV_HUGEPAGE: back with transparent huge pages
	AdviceNoHugePage                  // MADV_NOHUGEPAGE
	AdvicePopulateRead                // MADV_POPULATE_READ (Linux 5.14+): fault everything in, readable, now
	AdvicePopulateWrite               // MADV_POPULATE_WRITE (Linux 5.14+): fault everything in, writable, now

	adviceCount
)

var adviceNames = [...]string{"AdviceNormal", "AdviceRandom", "AdviceSequential", "AdviceWillNeed",
	"AdviceDontNeed", "AdviceHugePage", "AdviceNoHugePage", "AdvicePopulateRead", "AdvicePopulateWrite"}

func (a Advice) String() string {
	if a < 0 || a >= adviceCount {
		return "Advice(" + strconv.Itoa(int(a)) + ")"
	}
	return adviceNames[a]
}

// hint reports whether a only tunes read-ahead, so that an OS without it
// may ignore it.
func (a Advice) hint() bool { return a <= AdviceSequential }
