package store

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// The oracle: how summaries were derived before they read records through domain.Read
// (issue 11 item 9), field by field from the raw JSON, kept here only to prove that the typed
// reader derives the same summaries (TestSummaryReadsTypedRecords).

type oldFields map[string]json.RawMessage

func (f oldFields) str(name string) string { return oldJSONString(f[name]) }

func (f oldFields) strs(name string) []string {
	raw := f[name]
	if len(raw) == 2 && raw[0] == '[' && raw[1] == ']' {
		return []string{}
	}
	var v []string
	_ = json.Unmarshal(raw, &v)
	return v
}

func oldJSONString(raw json.RawMessage) string {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		body := raw[1 : len(raw)-1]
		plain := true
		for _, c := range body {
			if c == '\\' || c == '"' || c < 0x20 {
				plain = false
				break
			}
		}
		if plain && utf8.Valid(body) {
			return string(body)
		}
	}
	var v string
	_ = json.Unmarshal(raw, &v)
	return v
}

func (f oldFields) decode(name string, v any) { _ = json.Unmarshal(f[name], v) }

func oldMoney(t *text, raw json.RawMessage) {
	type amount struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	var list []amount
	if json.Unmarshal(raw, &list) != nil {
		var one amount
		if json.Unmarshal(raw, &one) != nil {
			return
		}
		list = []amount{one}
	}
	for _, a := range list {
		n := strings.TrimPrefix(strings.Trim(string(a.Amount), `"`), "+")
		if v, err := strconv.ParseFloat(n, 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
			if strings.ContainsAny(n, "eE") {
				n = strconv.FormatFloat(v, 'f', -1, 64)
			}
			whole, frac, _ := strings.Cut(strings.TrimPrefix(n, "-"), ".")
			t.add(n, grouped(whole)+" "+frac)
		}
		t.add(a.Currency)
	}
}

func oldFundingTotals(raw json.RawMessage) []string {
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

var oldKindSummaries = map[domain.Kind]func(f oldFields, s *Summary, t *text){
	domain.KindParty: func(f oldFields, s *Summary, t *text) {
		s.ISO3, s.Status = f.str("iso3"), f.str("type")
		t.add(f.str("acronym"), f.str("region"), f.str("notes"))
		t.countries(s.ISO3)
		names := text{parts: []string{s.Title, f.str("acronym")}}
		names.countries(s.ISO3)
		s.Labels = []Label{{Key: s.ID, Words: wordsOf(names.parts...)}}
	},
	domain.KindFramework: func(f oldFields, s *Summary, t *text) {
		code, title := f.str("code"), f.str("title")
		t.add(code)
		var items []domain.FrameworkItem
		f.decode("items", &items)
		for _, it := range items {
			s.Items = append(s.Items, it.Code)
			t.add(it.Code, it.Title)
			s.Labels = append(s.Labels, Label{Key: it.Code, Words: wordsOf(it.Code, it.Title, code, title)})
		}
	},
	domain.KindPartnership: func(f oldFields, s *Summary, t *text) {
		s.Status, s.Date = f.str("status"), f.str("start")
		var roles []domain.PartyRole
		f.decode("parties", &roles)
		for _, pr := range roles {
			s.Parties = append(s.Parties, pr.Party)
		}
		s.Themes, s.Items = f.strs("themes"), f.strs("framework_items")
		t.add(f.str("summary"))
		s.Labels = []Label{{Key: s.ID, Words: wordsOf(s.Title)}}
	},
	domain.KindCommitment: func(f oldFields, s *Summary, t *text) {
		s.Status, s.Date = f.str("status"), f.str("due")
		s.Parties = append(f.strs("committed_by"), f.strs("towards")...)
		s.Themes, s.Items = f.strs("themes"), f.strs("framework_items")
		s.Partnership, s.Meeting = f.str("partnership"), f.str("source_meeting")
		t.add(f.str("text"), f.str("source_document"))
		var cm domain.Commitment
		f.decode("indicators", &cm.Indicators)
		f.decode("funding", &cm.Funding)
		for _, in := range cm.Indicators {
			t.add(in.Name)
		}
		s.Parties = append(s.Parties, cm.FigureParties()...)
		s.Funding = oldFundingTotals(f["funding"])
		oldMoney(t, f["funding"])
	},
	domain.KindMeeting: func(f oldFields, s *Summary, t *text) {
		s.Date = f.str("start")
		if len(s.Date) >= 10 {
			s.Date = s.Date[:10]
		}
		s.Parties = f.strs("participants")
		if o := f.str("organiser"); o != "" {
			s.Parties = append(s.Parties, o)
		}
		s.Partnership = f.str("partnership")
		t.add(f.str("series"), f.str("venue"), f.str("outcome"))
		var sessions []domain.Session
		f.decode("sessions", &sessions)
		for _, se := range sessions {
			t.add(se.Title)
		}
	},
	domain.KindIntervention: func(f oldFields, s *Summary, t *text) {
		s.Meeting = f.str("meeting")
		s.Parties = f.strs("on_behalf_of")
		s.Countries = f.strs("countries")
		s.Commitments = f.strs("commitments")
		t.add("Intervention", f.str("speaker"), f.str("session"))
		t.add(f.strs("points")...)
	},
}

func oldSummarise(r *oplog.Record) Summary {
	s := Summary{ID: strings.Clone(r.ID), Kind: internKind(r.Kind), Deleted: r.Deleted(), Updated: r.Updated.Clock.Wall, Conflicts: len(r.Conflicts()),
		Breaks: RuleProblems(r) != nil} // not the oracle's subject: how fields are read
	f := oldFields(r.Fields())
	s.Title, s.Parts = oldTitle(domain.Kind(r.Kind), f), oldParts(domain.Kind(r.Kind), f)
	t := &text{parts: []string{s.Title}}
	if fn, ok := oldKindSummaries[domain.Kind(r.Kind)]; ok {
		fn(f, &s, t)
	}
	s.Parties = uniqueSorted(s.Parties)
	s.Words = wordsOf(t.parts...)
	return s
}

func oldTitle(k domain.Kind, fields map[string]json.RawMessage) string {
	str := func(name string) string { return oldJSONString(fields[name]) }
	switch k {
	case domain.KindParty:
		return str("name")
	case domain.KindFramework:
		if c := str("code"); c != "" {
			return c + " — " + str("title")
		}
	case domain.KindIntervention:
		return ""
	}
	return str("title")
}

func oldParts(k domain.Kind, fields map[string]json.RawMessage) *TitleParts {
	if k != domain.KindIntervention {
		return nil
	}
	return &TitleParts{Speaker: oldJSONString(fields["speaker"]), Session: oldJSONString(fields["session"])}
}
