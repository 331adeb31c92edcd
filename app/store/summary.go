package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// Summary is what the query index keeps of a record: the attributes lists filter and sort by,
// and the words of its text. It is stored beside the record so that opening a store loads
// the index without decoding records.
type Summary struct {
	ID          string
	Kind        string
	Deleted     bool
	Title       string
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
	Words       []string
}

// summarise derives the summary of a materialised record.
func summarise(r *oplog.Record) Summary {
	s := Summary{ID: r.ID, Kind: r.Kind, Deleted: r.Deleted(), Updated: r.Updated.Clock.Wall, Conflicts: len(r.Conflicts())}
	fields := r.Fields()
	str := func(name string) string {
		var v string
		if raw, ok := fields[name]; ok {
			_ = json.Unmarshal(raw, &v)
		}
		return v
	}
	strs := func(name string) []string {
		var v []string
		if raw, ok := fields[name]; ok {
			_ = json.Unmarshal(raw, &v)
		}
		return v
	}
	var text []string
	s.Title = Title(domain.Kind(r.Kind), fields)
	text = append(text, s.Title)
	switch domain.Kind(r.Kind) {
	case domain.KindParty:
		s.ISO3 = str("iso3")
		s.Status = str("type")
		text = append(text, str("acronym"), str("region"), str("iso3"), str("notes"))
		if c, ok := domain.CountryByCode(s.ISO3); ok {
			text = append(text, c.Name, c.NameFR)
		}
	case domain.KindFramework:
		text = append(text, str("code"))
		var items []domain.FrameworkItem
		_ = json.Unmarshal(fields["items"], &items)
		for _, it := range items {
			s.Items = append(s.Items, it.Code)
			text = append(text, it.Title)
		}
	case domain.KindPartnership:
		s.Status, s.Date = str("status"), str("start")
		var roles []domain.PartyRole
		_ = json.Unmarshal(fields["parties"], &roles)
		for _, pr := range roles {
			s.Parties = append(s.Parties, pr.Party)
		}
		s.Themes, s.Items = strs("themes"), strs("framework_items")
		text = append(text, str("summary"))
	case domain.KindCommitment:
		s.Status, s.Date = str("status"), str("due")
		s.Parties = append(strs("committed_by"), strs("towards")...)
		s.Themes, s.Items = strs("themes"), strs("framework_items")
		s.Partnership, s.Meeting = str("partnership"), str("source_meeting")
		text = append(text, str("text"), str("source_document"))
		var cm domain.Commitment
		_ = json.Unmarshal(fields["indicators"], &cm.Indicators)
		_ = json.Unmarshal(fields["funding"], &cm.Funding)
		for _, in := range cm.Indicators {
			text = append(text, in.Name)
		}
		s.Parties = append(s.Parties, cm.FigureParties()...) // figures for a country concern it
		s.Funding = fundingTotals(fields["funding"])
	case domain.KindMeeting:
		s.Date = str("start")
		if len(s.Date) >= 10 {
			s.Date = s.Date[:10]
		}
		s.Parties = strs("participants")
		if o := str("organiser"); o != "" {
			s.Parties = append(s.Parties, o)
		}
		s.Partnership = str("partnership")
		text = append(text, str("series"), str("venue"), str("outcome"))
		var sessions []domain.Session
		_ = json.Unmarshal(fields["sessions"], &sessions)
		for _, se := range sessions {
			text = append(text, se.Title)
		}
	case domain.KindIntervention:
		s.Meeting = str("meeting")
		s.Parties = strs("on_behalf_of")
		s.Countries = strs("countries")
		s.Commitments = strs("commitments")
		text = append(text, str("speaker"), str("session"))
		text = append(text, strs("points")...)
	}
	s.Parties = uniqueSorted(s.Parties)
	s.Words = Words(strings.Join(text, " "))
	return s
}

// fundingTotals sums a commitment's funding entries by currency and state, for the list
// column, the currency filter and the totals of partnerships (docs/model.md).
func fundingTotals(raw json.RawMessage) []string {
	var fs []domain.Funding
	if json.Unmarshal(raw, &fs) != nil || len(fs) == 0 {
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

// Title is the one-line name of a record shown in lists and links.
func Title(k domain.Kind, fields map[string]json.RawMessage) string {
	str := func(name string) string {
		var v string
		_ = json.Unmarshal(fields[name], &v)
		return v
	}
	switch k {
	case domain.KindParty:
		return str("name")
	case domain.KindFramework:
		if c := str("code"); c != "" {
			return c + " — " + str("title")
		}
	case domain.KindIntervention:
		t := "Intervention"
		if sp := str("speaker"); sp != "" {
			t += " by " + sp
		}
		if se := str("session"); se != "" {
			t += " (" + se + ")"
		}
		return t
	}
	return str("title")
}

// Words splits text into lower-case search words with accents removed, so that "cote"
// finds "Côte d'Ivoire".
func Words(text string) []string {
	folded := norm.NFD.String(strings.ToLower(text))
	var words []string
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
	return uniqueSorted(words)
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
	b = append(b, 3) // encoding version: summaries of another version are rebuilt at open
	str(s.ID)
	str(s.Kind)
	if s.Deleted {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	str(s.Title)
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
	b = binary.AppendUvarint(b, uint64(s.Conflicts))
	list(s.Words)
	list(s.Funding)
	return b
}

var errSummary = errors.New("corrupt index summary")

func decodeSummary(b []byte) (Summary, error) {
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
	if len(b) < 1 || b[0] != 3 {
		return s, errSummary
	}
	b = b[1:]
	s.ID, s.Kind = str(), str()
	if len(b) < 1 {
		return s, errSummary
	}
	s.Deleted, b = b[0] == 1, b[1:]
	s.Title, s.Status, s.Date = str(), str(), str()
	v, n := binary.Varint(b)
	if n <= 0 {
		return s, errSummary
	}
	s.Updated, b = v, b[n:]
	s.ISO3 = str()
	s.Parties, s.Countries, s.Themes, s.Items = list(), list(), list(), list()
	s.Partnership, s.Meeting = str(), str()
	s.Commitments = list()
	s.Conflicts = int(uv())
	s.Words = list()
	s.Funding = list()
	return s, err
}
