package identity

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/version"
)

func TestDecodeCardRejects(t *testing.T) {
	_, card := fixture(t)
	base := string(card)
	// replace returns base with old replaced once, failing the test if old is absent so a
	// format change cannot turn a case into a silent no-op.
	replace := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	b64 := base64.StdEncoding.EncodeToString
	identityPoint := make([]byte, 32)
	identityPoint[0] = 1
	minusOne, _ := hex.DecodeString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") // y = p-1, order 2
	yIsP, _ := hex.DecodeString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")     // y = p, non-canonical 0
	pub := "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="
	sig := "SWeQw8DAe1G1yaU27TiU2NL4UQRdRA0+R7j9xqRpSfXXAI1EM40vHRd1426/rR+GqVc+VWhQ3jYDT6Fh0K4NCg=="
	recipient := "age1nu4q7vhl0f4370sh2p033wrf8durrtwlkz9ne9278wwn05v9wf2qkx0njc"

	cases := []struct {
		name   string
		input  string
		field  string // expected CardError.Field
		reason string // substring of the message
		code   string // expected CardError.Problem.Code, which the screens word
	}{
		{"empty", "", "", "empty", "card_empty"},
		{"too large", base + strings.Repeat(" ", MaxCardSize), "", "limit", "card_size"},
		{"invalid utf-8", replace("Amina", "Am\xffina"), "", "UTF-8", "card_utf8"},
		{"not json", "name: Amina\n", "", "not valid JSON", "card_json"},
		{"array", "[" + base + "]\n", "", "JSON object", "card_not_object"},
		{"cut off", base[:len(base)/2], "", "ends too early", "card_cut"},
		{"trailing data", base + "{}", "", "after the end", "card_trailing"},
		{"trailing blank line", base + "\n", "", "extra text", "card_extra_text"},
		{"unknown field", replace("{\n", "{\n  \"email\": \"a@example.org\",\n"), "email", "unknown field", "card_unknown_field"},
		{"duplicate key", replace("  \"role\"", "  \"name\": \"Other\",\n  \"role\""), "name", "appears twice", "card_field_twice"},
		{"missing signature", replace(",\n  \"signature\": \""+sig+"\"", ""), "signature", "missing", "card_missing"},
		{"missing age", replace("  \"age\": \""+recipient+"\",\n", ""), "age", "missing", "card_missing"},
		{"nested object", replace("\"Morocco\"", "{\"x\": 1}"), "delegation", "an object", "card_value_object"},
		{"list", replace("\"Morocco\"", "[\"Morocco\"]"), "delegation", "a list", "card_value_list"},
		{"null", replace("\"Morocco\"", "null"), "delegation", "null", "card_value_null"},
		{"bool", replace("\"delegate\"", "true"), "role", "true/false", "card_value_bool"},
		{"version string", replace("\"version\": 1", "\"version\": \"1\""), "version", "number", "card_version_type"},
		{"version float", replace("\"version\": 1", "\"version\": 1.0"), "version", "whole number", "card_version_whole"},
		{"version 2", replace("\"version\": 1", "\"version\": 2"), "version", "update Dossier", "card_version"},
		{"version leading zero", replace("\"version\": 1", "\"version\": 01"), "", "not valid JSON", "card_json"},
		{"name number", replace("\"Amina Benali\"", "42"), "name", "string", "card_not_string"},
		{"name empty", replace("\"Amina Benali\"", "\"\""), "name", "empty", "card_text_empty"},
		{"name spaces", replace("\"Amina Benali\"", "\" Amina Benali\""), "name", "spaces", "card_text_spaces"},
		{"name control", replace("Amina", "Am\\u0007ina"), "name", "control character U+0007", "card_text_control"},
		{"name newline", replace("Amina", "Am\\nina"), "name", "control character U+000A", "card_text_control"},
		{"name line separator", replace("Amina", "Am\u2028ina"), "name", "U+2028", "card_text_control"},
		{"name bidi override", replace("Amina", "Am\u202eina"), "name", "U+202E", "card_text_bidi"},
		{"name too long", replace("Amina Benali", strings.Repeat("é", maxTextLen+1)), "name", "limit is 100", "card_text_too_long"},
		{"delegation too long", replace("Morocco", strings.Repeat("x", maxTextLen+1)), "delegation", "limit is 100", "card_text_too_long"},
		{"role unknown", replace("\"delegate\"", "\"admin\""), "role", "\"admin\" is not a role", "card_role_invalid"},
		{"role case", replace("\"delegate\"", "\"Delegate\""), "role", "not a role", "card_role_invalid"},
		{"ed25519 not base64", replace(pub, "not base64!"), "ed25519", "base64", "card_base64"},
		{"ed25519 url base64", replace(pub, strings.NewReplacer("/", "_", "+", "-").Replace(pub)), "ed25519", "base64", "card_base64"},
		{"ed25519 unpadded", replace(pub, strings.TrimRight(pub, "=")), "ed25519", "base64", "card_base64"},
		{"ed25519 padding bits", replace(pub, pub[:42]+"h="), "ed25519", "base64", "card_base64"},
		{"ed25519 short", replace(pub, b64(make([]byte, 31))), "ed25519", "is 31 bytes", "card_key_size"},
		{"ed25519 long", replace(pub, b64(make([]byte, 33))), "ed25519", "is 33 bytes", "card_key_size"},
		{"ed25519 identity point", replace(pub, b64(identityPoint)), "ed25519", "weak", "card_key_weak"},
		{"ed25519 order 2", replace(pub, b64(minusOne)), "ed25519", "weak", "card_key_weak"},
		{"ed25519 order 4", replace(pub, b64(make([]byte, 32))), "ed25519", "weak", "card_key_weak"},
		{"ed25519 non-canonical", replace(pub, b64(yIsP)), "ed25519", "weak", "card_key_weak"},
		{"age garbage", replace(recipient, "age1xyz"), "age", "not an age X25519 recipient", "card_age_invalid"},
		{"age secret key", replace(recipient, "AGE-SECRET-KEY-16GPQ8DKL95AVPDU8485KUPFSRPL9VSRAVM00PA5Q3KZGZWJKU7SSJ0E298"), "age", "not an age X25519 recipient", "card_age_invalid"},
		{"age upper case", replace(recipient, strings.ToUpper(recipient)), "age", "lower case", "card_age_case"},
		{"age bad checksum", replace(recipient, recipient[:len(recipient)-1]+"q"), "age", "not an age X25519 recipient", "card_age_invalid"},
		{"age low order", replace(recipient, "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z"), "age", "cannot be encrypted", "card_age_unusable"},
		{"created_at space", replace("2026-03-01T09:30:00Z", "2026-03-01 09:30:00Z"), "created_at", "UTC time", "card_created_at"},
		{"created_at offset", replace("2026-03-01T09:30:00Z", "2026-03-01T10:30:00+01:00"), "created_at", "UTC time", "card_created_at"},
		{"created_at fraction", replace("2026-03-01T09:30:00Z", "2026-03-01T09:30:00.5Z"), "created_at", "whole seconds", "card_created_at"},
		{"created_at lower z", replace("2026-03-01T09:30:00Z", "2026-03-01T09:30:00z"), "created_at", "UTC time", "card_created_at"},
		{"created_at invalid date", replace("2026-03-01T09:30:00Z", "2026-02-30T09:30:00Z"), "created_at", "UTC time", "card_created_at"},
		{"signature short", replace(sig, b64(make([]byte, 63))), "signature", "is 63 bytes", "card_sig_size"},
		{"signature not base64", replace(sig, "~~~~"), "signature", "base64", "card_base64"},
		{"signature wrong", replace(sig, b64(make([]byte, 64))), "signature", "does not match", "card_signature"},
		{"content changed", replace("Amina Benali", "Amina Benalí"), "signature", "does not match", "card_signature"},
		{"role changed", replace("\"delegate\"", "\"secretariat\""), "signature", "does not match", "card_signature"},
		{"crlf", strings.ReplaceAll(base, "\n", "\r\n"), "", "CR LF", "card_crlf"},
		{"no final newline", strings.TrimSuffix(base, "\n"), "", "cut short", "card_cut_short"},
		{"compact", strings.NewReplacer("\n", "", "  ", "", "\": ", "\":").Replace(base), "", "canonical", "card_not_canonical"},
		{"extra space", replace("\"name\": ", "\"name\":  "), "name", "canonical", "card_not_canonical"},
		{"tab indent", replace("  \"role\"", "\t\"role\""), "role", "canonical", "card_not_canonical"},
		{"key order", replace("  \"role\": \"delegate\",\n  \"delegation\": \"Morocco\",\n", "  \"delegation\": \"Morocco\",\n  \"role\": \"delegate\",\n"), "role", "field order", "card_not_canonical"},
		{"escaped letter", replace("Amina", "\\u0041mina"), "name", "escaping", "card_not_canonical"},
		{"escaped slash", replace(pub, strings.ReplaceAll(pub, "/", "\\/")), "ed25519", "canonical", "card_not_canonical"},
		{"bom", "\ufeff" + base, "", "not valid JSON", "card_json"},
		// "reads": optional, but when present exactly as Dossier writes it, and signed.
		{"reads number", replace(`"reads": "1,2"`, `"reads": 1`), "reads", "string", "card_not_string"},
		{"reads list", replace(`"reads": "1,2"`, `"reads": [1]`), "reads", "a list", "card_value_list"},
		{"reads empty", replace(`"reads": "1,2"`, `"reads": ""`), "reads", "not a list of format numbers", "card_reads_syntax"},
		{"reads zero", replace(`"reads": "1,2"`, `"reads": "0,1"`), "reads", "not a list of format numbers", "card_reads_syntax"},
		{"reads leading zero", replace(`"reads": "1,2"`, `"reads": "01"`), "reads", "not a list of format numbers", "card_reads_syntax"},
		{"reads spaces", replace(`"reads": "1,2"`, `"reads": "1, 2"`), "reads", "not a list of format numbers", "card_reads_syntax"},
		{"reads sign", replace(`"reads": "1,2"`, `"reads": "+1"`), "reads", "not a list of format numbers", "card_reads_syntax"},
		{"reads trailing comma", replace(`"reads": "1,2"`, `"reads": "1,"`), "reads", "not a list of format numbers", "card_reads_syntax"},
		{"reads order", replace(`"reads": "1,2"`, `"reads": "2,1"`), "reads", "ascending", "card_reads_order"},
		{"reads repeat", replace(`"reads": "1,2"`, `"reads": "1,1"`), "reads", "ascending", "card_reads_order"},
		{"reads too big", replace(`"reads": "1,2"`, `"reads": "1,256"`), "reads", "up to 255", "card_reads_range"},
		{"reads huge", replace(`"reads": "1,2"`, `"reads": "99999999999999999999"`), "reads", "not a list of format numbers", "card_reads_syntax"},
		{"reads too many", replace(`"reads": "1,2"`, `"reads": "`+strings.TrimSuffix(strings.Repeat("1,", 33), ",")+`"`), "reads", "more than 32", "card_reads_too_many"},
		{"reads changed", replace(`"reads": "1,2"`, `"reads": "1,2,3"`), "signature", "does not match", "card_signature"},
		{"reads removed", replace("  \"reads\": \"1,2\",\n", ""), "signature", "does not match", "card_signature"},
		{"reads after signature", replace("  \"reads\": \"1,2\",\n  \"signature\": \""+sig+"\"\n", "  \"signature\": \""+sig+"\",\n  \"reads\": \"1,2\"\n"), "reads", "field order", "card_not_canonical"},
		{"reads twice", replace("  \"reads\": \"1,2\",\n", "  \"reads\": \"1,2\",\n  \"reads\": \"1,2\",\n"), "reads", "appears twice", "card_field_twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := DecodeCard([]byte(tc.input))
			if err == nil {
				t.Fatalf("accepted: %+v", c)
			}
			if !errors.Is(err, ErrInvalidCard) {
				t.Errorf("error %v does not match ErrInvalidCard", err)
			}
			var ce *CardError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not *CardError", err)
			}
			if ce.Field != tc.field {
				t.Errorf("Field = %q, want %q (%v)", ce.Field, tc.field, err)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not mention %q", err, tc.reason)
			}
			if !strings.Contains(err.Error(), ":") || len(ce.Reason) < 20 {
				t.Errorf("error %q says too little", err)
			}
			// The reason is a code both catalogues word (domain's TestProblemCodesAreWordedByTheScreens
			// checks every code of the table), and the English is that code's.
			if ce.Problem.Code != tc.code {
				t.Errorf("Problem.Code = %q, want %q (%v)", ce.Problem.Code, tc.code, err)
			}
			if !slices.Contains(domain.ProblemCodes(), ce.Problem.Code) {
				t.Errorf("code %q has no words in domain's problem table", ce.Problem.Code)
			}
			if ce.Reason != ce.Problem.Text() {
				t.Errorf("Reason %q is not the code's English %q", ce.Reason, ce.Problem.Text())
			}
			if c.PublicKey != nil || c.Name != "" {
				t.Errorf("rejected card still returned data: %+v", c)
			}
		})
	}
}

// A weak key is not hypothetical: with the identity point, R = identity and S = 0 form a
// signature that verifies for any message, so anyone could sign as that "author".
func TestWeakKeyForgeryIsRefused(t *testing.T) {
	id, _ := fixture(t)
	c := id.Card()
	c.PublicKey = make(ed25519.PublicKey, 32)
	c.PublicKey[0] = 1
	c.Signature = make([]byte, 64)
	c.Signature[0] = 1
	if !ed25519.Verify(c.PublicKey, signedBytes(c), c.Signature) {
		t.Log("crypto/ed25519 rejects this forgery itself; the check is belt and braces")
	}
	_, err := DecodeCard(EncodeCard(c))
	var ce *CardError
	if !errors.As(err, &ce) || ce.Field != "ed25519" {
		t.Fatalf("forged card with identity key: err = %v, want ed25519 field error", err)
	}
}

func TestWeakEd25519KeyOnRealKeys(t *testing.T) {
	for i := range 200 {
		seed := bytes.Repeat([]byte{byte(i)}, 32)
		pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
		if weakEd25519Key(pub) {
			t.Fatalf("real key %x flagged as weak", pub)
		}
	}
}

func TestCardRoundTrip(t *testing.T) {
	id, card := fixture(t)
	c, err := DecodeCard(card)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(EncodeCard(c), card) {
		t.Error("decode then encode changed the bytes")
	}
	if !c.PublicKey.Equal(id.Public()) || c.AgeRecipient != id.AgeIdentity().Recipient().String() {
		t.Error("card keys differ from the identity's")
	}
	if c.Version != CardVersion {
		t.Errorf("Version = %d", c.Version)
	}
}

func TestCardHoldsNoPrivateMaterial(t *testing.T) {
	fixed, _ := fixture(t)
	fresh, err := Create(t.TempDir(), "Amina Benali", RoleDelegate, "Morocco")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []*Identity{fixed, fresh} {
		secrets := map[string][]byte{
			"ed25519 seed":        id.priv.Seed(),
			"ed25519 private key": id.priv,
			"x25519 scalar":       bech32Data(t, id.age.String()),
		}
		card := EncodeCard(id.Card())
		for what, secret := range secrets {
			for form, enc := range encodings(secret) {
				if bytes.Contains(card, enc) {
					t.Errorf("card contains the %s as %s", what, form)
				}
			}
		}
		for _, s := range []string{id.age.String(), strings.ToLower(id.age.String())} {
			if bytes.Contains(card, []byte(s)) || bytes.Contains(card, []byte(s[len("AGE-SECRET-KEY-1"):])) {
				t.Error("card contains the age secret key")
			}
		}
	}
}

func encodings(b []byte) map[string][]byte {
	return map[string][]byte{
		"raw":            b,
		"hex":            []byte(hex.EncodeToString(b)),
		"HEX":            []byte(strings.ToUpper(hex.EncodeToString(b))),
		"base64":         []byte(base64.StdEncoding.EncodeToString(b)),
		"base64 raw":     []byte(base64.RawStdEncoding.EncodeToString(b)),
		"base64 url":     []byte(base64.URLEncoding.EncodeToString(b)),
		"base64 raw url": []byte(base64.RawURLEncoding.EncodeToString(b)),
		// the secret as the start of a longer base64 value (the seed inside the private key)
		"base64 prefix": []byte(base64.RawStdEncoding.EncodeToString(b[:30])),
	}
}

// bech32Data returns the payload of a Bech32 string (checksum not verified; age did that).
func bech32Data(t *testing.T, s string) []byte {
	t.Helper()
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	s = strings.ToLower(s)
	data := s[strings.LastIndexByte(s, '1')+1 : len(s)-6]
	var out []byte
	acc, bits := 0, 0
	for _, r := range data {
		v := strings.IndexRune(charset, r)
		if v < 0 {
			t.Fatalf("bad bech32 %q", s)
		}
		acc, bits = acc<<5|v, bits+5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	return out
}

func TestCardErrorMessage(t *testing.T) {
	err := &CardError{Field: "name", Offset: 12, Reason: "is empty"}
	if got, want := err.Error(), `identity card: field "name" (byte 12): is empty`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	err = &CardError{Offset: -1, Reason: "the file is empty"}
	if got, want := err.Error(), "identity card: the file is empty"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestCardWithoutReads: cards made before "reads" existed (the bytes of the first vector as
// Dossier wrote it then) still decode, re-encode to the same bytes, and read format 1.
func TestCardWithoutReads(t *testing.T) {
	old, err := os.ReadFile(filepath.Join("testdata", "card-1-before-reads.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(old, []byte("reads")) {
		t.Fatal("the old card has a reads member")
	}
	c, err := DecodeCard(old)
	if err != nil {
		t.Fatalf("a card without reads: %v", err)
	}
	if c.Reads != nil || !slices.Equal(c.ReadsFormats(), []int{1}) {
		t.Fatalf("reads %v, formats %v", c.Reads, c.ReadsFormats())
	}
	if !bytes.Equal(EncodeCard(c), old) {
		t.Fatal("a card without reads does not re-encode to its bytes")
	}
	// The same key's card today says what this build reads, and is another valid card.
	id, now := fixture(t)
	if KeyID(id.Public()) != KeyID(c.PublicKey) || bytes.Equal(now, old) {
		t.Fatal("the fixture is not the old card's key")
	}
	n, err := DecodeCard(now)
	if err != nil || !slices.Equal(n.Reads, version.BundleFormatsRead()) {
		t.Fatalf("today's card: %v %v", n.Reads, err)
	}
	// A card may list formats this build does not read (a newer Dossier's card).
	n.Reads = []int{1, 2, 7}
	n.Signature = ed25519.Sign(id.priv, signedBytes(n))
	back, err := DecodeCard(EncodeCard(n))
	if err != nil || !slices.Equal(back.ReadsFormats(), []int{1, 2, 7}) {
		t.Fatalf("a newer card: %v %v", back.Reads, err)
	}
}

// A value a card holds is shown in its refusal as an escape when it carries a right-to-left
// override or a line break: the screen and the terminal cannot be made to show a message
// rearranged by the card's author.
func TestCardRefusalShowsHiddenCharactersAsEscapes(t *testing.T) {
	_, card := fixture(t)
	bad := strings.Replace(string(card), "2026-03-01T09:30:00Z", `2026-03-01T09:30:00Z\u202e\n`, 1)
	_, err := DecodeCard([]byte(bad))
	var ce *CardError
	if !errors.As(err, &ce) || ce.Problem.Code != "card_created_at" {
		t.Fatalf("err = %v, want card_created_at", err)
	}
	v := ce.Problem.Params["value"]
	if strings.ContainsAny(v, "\u202e\n") || !strings.Contains(v, `\u202e\n`) {
		t.Fatalf("value %q: want the override and the line break as escapes", v)
	}
	if strings.ContainsAny(ce.Error(), "\u202e\n") {
		t.Fatalf("message %q holds the hidden characters", ce.Error())
	}
}
