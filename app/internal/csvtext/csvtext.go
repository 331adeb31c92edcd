// Package csvtext reads and writes the text of CSV files as spreadsheet programs do: it
// detects a file's encoding (refusing what it cannot convert exactly), neutralises cells that
// spreadsheets would run as formulas, and picks the delimiter the system locale expects.
// docs/csv.md describes the rules.
package csvtext

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	stdunicode "unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The encodings a CSV file is read in, by the names every import reports (docs/csv.md,
// "Encodings").
const (
	UTF8    = "UTF-8"
	UTF8BOM = "UTF-8 with BOM"
	UTF16LE = "UTF-16 LE"
	UTF16BE = "UTF-16 BE"
	CP1252  = "Windows-1252"
)

// Error says where a file cannot be read as text, and why, as a code and the values its
// message needs: the words are the import's (domain problems "csv_enc_" + Code, docs/csv.md
// "Encodings"), in each reader's language. Offset counts bytes of the file as it is on disk,
// from 0; Row counts CSV rows from 1 (the header), so a line break inside a quoted cell does
// not move it.
type Error struct {
	Encoding string // what the file was being read as
	Offset   int
	Row      int
	Code     string // one of the Code constants
	Byte     byte   // the byte at fault, for CodeBOMNotUTF8, CodeMixed, CodeUndefined, CodeTurkish, CodeCentralEuropean
	Char     rune   // what Byte would be as Windows-1252; for CodeMixed, the UTF-8 character found elsewhere
	CharAt   int    // for CodeMixed, where that character is (bytes, from 0)
}

// Why a file cannot be read as text.
const (
	CodeUTF32           = "utf32"            // a UTF-32 byte-order mark
	CodeBOMNotUTF8      = "bom_not_utf8"     // a UTF-8 byte-order mark, then a byte that is not UTF-8
	CodeUTF16Odd        = "utf16_odd"        // UTF-16 with an odd number of bytes: cut short
	CodeUTF16Half       = "utf16_half"       // half of a UTF-16 surrogate pair
	CodeNUL             = "nul"              // a NUL byte: binary, or UTF-16 without a byte-order mark
	CodeReplacement     = "replacement"      // U+FFFD, left by an earlier bad conversion
	CodeMixed           = "mixed"            // bytes that are not UTF-8 beside UTF-8 characters
	CodeUndefined       = "undefined"        // a byte Windows-1252 leaves undefined
	CodeNotWestern      = "not_western"      // three non-ASCII bytes in a row: another code page
	CodeTurkish         = "turkish"          // a Windows-1254 letter
	CodeCentralEuropean = "central_european" // a Windows-1250 letter
)

func (e *Error) Error() string {
	return fmt.Sprintf("cannot be read as %s: byte %d (row %d): %s", e.Encoding, e.Offset, e.Row, e.Code)
}

// Decode returns the file as UTF-8 and the encoding it was read in: UTF-8 with or without
// a byte-order mark, UTF-16 with one, or else Windows-1252 when the bytes are plausibly that
// (what Excel writes for "CSV" on Western European Windows). Everything else is refused with a
// *Error naming the byte: nothing is ever guessed into U+FFFD, and a file that already
// holds U+FFFD (left by an earlier bad conversion) is refused too, since storing it would
// keep the damage and hide the name from search.
func Decode(data []byte) ([]byte, string, error) {
	var (
		text []byte
		enc  string
		err  error
	)
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return nil, "UTF-32", &Error{Encoding: "UTF-32", Offset: 0, Row: 1, Code: CodeUTF32}
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		text, enc = data[3:], UTF8BOM
		if i := invalidUTF8(text); i >= 0 {
			return nil, enc, &Error{Encoding: enc, Offset: 3 + i, Row: rowAt(text[:i]), Code: CodeBOMNotUTF8, Byte: text[i]}
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		text, enc, err = decodeUTF16(data, false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text, enc, err = decodeUTF16(data, true)
	case utf8.Valid(data):
		text, enc = data, UTF8
	default:
		text, enc, err = decodeCP1252(data)
	}
	if err != nil {
		return nil, enc, err
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return nil, enc, &Error{Encoding: enc, Offset: sourceOffset(enc, text, i), Row: rowAt(text[:i]), Code: CodeNUL}
	}
	if i := bytes.Index(text, []byte("\uFFFD")); i >= 0 {
		return nil, enc, &Error{Encoding: enc, Offset: sourceOffset(enc, text, i), Row: rowAt(text[:i]), Code: CodeReplacement}
	}
	if bytes.IndexByte(text, '\r') >= 0 && bytes.IndexByte(text, '\n') < 0 {
		// Lines that end with CR alone, as Excel writes "CSV (Macintosh)" and classic Mac
		// programs did: read as the lines they are (one byte for one, so offsets hold).
		text = bytes.ReplaceAll(text, []byte{'\r'}, []byte{'\n'})
	}
	return text, enc, nil
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// decodeUTF16 converts a file that starts with a UTF-16 byte-order mark. A lone surrogate
// or an odd length is refused: the library decoder would turn either into U+FFFD.
func decodeUTF16(data []byte, bigEndian bool) ([]byte, string, error) {
	enc, order := UTF16LE, unicode.LittleEndian
	unit := func(i int) uint16 { return uint16(data[i]) | uint16(data[i+1])<<8 }
	if bigEndian {
		enc, order = UTF16BE, unicode.BigEndian
		unit = func(i int) uint16 { return uint16(data[i])<<8 | uint16(data[i+1]) }
	}
	bad := func(off int, code string) error {
		prefix, _ := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data[:off])
		return &Error{Encoding: enc, Offset: off, Row: rowAt(prefix), Code: code}
	}
	for i := 2; i < len(data); i += 2 {
		if i+1 == len(data) {
			return nil, enc, bad(i, CodeUTF16Odd)
		}
		switch u := unit(i); {
		case utf16.IsSurrogate(rune(u)) && u < 0xDC00: // a high surrogate needs a low one next
			if i+3 >= len(data) || unit(i+2) < 0xDC00 || unit(i+2) > 0xDFFF {
				return nil, enc, bad(i, CodeUTF16Half)
			}
			i += 2
		case utf16.IsSurrogate(rune(u)):
			return nil, enc, bad(i, CodeUTF16Half)
		}
	}
	text, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil { // the checks above leave the decoder nothing to refuse
		return nil, enc, fmt.Errorf("the UTF-16 decoder refused a file the checks accepted: %w", err)
	}
	return text, enc, nil
}

// decodeCP1252 reads a file that is not UTF-8 as Windows-1252 if it is plausibly that,
// and refuses it otherwise. Single-byte code pages cannot be told apart for certain; these
// tests refuse what is clearly another encoding (docs/csv.md, "Encodings"):
//   - valid UTF-8 sequences of several bytes next to invalid bytes: damaged UTF-8;
//   - the five bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D);
//   - three or more non-ASCII bytes in a row: Cyrillic, Greek, Arabic or Asian text;
//   - Ð ð Ý ý Þ þ, which are rare in the languages Windows-1252 serves and are the Turkish
//     Ğ ğ İ ı Ş ş of Windows-1254;
//   - a symbol such as ³ ¹ £ ¥ between two letters, as Central European letters (ł ą Ł ź in
//     Windows-1250) read as Windows-1252 would be; £ or ¥ before a letter, Ÿ after a small
//     one (Ł, Ą and ź at a word's edge: "Łódź").
func decodeCP1252(data []byte) ([]byte, string, error) {
	enc := CP1252
	first := invalidUTF8(data)
	bad := func(off int, code string) *Error {
		return &Error{Encoding: enc, Offset: off, Row: rowAt(data[:off]), Code: code, Byte: data[off], Char: cp1252Rune(data[off])}
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if n > 1 {
			e := bad(first, CodeMixed)
			e.Char, e.CharAt = r, i
			return nil, enc, e
		}
		i += n
	}
	run := 0
	for i, b := range data {
		if b < 0x80 {
			run = 0
			continue
		}
		// A run of three is told first: "Россия" starts with 0xD0, which alone would be
		// worded as a Turkish letter below.
		if run == 0 && i+2 < len(data) && data[i+1] >= 0x80 && data[i+2] >= 0x80 {
			return nil, enc, bad(i, CodeNotWestern)
		}
		switch b {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			return nil, enc, bad(i, CodeUndefined)
		case 0xD0, 0xF0, 0xDD, 0xFD, 0xDE, 0xFE:
			return nil, enc, bad(i, CodeTurkish)
		}
		run++
		if centralEuropean(data, i) || i > 0 && i+1 < len(data) && cp1252Symbol(b) && isLetterByte(data[i-1]) && isLetterByte(data[i+1]) {
			return nil, enc, bad(i, CodeCentralEuropean)
		}
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil { // every byte left is defined in Windows-1252: the decoder has nothing to refuse
		return nil, enc, fmt.Errorf("the Windows-1252 decoder refused a file the checks accepted: %w", err)
	}
	return text, enc, nil
}

func cp1252Rune(b byte) rune { return charmap.Windows1252.DecodeByte(b) }

// centralEuropean: Windows-1250 letters at a word's edge that Windows-1252 reads as symbols
// no word has there: Ł and Ą before a letter (£ and ¥ precede figures: "Łódź" read as
// "£ódŸ"), and ź after a small letter (Ÿ is a capital, met only in capitals: "L'HAŸ").
func centralEuropean(data []byte, i int) bool {
	switch cp1252Rune(data[i]) {
	case '£', '¥':
		return i+1 < len(data) && isLetterByte(data[i+1])
	case 'Ÿ':
		return i > 0 && ('a' <= data[i-1] && data[i-1] <= 'z' || data[i-1] >= 0x80 && stdunicode.IsLower(cp1252Rune(data[i-1])))
	}
	return false
}

// cp1252Symbol: the Windows-1252 symbols that never stand between two letters of a word
// (apostrophes, dashes and the middle dot do, and are left out).
func cp1252Symbol(b byte) bool {
	return strings.ContainsRune("¢£¤¥¦§¨©ª«¬®¯°±²³µ¶¸¹º»¼½¾¿ƒ†‡‰‹›•™", cp1252Rune(b))
}

func isLetterByte(b byte) bool {
	if b < 0x80 {
		return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
	}
	r := cp1252Rune(b)
	return r >= 0xC0 && r != 0xD7 && r != 0xF7 || strings.ContainsRune("ŠšŒœŽžŸ", r)
}

// rowAt counts the CSV row at the end of text: 1 plus the line breaks outside quotes.
func rowAt(text []byte) int {
	row, quoted := 1, false
	for _, b := range text {
		switch {
		case b == '"':
			quoted = !quoted
		case b == '\n' && !quoted:
			row++
		}
	}
	return row
}

// sourceOffset maps an offset in the converted text back to the file.
func sourceOffset(enc string, text []byte, i int) int {
	switch enc {
	case UTF8BOM:
		return i + 3
	case UTF16LE, UTF16BE:
		return 2 + 2*len(utf16.Encode([]rune(string(text[:i]))))
	case CP1252:
		return utf8.RuneCount(text[:i])
	}
	return i
}

// Neutralisation of formulas (OWASP, "CSV Injection"): a cell that starts with one of these
// is taken by spreadsheet programs as a formula. Export prefixes it with a single quote,
// which they show as text; import removes that one quote again. A cell that already starts
// with quotes before such a character gets one more, so the round trip is exact.
const formulaStarts = "=+-@\t\r"

func startsFormula(s string) bool {
	t := strings.TrimLeft(s, "'")
	return t != "" && strings.IndexByte(formulaStarts, t[0]) >= 0
}

// Neutralise makes a cell safe to open in a spreadsheet.
func Neutralise(s string) string {
	if startsFormula(s) {
		return "'" + s
	}
	return s
}

// Unneutralise undoes Neutralise, and only it: a quote is removed only before quotes that
// lead to one of the formula characters.
func Unneutralise(s string) string {
	if strings.HasPrefix(s, "'") && startsFormula(s[1:]) {
		return s[1:]
	}
	return s
}

// DefaultDelimiter is the delimiter exports use unless told: ";" when the system locale
// writes numbers with a decimal comma (as Excel does there, where "," separates decimals),
// else ",". The locale is LC_ALL, else LC_NUMERIC, else LANG, as POSIX orders them; the
// decimal mark is the CLDR one for that language and region (golang.org/x/text).
func DefaultDelimiter() rune {
	return DelimiterFor(localeFromEnv(os.Getenv))
}

func localeFromEnv(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_NUMERIC", "LANG"} {
		if s := getenv(v); s != "" {
			return s
		}
	}
	return ""
}

// DelimiterFor reads a POSIX locale name such as "fr_FR.UTF-8@euro".
func DelimiterFor(locale string) rune {
	name, _, _ := strings.Cut(locale, ".")
	name, _, _ = strings.Cut(name, "@")
	if name == "" || name == "C" || name == "POSIX" {
		return ','
	}
	tag, err := language.Parse(strings.ReplaceAll(name, "_", "-"))
	if err != nil {
		return ','
	}
	if strings.Contains(message.NewPrinter(tag).Sprintf("%.1f", 1.5), ",") {
		return ';'
	}
	return ','
}

// Sniff picks the delimiter the header row uses most: "," ";" or tab.
func Sniff(text []byte) rune {
	first, _, _ := bytes.Cut(text, []byte("\n"))
	best, n := ',', bytes.Count(first, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(first, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// DelimiterName writes a delimiter for people: "," ";" or "tab".
func DelimiterName(d rune) string {
	if d == '\t' {
		return "tab"
	}
	return string(d)
}

// ParseDelimiter reads a delimiter as people write it: "," ";" "tab" or a tab character.
func ParseDelimiter(s string) (rune, bool) {
	switch s {
	case ",":
		return ',', true
	case ";":
		return ';', true
	case "tab", "\t", `\t`:
		return '\t', true
	}
	return 0, false
}
