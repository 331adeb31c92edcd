package identity

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"filippo.io/age"

	"dossier/app/domain"
	"dossier/app/version"
)

// CardVersion is the only card format this package reads and writes.
const CardVersion = version.CardFormat

// MaxCardSize bounds what DecodeCard reads; a real card is well under 1 KiB, so anything
// bigger is not a card and is refused before parsing.
const MaxCardSize = 16 << 10

// cardContext is prefixed to the bytes a card signature covers, so that no other
// signature made by the same key (operations, checkpoints, bundle headers) can be
// passed off as a card signature or the other way round.
const cardContext = "dossier identity card v1\n"

// timeLayout is the only accepted form of created_at: UTC, whole seconds.
const timeLayout = "2006-01-02T15:04:05Z"

// maxTextLen is the limit on name and delegation, in characters.
const maxTextLen = 100

// Card is the public half of an identity, the thing delegations exchange and trust.
// It never holds private key material.
type Card struct {
	Version      int
	Name         string
	Role         string
	Delegation   string
	PublicKey    ed25519.PublicKey // Ed25519, signs operations, checkpoints and bundles
	AgeRecipient string            // age X25519 recipient ("age1…"), for bundles sent to this installation
	CreatedAt    time.Time         // UTC, whole seconds
	// Reads are the bundle formats the card holder's Dossier reads, ascending (the optional
	// member "reads"). Nil: the card does not say, as cards made before Dossier 0.1.0;
	// ReadsFormats then answers format 1, the only one there was.
	Reads     []int
	Signature []byte // Ed25519 self-signature by PublicKey, see docs/identity.md
}

// ReadsFormats are the bundle formats the card holder reads: Reads, or format 1 for a card
// that does not say.
func (c Card) ReadsFormats() []int {
	if len(c.Reads) == 0 {
		return []int{1}
	}
	return slices.Clone(c.Reads)
}

// ErrInvalidCard is matched by every error DecodeCard returns.
var ErrInvalidCard = errors.New("invalid identity card")

// CardError says what is wrong with a card, where, and what to do about it.
type CardError struct {
	Field  string // JSON member the problem is in; "" for the card as a whole
	Offset int    // byte offset in the input, or -1 when not tied to one place
	Reason string // what is wrong and what to do, in words for the person importing it
	// Problem is Reason as a stable code ("card_…") and its values, for the screens to word
	// in the reader's language; Reason is its English (domain.Problem.Text). The place is
	// Field and Offset, which the service adds to the values (docs/identity.md, "Decoding").
	Problem domain.Problem
}

func (e *CardError) Error() string {
	var b strings.Builder
	b.WriteString("identity card")
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " (byte %d)", e.Offset)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

func (e *CardError) Unwrap() error { return ErrInvalidCard }

// cardErr is the only way a refusal is made, so every reason has a code.
func cardErr(field string, offset int, p domain.Problem) error {
	return &CardError{Field: field, Offset: offset, Reason: p.Text(), Problem: p}
}

// Member names in canonical order; every card has them all but "reads", which is optional.
var cardFields = []string{"version", "name", "role", "delegation", "ed25519", "age", "created_at", "reads", "signature"}

// optionalFields may be absent; a card without them is the card as written before they existed.
var optionalFields = map[string]bool{"reads": true}

// Bounds of "reads": formats are a bundle's version byte (1–255), and a build reads a handful.
const (
	maxReads      = 32
	maxReadFormat = 255
)

// EncodeCard returns the canonical bytes of c (see docs/identity.md). It does not check c;
// a card that DecodeCard accepts encodes back to exactly the bytes it was decoded from.
func EncodeCard(c Card) []byte {
	return encodeCard(c, true)
}

// signedBytes is what the card signature covers: a context string, then the card encoded
// without its signature member.
func signedBytes(c Card) []byte {
	return append([]byte(cardContext), encodeCard(c, false)...)
}

func encodeCard(c Card, withSig bool) []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	member := func(name, value string, last bool) {
		b.WriteString("  \"")
		b.WriteString(name)
		b.WriteString("\": ")
		b.WriteString(value)
		if !last {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	member("version", strconv.Itoa(c.Version), false)
	member("name", quote(c.Name), false)
	member("role", quote(c.Role), false)
	member("delegation", quote(c.Delegation), false)
	member("ed25519", quote(base64.StdEncoding.EncodeToString(c.PublicKey)), false)
	member("age", quote(c.AgeRecipient), false)
	member("created_at", quote(c.CreatedAt.UTC().Format(timeLayout)), !withSig && len(c.Reads) == 0)
	if len(c.Reads) > 0 {
		member("reads", quote(formatReads(c.Reads)), !withSig)
	}
	if withSig {
		member("signature", quote(base64.StdEncoding.EncodeToString(c.Signature)), true)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// quote writes s as a JSON string with the fewest escapes: only '"' and '\' always, control
// characters as \u00XX so the output stays JSON even for a card DecodeCard would refuse.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s { // invalid UTF-8 comes out as U+FFFD
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// DecodeCard parses a card, refuses anything that is not exactly the canonical encoding of
// a valid card, and verifies the self-signature. Every error matches ErrInvalidCard and is
// a *CardError.
func DecodeCard(data []byte) (Card, error) {
	c, err := decodeCard(data)
	if err != nil {
		return Card{}, err // never half a card
	}
	return c, nil
}

func decodeCard(data []byte) (Card, error) {
	var c Card
	if len(data) == 0 {
		return c, cardErr("", -1, domain.P("card_empty"))
	}
	if len(data) > MaxCardSize {
		return c, cardErr("", MaxCardSize, domain.P("card_size", "size", strconv.Itoa(len(data)), "limit", strconv.Itoa(MaxCardSize),
			"size_bytes", strconv.Itoa(len(data)), "limit_bytes", strconv.Itoa(MaxCardSize)))
	}
	if !utf8.Valid(data) {
		return c, cardErr("", firstInvalidUTF8(data), domain.P("card_utf8"))
	}

	vals, err := parseMembers(data)
	if err != nil {
		return c, err
	}
	for _, f := range cardFields {
		if _, ok := vals[f]; !ok && !optionalFields[f] {
			return c, cardErr(f, -1, domain.P("card_missing"))
		}
	}

	// Meaning first, so that a card edited by hand gets a message about the field,
	// then form, then the signature.
	ver, ok := vals["version"].(json.Number)
	if !ok {
		return c, cardErr("version", -1, domain.P("card_version_type", "version", strconv.Itoa(CardVersion)))
	}
	if v, err := strconv.ParseInt(string(ver), 10, 64); err != nil {
		return c, cardErr("version", -1, domain.P("card_version_whole", "value", string(ver)))
	} else if v != CardVersion {
		return c, cardErr("version", -1, domain.P("card_version", "value", strconv.FormatInt(v, 10), "version", strconv.Itoa(CardVersion)))
	}
	c.Version = CardVersion

	str := func(f string) (string, error) {
		s, ok := vals[f].(string)
		if !ok {
			return "", cardErr(f, -1, domain.P("card_not_string"))
		}
		return s, nil
	}
	var s string
	if s, err = str("name"); err != nil {
		return c, err
	}
	if p, bad := textProblem(s, true); bad {
		return c, cardErr("name", -1, asCardProblem(p))
	}
	c.Name = s
	if s, err = str("role"); err != nil {
		return c, err
	}
	if p, bad := roleProblem(s); bad {
		return c, cardErr("role", -1, asCardProblem(p))
	}
	c.Role = s
	if s, err = str("delegation"); err != nil {
		return c, err
	}
	if p, bad := textProblem(s, false); bad {
		return c, cardErr("delegation", -1, asCardProblem(p))
	}
	c.Delegation = s

	if s, err = str("ed25519"); err != nil {
		return c, err
	}
	pub, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return c, cardErr("ed25519", -1, domain.P("card_base64", "reason", err.Error()))
	}
	if len(pub) != ed25519.PublicKeySize {
		return c, cardErr("ed25519", -1, domain.P("card_key_size", "size", strconv.Itoa(len(pub)), "want", strconv.Itoa(ed25519.PublicKeySize)))
	}
	if weakEd25519Key(pub) {
		return c, cardErr("ed25519", -1, domain.P("card_key_weak"))
	}
	c.PublicKey = ed25519.PublicKey(pub)

	if s, err = str("age"); err != nil {
		return c, err
	}
	if lower := strings.ToLower(s); lower != s {
		if _, err := age.ParseX25519Recipient(lower); err == nil {
			return c, cardErr("age", -1, domain.P("card_age_case", "value", lower))
		}
	}
	r, err := age.ParseX25519Recipient(s)
	if err != nil {
		return c, cardErr("age", -1, domain.P("card_age_invalid", "reason", err.Error()))
	}
	if r.String() != s { // unreachable with age's Bech32, kept so the form stays canonical
		return c, cardErr("age", -1, domain.P("card_age_form", "value", r.String()))
	}
	if _, err := r.Wrap(make([]byte, 16)); err != nil {
		return c, cardErr("age", -1, domain.P("card_age_unusable", "reason", err.Error()))
	}
	c.AgeRecipient = s

	if s, err = str("created_at"); err != nil {
		return c, err
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil || t.Format(timeLayout) != s {
		return c, cardErr("created_at", -1, domain.P("card_created_at", "value", s))
	}
	c.CreatedAt = t

	if _, ok := vals["reads"]; ok {
		if s, err = str("reads"); err != nil {
			return c, err
		}
		if c.Reads, err = parseReads(s); err != nil {
			return c, err
		}
	}

	if s, err = str("signature"); err != nil {
		return c, err
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return c, cardErr("signature", -1, domain.P("card_base64", "reason", err.Error()))
	}
	if len(sig) != ed25519.SignatureSize {
		return c, cardErr("signature", -1, domain.P("card_sig_size", "size", strconv.Itoa(len(sig)), "want", strconv.Itoa(ed25519.SignatureSize)))
	}
	c.Signature = sig

	if canon := EncodeCard(c); !bytes.Equal(canon, data) {
		return c, notCanonical(canon, data)
	}
	if !ed25519.Verify(c.PublicKey, signedBytes(c), c.Signature) {
		return c, cardErr("signature", -1, domain.P("card_signature"))
	}
	return c, nil
}

// parseMembers reads one flat JSON object of scalar members, refusing unknown and
// repeated names, nested values and trailing data.
func parseMembers(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return cardErr("", int(se.Offset), domain.P("card_json", "reason", se.Error()))
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return cardErr("", len(data), domain.P("card_cut"))
		}
		return cardErr("", int(dec.InputOffset()), domain.P("card_json", "reason", err.Error()))
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntax(err)
	}
	if tok != json.Delim('{') {
		return nil, cardErr("", 0, domain.P("card_not_object"))
	}
	vals := make(map[string]any, len(cardFields))
	known := make(map[string]bool, len(cardFields))
	for _, f := range cardFields {
		known[f] = true
	}
	for dec.More() {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		key, _ := tok.(string)
		// The offset Token reports is before the separator; point at the name itself.
		if q := bytes.IndexByte(data[off:], '"'); q >= 0 {
			off += q
		}
		if !known[key] {
			if utf8.RuneCountInString(key) > 40 {
				key = string([]rune(key)[:40]) + "…"
			}
			return nil, cardErr(key, off, domain.P("card_unknown_field"))
		}
		if _, dup := vals[key]; dup {
			return nil, cardErr(key, off, domain.P("card_field_twice"))
		}
		tok, err = dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		switch tok.(type) {
		case string, json.Number:
			vals[key] = tok
		default:
			return nil, cardErr(key, off, domain.P(notScalar(tok)))
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, syntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, cardErr("", int(dec.InputOffset()), domain.P("card_trailing"))
	}
	return vals, nil
}

// notScalar is the code of a member whose value is neither a string nor a number. Token
// gives nothing else in a value's place: a closing bracket there is a syntax error.
func notScalar(tok json.Token) string {
	switch tok {
	case json.Delim('{'):
		return "card_value_object"
	case json.Delim('['):
		return "card_value_list"
	case nil:
		return "card_value_null"
	}
	return "card_value_bool"
}

// notCanonical reports the first byte where data departs from the canonical encoding and
// the member whose line it is on.
func notCanonical(canon, data []byte) error {
	i := 0
	for i < len(canon) && i < len(data) && canon[i] == data[i] {
		i++
	}
	field := ""
	if i < len(canon) {
		// The member on that line of the canonical card (optional members may be absent).
		if line := bytes.Count(canon[:i], []byte("\n")); line >= 1 {
			lines := bytes.Split(canon, []byte("\n"))
			if name, _, ok := bytes.Cut(bytes.TrimPrefix(lines[line], []byte("  \"")), []byte("\"")); ok && line < len(lines)-2 {
				field = string(name)
			}
		}
	}
	code := "card_not_canonical" // spacing, line breaks, field order or escaping
	switch {
	case bytes.Contains(data, []byte("\r")):
		code = "card_crlf"
	case i >= len(canon):
		code = "card_extra_text"
	case i >= len(data):
		code = "card_cut_short"
	}
	return cardErr(field, i, domain.P(code))
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// textProblem is what is wrong with a name or delegation, as a code the screens word
// (domain.Problem; the English comes from the same table). Characters that change how
// text is displayed (bidirectional overrides, line breaks) are refused because people
// compare these names on screen when deciding trust.
func textProblem(s string, required bool) (domain.Problem, bool) {
	if s == "" {
		return domain.P("text_empty"), required
	}
	if !utf8.ValidString(s) {
		return domain.P("text_utf8"), true
	}
	if strings.TrimSpace(s) != s {
		return domain.P("text_spaces"), true
	}
	if n := utf8.RuneCountInString(s); n > maxTextLen {
		return domain.P("text_too_long", "length", strconv.Itoa(n), "max", strconv.Itoa(maxTextLen)), true
	}
	for _, r := range s {
		switch {
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', r == '\ufeff':
			return domain.P("text_control", "char", fmt.Sprintf("U+%04X", r)), true
		case unicode.Is(unicode.Bidi_Control, r):
			return domain.P("text_bidi", "char", fmt.Sprintf("U+%04X", r)), true
		}
	}
	return domain.Problem{}, false
}

// formatReads writes formats as "reads" holds them: ascending decimal numbers, separated by
// commas, no spaces ("1" or "1,2").
func formatReads(fs []int) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = strconv.Itoa(f)
	}
	return strings.Join(parts, ",")
}

// parseReads reads the "reads" member, refusing anything formatReads would not write.
func parseReads(s string) ([]int, error) {
	bad := func(code string, kv ...string) error {
		return cardErr("reads", -1, domain.P(code, append([]string{"value", s}, kv...)...))
	}
	parts := strings.Split(s, ",")
	if len(parts) > maxReads {
		return nil, bad("card_reads_too_many", "max", strconv.Itoa(maxReads))
	}
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		switch {
		case err != nil || p == "" || p[0] < '1' || p[0] > '9' || strconv.Itoa(n) != p:
			return nil, bad("card_reads_syntax")
		case n > maxReadFormat:
			return nil, bad("card_reads_range", "format", strconv.Itoa(n), "max", strconv.Itoa(maxReadFormat))
		case len(out) > 0 && n <= out[len(out)-1]:
			return nil, bad("card_reads_order")
		}
		out = append(out, n)
	}
	return out, nil
}

// asCardProblem is a name's, role's or delegation's problem found in a card: the same rule
// and values, with the advice for a card ("card_text_empty" beside "text_empty").
func asCardProblem(p domain.Problem) domain.Problem {
	return domain.Problem{Code: "card_" + p.Code, Params: p.Params}
}

func roleProblem(s string) (domain.Problem, bool) {
	if s == RoleDelegate || s == RoleSecretariat {
		return domain.Problem{}, false
	}
	return domain.P("role_invalid", "value", s), true
}
