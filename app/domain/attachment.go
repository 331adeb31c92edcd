package domain

import (
	"mime"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Attachment describes a file a record carries (a signed MoU, an intervention's text). The
// bytes are kept apart, by their SHA-256 (docs/storage.md, "Files"); the record's
// "attachments" set holds only this description, so adding and removing a file are
// ordinary set changes, checked, signed, merged and carried like any other.
type Attachment struct {
	Name    string `json:"name" validate:"required,notblank,max=255,file_name"`
	Type    string `json:"type" validate:"required,notblank,max=255,media_type"`
	Size    int64  `json:"size" validate:"min=0,max=1099511627776"`
	SHA256  string `json:"sha256" validate:"required,notblank,sha256_hex"`
	AddedBy string `json:"added_by" validate:"required,notblank,key_id"`
	AddedAt string `json:"added_at" validate:"required,notblank,datetime"`
}

// FieldAttachments is the name of the set of attachments every kind has.
const FieldAttachments = "attachments"

var (
	sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)
	keyIDRE  = regexp.MustCompile(`^[0-9A-F]{16}$`)
)

// IsSHA256 says whether s is a lower-case hex SHA-256, as attachments name their bytes.
func IsSHA256(s string) bool { return sha256RE.MatchString(s) }

// IsFileName says whether s can name an attachment: a base name (no directory), not "." or
// "..", no control characters and no invisible direction marks. It is shown and used as the
// default name when saved, so it must read as it is: "invoice\u202Efdp.exe" shows as
// "invoiceexe.pdf" and would be saved as an executable.
func IsFileName(s string) bool {
	if s == "" || s == "." || s == ".." || !utf8.ValidString(s) || strings.ContainsAny(s, `/\`) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return false
		}
	}
	return true
}

// IsMediaType says whether s is a media type such as application/pdf (parameters allowed).
func IsMediaType(s string) bool {
	t, _, err := mime.ParseMediaType(s)
	return err == nil && strings.Contains(t, "/")
}
