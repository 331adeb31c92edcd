// Package version says what this build of Dossier is (its version, commit and date) and
// which file formats it reads and writes. It is a leaf: every package may import it, so the
// numbers below are the one place the formats are numbered (docs/compatibility.md).
package version

import (
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
)

// Formats this build writes. A format number changes only with a change that an older
// Dossier cannot read; each package that owns a format refers to its number here.
const (
	// StoreFormat is the layout of the data directory's database (app/store). A store at an
	// older format is migrated when opened; a newer one is refused.
	StoreFormat = 6
	// BundleFormat is the bundle format (app/bundle) written by default.
	BundleFormat = 1
	// BackupFormat is the backup file format (app/store/backup.go).
	BackupFormat = 3
	// CardFormat is the identity card format (app/identity).
	CardFormat = 1
)

// StateHashSince is the first store format whose records hash as this build's do
// (docs/storage.md, "Which hashes compare"): formats 4 to 6 changed how records are stored,
// not what a record is. A format that changes what a record is moves it to itself.
const StateHashSince = 3

// SameStateHash says whether a state hash computed under storeFormat can be compared with
// one this build computes.
func SameStateHash(storeFormat int) bool {
	return storeFormat >= StateHashSince && storeFormat <= StoreFormat
}

// BundleFormatsRead are the bundle formats this build reads, ascending. Identity cards
// carry them, so that an exporter can write a format the recipient reads.
func BundleFormatsRead() []int { return []int{1, 2} }

// BundleFormatsWritten are the bundle formats this build can write, ascending.
func BundleFormatsWritten() []int { return []int{1, 2} }

// Set at link time for releases (make dist):
//
//	-ldflags "-X dossier/app/version.version=0.1.0 -X dossier/app/version.commit=HASH -X dossier/app/version.date=2026-12-01T21:50:27Z"
//
// Without them, the Go build information fills in what it knows.
var (
	version string
	commit  string
	date    string
)

// Devel is the version of a build that was not given one (a developer's build).
const Devel = "devel"

// Info describes this build.
type Info struct {
	Version  string `json:"version"`  // "0.1.0", or "devel"
	Commit   string `json:"commit"`   // the full commit hash, or ""
	Date     string `json:"date"`     // the commit's time, RFC 3339 UTC, or ""
	Modified bool   `json:"modified"` // built from a checkout with uncommitted changes
	MadeBy   string `json:"made_by"`  // what files written by this build record (MadeBy)
	Go       string `json:"go"`
	Platform string `json:"platform"` // GOOS/GOARCH

	StoreFormat          int   `json:"store_format"`
	BundleFormat         int   `json:"bundle_format"`
	BundleFormatsRead    []int `json:"bundle_formats_read"`
	BundleFormatsWritten []int `json:"bundle_formats_written"`
	BackupFormat         int   `json:"backup_format"`
	CardFormat           int   `json:"card_format"`
}

var (
	once sync.Once
	info Info
)

// Get returns this build's description.
func Get() Info {
	once.Do(func() {
		bi, _ := debug.ReadBuildInfo()
		info = describe(bi, version, commit, date)
	})
	out := info
	out.BundleFormatsRead = BundleFormatsRead()
	out.BundleFormatsWritten = BundleFormatsWritten()
	return out
}

// describe builds the Info from the Go build information and the link-time values; the
// link-time values win.
func describe(bi *debug.BuildInfo, ldVersion, ldCommit, ldDate string) Info {
	in := Info{Version: Devel, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		StoreFormat: StoreFormat, BundleFormat: BundleFormat, BackupFormat: BackupFormat, CardFormat: CardFormat}
	if bi != nil {
		if v := bi.Main.Version; isRelease(v) {
			in.Version = strings.TrimPrefix(v, "v")
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.time":
				in.Date = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	if ldVersion != "" {
		in.Version = strings.TrimPrefix(ldVersion, "v")
	}
	if ldCommit != "" {
		in.Commit, in.Modified = ldCommit, false
		if c, ok := strings.CutSuffix(ldCommit, "-modified"); ok {
			in.Commit, in.Modified = c, true
		}
	}
	if ldDate != "" {
		in.Date = ldDate
	}
	in.MadeBy = madeBy(in)
	return in
}

// isRelease says whether a module version from the build information names a release
// (v1.2.3), rather than "(devel)" or a pseudo-version made from a commit.
func isRelease(v string) bool {
	return semverRE.MatchString(v) && !pseudoRE.MatchString(v)
}

var (
	semverRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)
	pseudoRE = regexp.MustCompile(`[0-9]{14}-[0-9a-f]{12}$`)
)

// MadeByRE is what a made_by text may look like: the version of the Dossier that wrote a
// file, short and printable, because it is shown in messages.
var MadeByRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_~-]{0,63}$`)

// madeBy is the version text files record: the version, and for a developer's build the
// commit too, so that a file from an unreleased build can be traced.
func madeBy(in Info) string {
	s := in.Version
	if s == Devel && in.Commit != "" {
		s += "+" + in.Commit[:min(12, len(in.Commit))]
	}
	return Sanitize(s)
}

// Sanitize makes any text fit MadeByRE: other characters become '_', and it is cut to 64.
func Sanitize(s string) string {
	var b strings.Builder
	for i, r := range s {
		ok := r < 0x80 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && strings.ContainsRune(".+_~-", r))
		if !ok {
			r = '_'
			if i == 0 {
				r = '0'
			}
		}
		b.WriteRune(r)
		if b.Len() >= 64 {
			break
		}
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}

// MadeBy is the version text this build records in the files it writes (bundles, backups,
// the store).
func MadeBy() string { return Get().MadeBy }

// Name says who wrote a file, for messages: "Dossier 0.1.0", or "an earlier Dossier" when the
// file does not say (it was written before files recorded it).
func Name(madeBy string) string {
	if madeBy == "" {
		return "an earlier Dossier"
	}
	return "Dossier " + madeBy
}

// NewerMessage is the one refusal of a file in a format newer than this build reads.
func NewerMessage(madeBy string, format int) string {
	return NewerFormatMessage(madeBy, "format", format)
}

// NewerFormatMessage is NewerMessage for a format named otherwise ("store format").
func NewerFormatMessage(madeBy, name string, format int) string {
	who := "a newer Dossier"
	if madeBy != "" {
		who = "Dossier " + madeBy
	}
	return "made by " + who + " (" + name + " " + strconv.Itoa(format) + "): update Dossier to read it"
}
