package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// Summary is what the query index keeps of a record: the attributes lists filter and sort by,
// and the words of its text. It is stored beside the record so that opening a store loads
// the index without decoding records. It depends on the record alone (and on the lists
// shipped in the binary), so that `check` can derive it again; what a record is found by
// through the records it refers to is joined in memory by the index (index.go).
type Summary struct {
	ID          string
	Kind        string
	Deleted     bool
	Title       string      // its own title; "" for a record named by Parts
	Parts       *TitleParts // what an intervention is named by (TitleParts)
	Status      string
	Date        string // the date a list sorts by: due (commitment), start (meeting, partnership)
	Updated     int64  // wall ms of the last change
	ISO3        string // a party's own country code
	Parties     []string
	Countries   []string // country codes named directly (interventions)
	Themes      []string
	Items       []string
	Partnership string
	Meeting     string
	Commitments []string // commitments an intervention mentions
	Funding     []string // a commitment's totals by currency and state: "EUR pledged 46300000"
	Conflicts   int
	// Breaks: the record as held breaks one of today's rules of its own (RuleProblems), so
	// that the Conflicts screen finds such records without reading every one (docs/storage.md,
	// "Records that break a rule").
	Breaks bool
	Words  []string
	Labels []Label // what the records that refer to this one are also found by

	// wordsEnc: at open, Words still encoded (decodeSummaryLazy), for the index to read
	// later without a string per word.
	wordsEnc []byte
}

// Label is what a record lends to the records that refer to it: a party its names, a
// partnership its title, a framework each of its items' code and title.
type Label struct {
	Key   string // the record's id; for a framework, the item's code
	Words []string
}

// text collects the words a record is found by itself. What it refers to (parties,
// partnerships, framework items, themes, countries) is found through the index's labels.
type text struct{ parts []string }

func (t *text) add(parts ...string) { t.parts = append(t.parts, parts...) }

// countries adds the names a search finds ISO 3166-1 alpha-3 codes by: the display names,
// the ISO names and the short forms (domain.Country.SearchNames).
func (t *text) countries(codes ...string) {
	for _, code := range codes {
		if c, ok := domain.CountryByCode(code); ok {
			t.add(code)
			t.add(c.SearchNames()...)
		}
	}
}

// money adds a commitment's amounts with their currency. An amount is found as typed plainly
// ("1500000") or grouped ("1,500,000", "1 500 000"). AmountText writes the digits the store
// holds: stored amounts are canonical JSON numbers, encoding/json's float formatting, which is
// AmountText's below 1e21 (and every amount is at most MaxAmount).
func (t *text) money(fs []domain.Funding) {
	for _, f := range fs {
		if f.Amount != nil {
			n := domain.AmountText(*f.Amount)
			whole, frac, _ := strings.Cut(strings.TrimPrefix(n, "-"), ".")
			t.add(n, grouped(whole)+" "+frac)
		}
		t.add(f.Currency)
	}
}

// grouped writes digits in groups of three ("1500000" -> "1 500 000").
func grouped(digits string) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// summarise derives the summary of a materialised record. The record is read once with
// domain.Read, the reader the brief and the service use, so that a field this version does
// not read is left out of the index as it is left out of every screen (docs/storage.md,
// "The query index").
func summarise(r *oplog.Record) Summary { return summariseJudged(r, false) }

// summariseJudged is summarise of a record that, with judged, the batch writing it made with
// one create that removes nothing, which admit (an import) or the save's checks judged whole
// with the store's lookup: it breaks no rule of its own (RuleProblems is nil: a part of that
// judgement), and judging it again would double the summary's cost for every record an import
// creates (docs/storage.md, "Records that break a rule").
func summariseJudged(r *oplog.Record, judged bool) Summary {
	// Copies: a decoded record's strings are slices of its bytes, which the index would keep.
	s := Summary{ID: strings.Clone(r.ID), Kind: internKind(r.Kind), Deleted: r.Deleted(), Updated: r.Updated.Clock.Wall, Conflicts: len(r.Conflicts())}
	fields := r.Fields()
	v, left := domain.Read(domain.Kind(r.Kind), fields)
	if !judged {
		read := v
		if len(left) > 0 {
			read = nil // a partial record: decoded again, to name what it leaves out
		}
		s.Breaks = ruleProblems(r, fields, read) != nil
	}
	s.Title, s.Parts = TitleOf(v), PartsOf(v)
	t := &text{parts: []string{s.Title}}
	// Per kind, the attributes lists filter on and the text a record is found by. Making
	// another field searchable is one line in its kind's function.
	switch rec := v.(type) {
	case *domain.Party:
		summariseParty(rec, &s, t)
	case *domain.Framework:
		summariseFramework(rec, &s, t)
	case *domain.Partnership:
		summarisePartnership(rec, &s, t)
	case *domain.Commitment:
		summariseCommitment(rec, &s, t)
	case *domain.Meeting:
		summariseMeeting(rec, &s, t)
	case *domain.Intervention:
		summariseIntervention(rec, &s, t)
	}
	s.Parties = uniqueSorted(s.Parties)
	s.Words = wordsOf(t.parts...)
	return s
}

func summariseParty(p *domain.Party, s *Summary, t *text) {
	s.ISO3, s.Status = p.ISO3, p.Type
	t.add(p.Acronym, p.Region, p.Notes)
	t.countries(s.ISO3)
	names := text{parts: []string{s.Title, p.Acronym}}
	names.countries(s.ISO3)
	s.Labels = []Label{{Key: s.ID, Words: wordsOf(names.parts...)}}
}

func summariseFramework(f *domain.Framework, s *Summary, t *text) {
	t.add(f.Code)
	for _, it := range f.Items {
		s.Items = append(s.Items, it.Code)
		t.add(it.Code, it.Title)
		s.Labels = append(s.Labels, Label{Key: it.Code, Words: wordsOf(it.Code, it.Title, f.Code, f.Title)})
	}
}

func summarisePartnership(p *domain.Partnership, s *Summary, t *text) {
	s.Status, s.Date = p.Status, p.Start
	for _, pr := range p.Parties {
		s.Parties = append(s.Parties, pr.Party)
	}
	s.Themes, s.Items = p.Themes, p.FrameworkItems
	t.add(p.Summary)
	s.Labels = []Label{{Key: s.ID, Words: wordsOf(s.Title)}}
}

func summariseCommitment(c *domain.Commitment, s *Summary, t *text) {
	s.Status, s.Date = c.Status, c.Due
	s.Parties = slices.Concat(c.CommittedBy, c.Towards, c.FigureParties()) // figures for a country concern it
	s.Themes, s.Items = c.Themes, c.FrameworkItems
	s.Partnership, s.Meeting = c.Partnership, c.SourceMeeting
	t.add(c.Text, c.SourceDocument)
	for _, in := range c.Indicators {
		t.add(in.Name)
	}
	s.Funding = fundingTotals(c.Funding)
	t.money(c.Funding)
}

func summariseMeeting(m *domain.Meeting, s *Summary, t *text) {
	s.Date = m.Start
	if len(s.Date) >= 10 {
		s.Date = s.Date[:10]
	}
	s.Parties = m.Participants
	if m.Organiser != "" {
		s.Parties = append(s.Parties, m.Organiser)
	}
	s.Partnership = m.Partnership
	t.add(m.Series, m.Venue, m.Outcome)
	for _, se := range m.Sessions {
		t.add(se.Title)
	}
}

func summariseIntervention(i *domain.Intervention, s *Summary, t *text) {
	s.Meeting = i.Meeting
	s.Parties, s.Countries, s.Commitments = i.OnBehalfOf, i.Countries, i.Commitments
	// The word both languages' composed titles begin with; the speaker and session are
	// the parts, found as words of their own (docs/api.md, "Composed titles").
	t.add("Intervention", i.Speaker, i.Session)
	t.add(i.Points...)
}

// RuleProblems are the rules of its own a record as held breaks, by field path, or nil: the
// whole-record check of a save with references aside (domain.OwnProblems: a reference to a
// record deleted since, or to an item of a framework record, is no fault of it), for a live record of a kind people edit (not a trust statement). A
// local save refuses such a record, so it is left by two changes that each passed alone,
// merged by an import (one party given two roles), or by a value stored before a rule
// (docs/model.md, "One party, two roles"). The record page and the index's flag
// (Summary.Breaks) both come from here.
func RuleProblems(r *oplog.Record) map[string]domain.Problem { return ruleProblems(r, r.Fields(), nil) }

// ruleProblems is RuleProblems of a record whose fields are fields, and read, when not nil,
// what domain.Read made of them leaving none out.
func ruleProblems(r *oplog.Record, fields map[string]json.RawMessage, read any) map[string]domain.Problem {
	kind, ok := domain.ParseKind(r.Kind)
	if !ok || r.Deleted() {
		return nil
	}
	return domain.OwnProblems(kind, fields, read)
}

// Title is the one-line name of a record shown in lists and links (TitleOf), from its fields.
func Title(k domain.Kind, fields map[string]json.RawMessage) string {
	v, _ := domain.Read(k, fields)
	return TitleOf(v)
}

// TitleOf is the one-line name of a record read with domain.Read: its own title, or "" for
// a record that has none of its own (an intervention), which the display end names from its
// Parts in the reader's language.
func TitleOf(v any) string {
	switch r := v.(type) {
	case *domain.Party:
		return r.Name
	case *domain.Framework:
		if r.Code != "" {
			return r.Code + " — " + r.Title
		}
		return r.Title
	case *domain.Partnership:
		return r.Title
	case *domain.Commitment:
		return r.Title
	case *domain.Meeting:
		return r.Title
	}
	return ""
}

// TitleParts are what a record without a title of its own is named by. An intervention has
// none: the screens and the PDF compose "Intervention by SPEAKER (SESSION)" from its parts in
// the reader's language ("Intervention de « EEAS » (Table ronde 4)"), the command line in
// English (EnglishTitle). docs/api.md, "Composed titles".
type TitleParts struct {
	Speaker string `json:"speaker,omitempty"`
	Session string `json:"session,omitempty"`
}

// Parts are the title parts of a record that has no title of its own, or nil (PartsOf),
// from its fields.
func Parts(k domain.Kind, fields map[string]json.RawMessage) *TitleParts {
	v, _ := domain.Read(k, fields)
	return PartsOf(v)
}

// PartsOf are the title parts of a record read with domain.Read that has no title of its
// own (an intervention), or nil.
func PartsOf(v any) *TitleParts {
	if i, ok := v.(*domain.Intervention); ok {
		return &TitleParts{Speaker: i.Speaker, Session: i.Session}
	}
	return nil
}

// EnglishTitle is a record's title for text that is English only (the command line, log
// and error messages, the audit file): its own title, or the one composed from its parts.
func EnglishTitle(title string, p *TitleParts) string {
	if p == nil {
		return title
	}
	t := "Intervention"
	if p.Speaker != "" {
		t += " by " + p.Speaker
	}
	if p.Session != "" {
		t += " (" + p.Session + ")"
	}
	return t
}

// sortTitle is what a record sorts by in a list sorted by title: its title, or for a record
// named by parts the parts in order after the word "Intervention", the order of the composed
// titles in English and in French alike.
func sortTitle(title string, p *TitleParts) string {
	if p == nil {
		return title
	}
	return "Intervention " + p.Speaker + " " + p.Session
}

func wordsOf(parts ...string) []string { return Words(strings.Join(parts, " ")) }

// Words splits text into lower-case search words with accents removed, so that "cote"
// finds "Côte d'Ivoire". A word with an apostrophe is held as its parts and joined
// (domain.JoinApostrophes): "d'Ivoire" is "d", "ivoire" and "divoire", so that "ivoire",
// "d'ivoire" and "divoire" all find it. The query keeps the parts (QueryWords): "Morocco's"
// still finds "Morocco".
func Words(text string) []string {
	words, codes := split(text)
	if joined, ok := domain.JoinApostrophes(text); ok {
		// Its words only: its codes are the text's, or a code glued to an elision ("l'GCM-5").
		more, _ := split(joined)
		words = append(words, more...)
	}
	return uniqueSorted(append(words, codes...))
}

// QueryWords are the words a search looks for: a code such as "GCM-5" or "JVAP-3" is one
// word matched whole ("GCM-5" is not "GCM-50", nor any "5"); other words match by prefix.
func QueryWords(text string) []string {
	words, codes := split(text)
	if len(codes) == 0 {
		return uniqueSorted(words)
	}
	parts := map[string]bool{}
	for _, c := range codes {
		letters, digits, _ := strings.Cut(strings.TrimSuffix(c, codeEnd), "-")
		parts[letters], parts[digits], parts[letters+digits] = true, true, true
	}
	kept := codes
	for _, w := range words {
		if !parts[w] {
			kept = append(kept, w)
		}
	}
	return uniqueSorted(kept)
}

// codeEnd ends a code word: no letter or digit follows it, so a prefix search for it matches
// the whole code only.
const codeEnd = "$"

// split folds case and accents and cuts text into words of letters and digits, and finds the
// codes in it: letters, one of - . _ or nothing, then digits ("gcm-5", "jvap3"), written as
// "gcm-5$".
func split(text string) (words, codes []string) {
	if isASCII(text) {
		return splitASCII(strings.ToLower(text))
	}
	return splitUnicode(text)
}

// splitUnicode is split for any text.
func splitUnicode(text string) (words, codes []string) {
	folded := norm.NFD.String(strings.ToLower(text))
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range folded {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return words, findCodes(folded)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// splitASCII is split for lower-case ASCII text, which needs no folding (most text): the
// same words and codes, found on bytes rather than runes, as summaries are derived at every
// write.
func splitASCII(folded string) (words, codes []string) {
	alnum := func(i int) bool {
		if i < 0 || i >= len(folded) {
			return false
		}
		c := folded[i]
		return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
	}
	letter := func(i int) bool { return i < len(folded) && folded[i] >= 'a' && folded[i] <= 'z' }
	digit := func(i int) bool { return i < len(folded) && folded[i] >= '0' && folded[i] <= '9' }
	for i := 0; i < len(folded); {
		if !alnum(i) {
			i++
			continue
		}
		j := i
		for alnum(j) {
			j++
		}
		words = append(words, folded[i:j])
		i = j
	}
	for i := 0; i < len(folded); {
		if !letter(i) || alnum(i-1) {
			i++
			continue
		}
		j := i
		for letter(j) {
			j++
		}
		k := j
		if k < len(folded) && (folded[k] == '-' || folded[k] == '.' || folded[k] == '_') {
			k++
		}
		d := k
		for digit(d) {
			d++
		}
		if d > k && !alnum(d) {
			codes = append(codes, folded[i:j]+"-"+folded[k:d]+codeEnd)
		}
		i = max(j, i+1)
	}
	return words, codes
}

// findCodes returns the codes of folded text (see split).
func findCodes(folded string) []string {
	var codes []string
	rs := []rune(folded)
	alnum := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) || unicode.Is(unicode.Mn, rs[i]))
	}
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) || alnum(i-1) {
			i++
			continue
		}
		j := i
		var letters []rune
		for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j])) {
			if !unicode.Is(unicode.Mn, rs[j]) {
				letters = append(letters, rs[j])
			}
			j++
		}
		k := j
		if k < len(rs) && (rs[k] == '-' || rs[k] == '.' || rs[k] == '_') {
			k++
		}
		d := k
		for d < len(rs) && unicode.IsDigit(rs[d]) {
			d++
		}
		if d > k && !alnum(d) {
			codes = append(codes, string(letters)+"-"+string(rs[k:d])+codeEnd)
		}
		i = max(j, i+1)
	}
	return codes
}

func uniqueSorted(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := append([]string(nil), in...)
	sort.Strings(out)
	j := 0
	for i := range out {
		if i == 0 || out[i] != out[j-1] {
			out[j] = out[i]
			j++
		}
	}
	return out[:j]
}

// summaryVersion is the summary encoding's version: a summary of another version is rebuilt
// from its record at open. Raised when what a summary holds changes, not only its layout: 7
// added the display names and short forms of a party's country, 8 the joined form of a word
// with an apostrophe, 9 the flag of a record that breaks a rule (Breaks), 10 the same bytes
// for the bound of an indicator's figure (indicator_value), 11 the names people write for a
// country besides its own ("Turkey", "Ivory Coast", "Swaziland"). Raise it too when the records'
// rules change, so that every store's flags are derived again at its next open
// (docs/storage.md, "Records that break a rule").
const summaryVersion = 11

// The summary encoding is a compact binary form because opening a store decodes one per record.
func (s *Summary) encode() []byte {
	b := make([]byte, 0, 256)
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	list := func(v []string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		for _, e := range v {
			str(e)
		}
	}
	b = append(b, summaryVersion)
	str(s.ID)
	str(s.Kind)
	if s.Deleted {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	str(s.Title)
	if s.Parts == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		str(s.Parts.Speaker)
		str(s.Parts.Session)
	}
	str(s.Status)
	str(s.Date)
	b = binary.AppendVarint(b, s.Updated)
	str(s.ISO3)
	list(s.Parties)
	list(s.Countries)
	list(s.Themes)
	list(s.Items)
	str(s.Partnership)
	str(s.Meeting)
	list(s.Commitments)
	list(s.Funding)
	b = binary.AppendUvarint(b, uint64(s.Conflicts))
	if s.Breaks {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = appendWordList(b, s.Words)
	b = binary.AppendUvarint(b, uint64(len(s.Labels)))
	for _, l := range s.Labels {
		str(l.Key)
		list(l.Words)
	}
	return b
}

// appendWordList encodes a list of words as summaries hold them: a count, then each word's
// length and bytes.
func appendWordList(b []byte, words []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(words)))
	for _, w := range words {
		b = binary.AppendUvarint(b, uint64(len(w)))
		b = append(b, w...)
	}
	return b
}

// eachWord calls fn with each word of an encoded list (checked when it was decoded) until
// fn returns false.
func eachWord(enc []byte, fn func([]byte) bool) {
	n, k := binary.Uvarint(enc)
	enc = enc[max(k, 0):]
	for i := uint64(0); i < n && len(enc) > 0; i++ {
		l, k := binary.Uvarint(enc)
		if k <= 0 || l > uint64(len(enc)-k) {
			return
		}
		if !fn(enc[k : k+int(l)]) {
			return
		}
		enc = enc[k+int(l):]
	}
}

var errSummary = errors.New("corrupt index summary")

func decodeSummary(b []byte) (Summary, error) { return decodeSummaryLazy(b, false, nil) }

// decodeSummaryLazy decodes a summary; with lazy, its words stay encoded in wordsEnc, a
// slice of b (which the caller must not reuse). With strs, the attributes many records
// share (kinds, statuses, dates, themes, party ids) are one string each, not one per record.
func decodeSummaryLazy(b []byte, lazy bool, strs map[string]string) (Summary, error) {
	var s Summary
	var err error
	uv := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			err = errSummary
			return 0
		}
		b = b[n:]
		return v
	}
	str := func() string {
		n := uv()
		if err != nil || n > uint64(len(b)) {
			err = errSummary
			return ""
		}
		if v, ok := strs[string(b[:n])]; ok {
			b = b[n:]
			return v
		}
		v := string(b[:n])
		if strs != nil && n <= 40 {
			strs[v] = v
		}
		b = b[n:]
		return v
	}
	unique := func() string { // the id and title: interning them would only cost
		n := uv()
		if err != nil || n > uint64(len(b)) {
			err = errSummary
			return ""
		}
		v := string(b[:n])
		b = b[n:]
		return v
	}
	list := func() []string {
		n := uv()
		if err != nil || n > uint64(len(b)) {
			err = errSummary
			return nil
		}
		if n == 0 {
			return nil
		}
		out := make([]string, n)
		for i := range out {
			out[i] = str()
		}
		return out
	}
	if len(b) < 1 || b[0] != summaryVersion {
		return s, errSummary
	}
	b = b[1:]
	s.ID, s.Kind = unique(), str()
	if len(b) < 1 {
		return s, errSummary
	}
	s.Deleted, b = b[0] == 1, b[1:]
	s.Title = unique()
	if len(b) < 1 {
		return s, errSummary
	}
	hasParts := b[0] == 1
	b = b[1:]
	if hasParts {
		s.Parts = &TitleParts{Speaker: str(), Session: unique()}
	}
	s.Status, s.Date = str(), str()
	v, n := binary.Varint(b)
	if n <= 0 {
		return s, errSummary
	}
	s.Updated, b = v, b[n:]
	s.ISO3 = str()
	s.Parties, s.Countries, s.Themes, s.Items = list(), list(), list(), list()
	s.Partnership, s.Meeting = str(), str()
	s.Commitments = list()
	s.Funding = list()
	s.Conflicts = int(uv())
	if len(b) < 1 {
		return s, errSummary
	}
	s.Breaks, b = b[0] == 1, b[1:]
	if lazy {
		start := b
		n := uv()
		for i := uint64(0); i < n && err == nil; i++ {
			l := uv()
			if err != nil || l > uint64(len(b)) {
				return s, errSummary
			}
			b = b[l:]
		}
		s.wordsEnc = start[:len(start)-len(b)]
	} else {
		s.Words = list()
	}
	n = int(uv())
	if err != nil || n > len(b) {
		return s, errSummary
	}
	for i := 0; i < n && err == nil; i++ {
		s.Labels = append(s.Labels, Label{Key: str(), Words: list()})
	}
	return s, err
}

// fundingTotals sums a commitment's funding entries by currency and state, for the list
// column, the currency filter and the totals of partnerships (docs/model.md).
func fundingTotals(fs []domain.Funding) []string {
	if len(fs) == 0 {
		return nil
	}
	var t domain.Totals
	t.AddFunding(fs, "")
	var out []string
	for _, m := range t.List() {
		out = append(out, m.Currency+" "+m.State+" "+string(m.Amount))
	}
	return out
}

// FundingTotal reads one entry of Summary.Funding.
func FundingTotal(entry string) (currency, state, amount string, ok bool) {
	parts := strings.Split(entry, " ")
	if len(parts) != 3 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}
