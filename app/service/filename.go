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
	name = portableName(name)
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

// windowsReserved are the device names Windows keeps in every folder, with any extension:
// "CON.pdf" written there opens the console, not a file. Windows reads the superscript digits
// ¹²³ as digits (COM¹ is COM1), and CONIN$ and CONOUT$ open the console too: the list is the
// one Go's path/filepath keeps for Windows (IsLocal), which is checked there only.
var windowsReserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"COM¹": true, "COM²": true, "COM³": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
	"LPT¹": true, "LPT²": true, "LPT³": true}

// portableName is a name that every usual file system writes as it reads. An attachment's
// name comes from another laptop, often another system: "Réunion 10:30.pdf" from a Mac is a
// good name there, but on Windows ":" names a hidden stream of a file "Réunion 10", and
// "<>\"|?*" are refused; a trailing dot or space is dropped by Windows, and a device name
// ("CON.pdf", "nul.txt") is not a file at all. So the names Dossier proposes replace those
// characters with "_", set "_" after a device name's stem, and drop trailing dots and spaces,
// on every system (the file may be copied to a Windows laptop later). The record keeps the
// name as written (docs/storage.md, "Files").
func portableName(name string) string {
	out := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"|?*`, r) {
			return '_'
		}
		return r
	}, name)
	out = strings.TrimRight(out, ". ")
	stem, ext, _ := strings.Cut(out, ".")
	if windowsReserved[strings.ToUpper(strings.TrimRight(stem, " "))] {
		out = stem + "_"
		if ext != "" || strings.Contains(name, ".") {
			out += "." + ext
		}
	}
	if out == "" {
		return "_"
	}
	return out
}
