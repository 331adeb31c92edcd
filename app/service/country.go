package service

import (
	"math"
	"sort"

	"dossier/app/brief"
	"dossier/app/domain"
	"dossier/app/internal/collation"
	"dossier/app/store"
)

// Country is a country page: everything the records say about one country.
type Country struct{ App *App }

// CommitmentSides splits a country's commitments by who made them.
type CommitmentSides struct {
	By    []ItemView `json:"by"`
	To    []ItemView `json:"to"`
	Joint []ItemView `json:"joint"`
}

// TalkingPointsView is one intervention's points relevant to a country, chosen as the brief
// chooses them (domain.CountryScope): why it concerns the country (on_behalf, mentions,
// tagged), and the points with their numbers in the intervention.
type TalkingPointsView struct {
	Intervention string `json:"intervention"`
	Meeting      string `json:"meeting"`
	MeetingTitle string `json:"meeting_title"`
	// Date and EndDay are the meeting's first and last days in its own time zone, the days
	// the brief writes ("13–14 December 2022", brief.MeetingDays); empty without a meeting.
	Date    string   `json:"date"`
	EndDay  string   `json:"end_day,omitempty"`
	Speaker string   `json:"speaker"`
	Session string   `json:"session"`
	Why     string   `json:"why"`
	Points  []string `json:"points"`
	Numbers []int    `json:"numbers"`
}

// IndicatorView is one indicator of a commitment involving the country, with the values that
// are the country's (docs/model.md, "attribution"): Actual and AsOf are the latest of them.
type IndicatorView struct {
	Commitment      string                  `json:"commitment"`
	CommitmentTitle string                  `json:"commitment_title"`
	Name            string                  `json:"name"`
	Unit            string                  `json:"unit,omitempty"`
	Baseline        *float64                `json:"baseline,omitempty"`
	Target          *float64                `json:"target,omitempty"`
	Actual          *float64                `json:"actual,omitempty"`
	AsOf            string                  `json:"as_of,omitempty"`
	Since           string                  `json:"since,omitempty"`
	Note            string                  `json:"note,omitempty"`
	Source          string                  `json:"source,omitempty"`
	Values          []domain.IndicatorValue `json:"values"`           // the country's values, oldest first
	Shared          bool                    `json:"shared,omitempty"` // the values are for several countries together
}

// FundingEntryView is one amount of a commitment, as a country page lists it.
type FundingEntryView struct {
	Commitment      string `json:"commitment"`
	CommitmentTitle string `json:"commitment_title"`
	domain.Funding
	Shared bool `json:"shared,omitempty"` // for several countries together, not split
}

// CountryFundingView is the money recorded for a country.
type CountryFundingView struct {
	Totals  []domain.MoneyTotal `json:"totals"`  // the country's, per currency and state
	Shared  []domain.MoneyTotal `json:"shared"`  // on commitments with other countries, not split between them
	Entries []FundingEntryView  `json:"entries"` // what the totals add up, latest first
}

// CountryPage is the data of a country page.
type CountryPage struct {
	Country       CountryView         `json:"country"`
	Parties       []ItemView          `json:"parties"`
	Partnerships  []ItemView          `json:"partnerships"`
	Roles         map[string]string   `json:"roles"`
	Commitments   CommitmentSides     `json:"commitments"`
	Meetings      []ItemView          `json:"meetings"`
	TalkingPoints []TalkingPointsView `json:"talking_points"`
	Indicators    []IndicatorView     `json:"indicators"`
	Funding       CountryFundingView  `json:"funding"`
	Conflicts     int                 `json:"conflicts"`
}

const countryTalkingPoints = 10

// read loads a record as its typed domain value with domain.Read, the reader the brief uses
// too: a record of another kind (or none) reads as an empty one.
func read[T any](st *store.Store, id string) (*T, error) {
	rec, err := st.Get(id)
	if err != nil {
		return nil, AsError(err)
	}
	v, _ := domain.Read(domain.Kind(rec.Kind), rec.Fields())
	if t, ok := v.(*T); ok {
		return t, nil
	}
	return new(T), nil
}

// Get assembles a country page from index queries and the records they find. The country is
// read as a brief reads it (domain.ReadCountry: a code alpha-3 or alpha-2, or a name whole,
// "tunisie"), since the page's address (#/country/…) is typed by people too; the page's
// Country is the country read. A text that is none is refused on "country", as a brief's.
func (c *Country) Get(country string) (*CountryPage, error) {
	ctry, err := domain.ReadCountry(country)
	if err != nil {
		return nil, briefError(err)
	}
	code := ctry.Alpha3
	st := c.App.Store
	prefs, err := (&Settings{App: c.App}).Prefs()
	if err != nil {
		return nil, err
	}
	all := func(q store.Query) []store.Summary {
		// Titles sort in the screens' language, as the lists do: the country's party records
		// by the names shown ("Tunisie" in French).
		q.Country, q.Limit, q.Lang = code, math.MaxInt32, prefs.Language
		return st.Query(q).Items
	}
	p := &CountryPage{Country: countryView(ctry), Parties: []ItemView{}, Partnerships: []ItemView{}, Roles: map[string]string{},
		Commitments: CommitmentSides{By: []ItemView{}, To: []ItemView{}, Joint: []ItemView{}}, Meetings: []ItemView{},
		TalkingPoints: []TalkingPointsView{}, Indicators: []IndicatorView{},
		Funding: CountryFundingView{Totals: []domain.MoneyTotal{}, Shared: []domain.MoneyTotal{}, Entries: []FundingEntryView{}}}
	count := func(s store.Summary) {
		if s.Conflicts > 0 {
			p.Conflicts++
		}
	}

	mine := map[string]bool{}
	for _, s := range all(store.Query{Kind: string(domain.KindParty), Sort: "title"}) {
		if s.ISO3 == code {
			mine[s.ID] = true
			p.Parties = append(p.Parties, itemView(s))
			count(s)
		}
	}
	at := attribution{code: code, mine: mine, st: st}
	onSide := map[string]bool{} // the country's commitments, on one of its sides
	var totals, shared domain.Totals

	for _, s := range all(store.Query{Kind: string(domain.KindPartnership), Sort: "title"}) {
		ps, err := read[domain.Partnership](st, s.ID)
		if err != nil {
			return nil, err
		}
		for _, pr := range ps.Parties {
			if mine[pr.Party] {
				p.Roles[s.ID] = pr.Role
				break
			}
		}
		p.Partnerships = append(p.Partnerships, itemView(s))
		count(s)
	}

	for _, s := range all(store.Query{Kind: string(domain.KindCommitment), Sort: "date"}) {
		cm, err := read[domain.Commitment](st, s.ID)
		if err != nil {
			return nil, err
		}
		iv := itemView(s)
		side := domain.CommitmentSide(cm, func(id string) bool { return mine[id] })
		onSide[s.ID] = side != domain.SideNone
		switch side {
		case domain.SideJoint:
			p.Commitments.Joint = append(p.Commitments.Joint, iv)
		case domain.SideBy:
			p.Commitments.By = append(p.Commitments.By, iv)
		case domain.SideTowards:
			p.Commitments.To = append(p.Commitments.To, iv)
		default:
			continue
		}
		count(s)
		involved := at.involved(cm)
		for _, in := range cm.Indicators {
			p.Indicators = append(p.Indicators, at.indicator(in, involved, s))
		}
		for _, f := range cm.Funding {
			switch at.scope(f.Country, involved) {
			case domain.ScopeCountry:
				totals.AddFunding([]domain.Funding{f}, s.ID)
				p.Funding.Entries = append(p.Funding.Entries, FundingEntryView{Commitment: s.ID, CommitmentTitle: s.Title, Funding: f})
			case domain.ScopeShared:
				shared.AddFunding([]domain.Funding{f}, s.ID)
				p.Funding.Entries = append(p.Funding.Entries, FundingEntryView{Commitment: s.ID, CommitmentTitle: s.Title, Funding: f, Shared: true})
			}
		}
	}
	p.Funding.Totals, p.Funding.Shared = totals.List(), shared.List()
	sort.SliceStable(p.Funding.Entries, func(i, j int) bool { return p.Funding.Entries[i].AsOf > p.Funding.Entries[j].AsOf })

	meetingDays := map[string]brief.Days{} // the country's meetings, read once for both panels
	for _, s := range all(store.Query{Kind: string(domain.KindMeeting), Sort: "-date"}) {
		// The days as the brief writes them, in the meeting's own time zone: the summary
		// keeps the start's date alone, which showed "5 March" for a meeting on 5–6 March.
		m, err := read[domain.Meeting](st, s.ID)
		if err != nil {
			return nil, err
		}
		iv := itemView(s)
		days := brief.MeetingDays(m)
		iv.Date, iv.EndDay = days.StartDay, days.EndDay
		p.Meetings = append(p.Meetings, iv)
		meetingDays[s.ID] = days
		count(s)
	}

	// Interventions that concern the country, by the brief's rule: on behalf of its parties,
	// naming it in their points, or tagged with it or one of its commitments.
	scope := &domain.CountryScope{ISO3: code, Names: st.CountryNames(), Party: func(id string) bool { return mine[id] },
		Commitment: func(id string) bool { return onSide[id] }}
	for _, s := range st.Query(store.Query{Kind: string(domain.KindIntervention), Limit: math.MaxInt32}).Items {
		in, err := read[domain.Intervention](st, s.ID)
		if err != nil {
			return nil, err
		}
		why, points := scope.Concern(in)
		if why == "" {
			continue
		}
		tp := TalkingPointsView{Intervention: s.ID, Meeting: in.Meeting, Speaker: in.Speaker, Session: in.Session, Why: why}
		for _, i := range points {
			tp.Points, tp.Numbers = append(tp.Points, in.Points[i]), append(tp.Numbers, i+1)
		}
		if m, ok := st.Summary(in.Meeting); ok && !m.Deleted {
			// The meeting's days as its panel above and the brief write them, not the
			// summary's start date alone ("13 Dec 2022" for a meeting on 13–14 December).
			days, known := meetingDays[in.Meeting]
			if !known {
				mt, err := read[domain.Meeting](st, in.Meeting)
				if err != nil {
					return nil, err
				}
				days = brief.MeetingDays(mt)
				meetingDays[in.Meeting] = days
			}
			tp.MeetingTitle, tp.Date, tp.EndDay = m.Title, days.StartDay, days.EndDay
		}
		p.TalkingPoints = append(p.TalkingPoints, tp)
		count(s)
	}
	sort.SliceStable(p.TalkingPoints, func(i, j int) bool {
		a, b := p.TalkingPoints[i], p.TalkingPoints[j]
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		return a.Intervention < b.Intervention
	})
	if len(p.TalkingPoints) > countryTalkingPoints {
		p.TalkingPoints = p.TalkingPoints[:countryTalkingPoints]
	}
	sort.SliceStable(p.Indicators, func(i, j int) bool { return p.Indicators[i].AsOf > p.Indicators[j].AsOf })
	return p, nil
}

// attribution decides which figures of a commitment are the country's (domain.FigureScope).
type attribution struct {
	code string
	mine map[string]bool
	st   *store.Store
}

// involved counts the countries (ISO3) of the parties a commitment is by, towards or has
// figures for (domain.Commitment.Involved).
func (a attribution) involved(cm *domain.Commitment) int {
	out := map[string]bool{}
	for _, id := range cm.Involved() {
		if s, ok := a.st.Summary(id); ok && s.ISO3 != "" && !s.Deleted {
			out[s.ISO3] = true
		}
	}
	return len(out)
}

func (a attribution) scope(party string, involved int) domain.Scope {
	return domain.FigureScope(party, func(id string) bool { return a.mine[id] }, involved)
}

// indicator keeps the country's values of an indicator, or the shared ones when it has none.
func (a attribution) indicator(in domain.Indicator, involved int, s store.Summary) IndicatorView {
	v := IndicatorView{Commitment: s.ID, CommitmentTitle: s.Title, Name: in.Name, Unit: in.Unit, Baseline: in.Baseline,
		Target: in.Target, Since: in.Since, Note: in.Note, Source: in.Source, Values: []domain.IndicatorValue{}}
	var mine, shared []domain.IndicatorValue
	for _, val := range in.Series() {
		switch a.scope(val.Country, involved) {
		case domain.ScopeCountry:
			mine = append(mine, val)
		case domain.ScopeShared:
			shared = append(shared, val)
		}
	}
	if len(mine) == 0 && len(shared) > 0 {
		mine, v.Shared = shared, true
	}
	sort.SliceStable(mine, func(i, j int) bool { return mine[i].AsOf < mine[j].AsOf })
	if len(mine) > 0 {
		v.Values = mine
		v.Actual, v.AsOf = mine[len(mine)-1].Actual, mine[len(mine)-1].AsOf
	}
	return v
}

// CountrySummary is one country that the records mention, with counts for the countries page.
type CountrySummary struct {
	CountryView
	Parties       int `json:"parties"`
	Partnerships  int `json:"partnerships"`
	Commitments   int `json:"commitments"`
	Meetings      int `json:"meetings"`
	Interventions int `json:"interventions"`
	// Funding is the money of the commitments involving the country, per currency and state,
	// as their lists show it: an amount of a commitment with several countries counts for
	// each of them (the map shades by it; the country page splits it, "for the country" and
	// "shared").
	Funding []domain.MoneyTotal `json:"funding"`
}

// List returns the countries that have records (a party with their code, or a record naming
// them), with how many live records of each kind involve them (interventions by the country
// page's rule, domain.Concerns), by name in the screens' language, as the screens show it
// ("Allemagne" before "Égypte" in French).
func (c *Country) List() ([]CountrySummary, error) {
	st := c.App.Store
	all := func(k domain.Kind) []store.Summary {
		return st.Query(store.Query{Kind: string(k), Limit: math.MaxInt32}).Items
	}
	byCode := map[string]*CountrySummary{}
	get := func(code string) *CountrySummary {
		if cs, ok := byCode[code]; ok {
			return cs
		}
		ctry, ok := domain.CountryByCode(code)
		if !ok {
			return nil
		}
		cs := &CountrySummary{CountryView: countryView(ctry)}
		byCode[code] = cs
		return cs
	}
	totals := map[string]*domain.Totals{}
	money := func(code string) *domain.Totals {
		if totals[code] == nil {
			totals[code] = &domain.Totals{}
		}
		return totals[code]
	}
	partyISO := map[string]string{}
	for _, s := range all(domain.KindParty) {
		if s.ISO3 == "" {
			continue
		}
		if cs := get(s.ISO3); cs != nil {
			partyISO[s.ID] = s.ISO3
			cs.Parties++
		}
	}
	for _, k := range []domain.Kind{domain.KindPartnership, domain.KindCommitment, domain.KindMeeting} {
		for _, s := range all(k) {
			seen := map[string]bool{}
			for _, p := range s.Parties {
				if code := partyISO[p]; code != "" {
					seen[code] = true
				}
			}
			for _, code := range s.Countries {
				seen[code] = true
			}
			for code := range seen {
				cs := get(code)
				if cs == nil {
					continue
				}
				switch k {
				case domain.KindPartnership:
					cs.Partnerships++
				case domain.KindCommitment:
					cs.Commitments++
					addSummaryFunding(money(code), s)
				case domain.KindMeeting:
					cs.Meetings++
				}
			}
		}
	}
	// Interventions count by the country page's rule (domain.Concerns), which reads their
	// points: the country's names, its parties' titles, its parties and its commitments. The
	// Interventions list's column and country filter take the same answer from the store.
	var ivs []string
	for _, s := range all(domain.KindIntervention) {
		ivs = append(ivs, s.ID)
	}
	ivCountries, err := st.InterventionCountries(ivs)
	if err != nil {
		return nil, AsError(err)
	}
	for _, codes := range ivCountries {
		for _, code := range codes {
			if cs := get(code); cs != nil {
				cs.Interventions++
			}
		}
	}
	out := make([]CountrySummary, 0, len(byCode))
	for code, cs := range byCode {
		cs.Funding = []domain.MoneyTotal{}
		if t := totals[code]; t != nil {
			cs.Funding = t.List()
		}
		out = append(out, *cs)
	}
	p, err := (&Settings{App: c.App}).Prefs()
	if err != nil {
		return nil, err
	}
	collation.SortBy(p.Language, out, func(cs CountrySummary) string {
		c, _ := domain.CountryByCode(cs.Alpha3)
		return c.NameIn(p.Language)
	})
	return out, nil
}
