package service

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameBytes is the longest file name the usual file systems take: 255 bytes of UTF-8 on
// Linux (ext4, XFS, Btrfs) and macOS (APFS); NTFS counts 255 UTF-16 units, which 255 bytes
// never exceed. A name of Greek, Cyrillic or Arabic letters takes 2 bytes a letter, Georgian,
// Amharic or Chinese 3: a title of 100 letters can pass it.
const MaxNameBytes = 255

// fitNameBytes is what FitName shortens to: a browser downloads into "<name>.crdownload"
// (Chromium) or "<name>.part" (Firefox) first and adds " (1)" when the name is taken, and a
// download whose name cannot take those fails without a word (Chromium: no file at all).
const fitNameBytes = MaxNameBytes - len(".crdownload") - len(" (99)")

// FitName shortens a file name Dossier proposes (a browser download, the window's save
// dialog's suggestion, a copy to open) to fitNameBytes: the extension is kept, the rest is
// cut between two characters (never inside one, nor before an accent that combines with the
// letter before it), and 8 hex digits of the whole name's SHA-256 are added, so two long
// names that differ only past the cut stay two names. A name that fits is returned as it is
// (docs/storage.md, "Files").
func FitName(name string) string {
	if len(name) <= fitNameBytes {
		return name
	}
	ext := filepath.Ext(name)
	if len(ext) > 16 || strings.ContainsAny(ext, " /\\") {
		ext = "" // a dot inside a long title, not an extension
	}
	sum := sha256.Sum256([]byte(name))
	tag := "-" + hex.EncodeToString(sum[:4])
	stem := name[:len(name)-len(ext)]
	cut := fitNameBytes - len(tag) - len(ext)
	for cut > 0 {
		r, _ := utf8.DecodeRuneInString(stem[cut:])
		if utf8.RuneStart(stem[cut]) && !unicode.Is(unicode.Mn, r) {
			break
		}
		cut--
	}
	return strings.TrimRight(stem[:cut], " .-_") + tag + ext
}
