package domain

// The typed records. Their struct tags are the single source of the schema: `json` names the
// field everywhere (CLI, CSV, UI, store), `validate` holds the per-field rules, and `dossier`
// marks set-valued fields ("set"), references ("ref=KIND") and how the UI edits a field.

// Party is a country, organisation or institution that takes part in partnerships.
type Party struct {
	Name    string `json:"name" validate:"required,notblank,max=200"`
	Type    string `json:"type" validate:"required,notblank,enum=party_type"`
	ISO3    string `json:"iso3" validate:"omitempty,iso3"`
	Acronym string `json:"acronym" validate:"max=40"`
	Region  string `json:"region" validate:"max=120"`
	Notes   string `json:"notes" validate:"max=20000" dossier:"long"`
	// Contacts are the party's contact points, printed in the briefs of its country.
	Contacts []Contact `json:"contacts,omitempty" validate:"max=50,dive"`
	// Attachments are the files the record carries (docs/storage.md, "Files").
	Attachments []Attachment `json:"attachments" validate:"max=200,dive" dossier:"set,files"`
}

// Contact is one contact point of a party: who to reach about it, and how.
type Contact struct {
	Name     string `json:"name" validate:"required,notblank,max=200"`
	Function string `json:"function,omitempty" validate:"max=200"` // the post they hold: "Director of migration"
	Email    string `json:"email,omitempty" validate:"omitempty,max=254,email_address"`
	Phone    string `json:"phone,omitempty" validate:"omitempty,max=40,phone"`
}

// Framework is a policy framework with numbered items, such as the GCM objectives.
type Framework struct {
	Code    string          `json:"code" validate:"required,notblank,max=40,code"`
	Title   string          `json:"title" validate:"required,notblank,max=300"`
	Adopted string          `json:"adopted" validate:"omitempty,date"`
	Items   []FrameworkItem `json:"items" validate:"max=500,dive"`
	// Attachments are the files the record carries (docs/storage.md, "Files").
	Attachments []Attachment `json:"attachments" validate:"max=200,dive" dossier:"set,files"`
}

// PartyRole ties a party to a partnership with a coded role (IATI-style).
type PartyRole struct {
	Party string `json:"party" validate:"required,notblank,uuid" dossier:"ref=party"`
	Role  string `json:"role" validate:"required,notblank,enum=party_role"`
}

// Partnership is a bilateral, regional or multilateral relationship or dialogue.
type Partnership struct {
	Title          string      `json:"title" validate:"required,notblank,max=300"`
	Type           string      `json:"type" validate:"required,notblank,enum=partnership_type"`
	Parties        []PartyRole `json:"parties" validate:"max=500,dive" dossier:"set"`
	FrameworkItems []string    `json:"framework_items" validate:"max=200,dive,framework_item" dossier:"set"`
	Themes         []string    `json:"themes" validate:"dive,enum=theme" dossier:"set"`
	Status         string      `json:"status" validate:"required,notblank,enum=partnership_status"`
	Start          string      `json:"start" validate:"omitempty,date"`
	End            string      `json:"end" validate:"omitempty,date"`
	Summary        string      `json:"summary" validate:"max=20000" dossier:"long"`
	Source         string      `json:"source" validate:"max=500"`
	// Attachments are the files the record carries (docs/storage.md, "Files").
	Attachments []Attachment `json:"attachments" validate:"max=200,dive" dossier:"set,files"`
}

// Indicator measures a commitment: the promise (baseline, target) kept apart from delivery,
// the values measured over time (a series: one value per date, and per country when the
// commitment concerns several). The single actual and as_of of earlier versions are still
// accepted: they are one more value of the series, for no country in particular (Series).
type Indicator struct {
	Name     string           `json:"name" validate:"required,notblank,max=200"`
	Unit     string           `json:"unit" validate:"max=60"`
	Baseline *float64         `json:"baseline,omitempty" validate:"omitempty,indicator_value"`
	Target   *float64         `json:"target,omitempty" validate:"omitempty,indicator_value"`
	Actual   *float64         `json:"actual,omitempty" validate:"omitempty,indicator_value"`
	AsOf     string           `json:"as_of,omitempty" validate:"omitempty,date"`
	Values   []IndicatorValue `json:"values,omitempty" validate:"max=500,dive"`
	Since    string           `json:"since,omitempty" validate:"omitempty,date"`
	Source   string           `json:"source,omitempty" validate:"max=500"`
	Note     string           `json:"note,omitempty" validate:"max=300"`
}

// IndicatorValue is one measured value of an indicator: how much, as of when, and for which
// party (usually a country) when the commitment concerns several.
type IndicatorValue struct {
	Actual  *float64 `json:"actual" validate:"required,indicator_value"`
	AsOf    string   `json:"as_of" validate:"required,notblank,date"`
	Country string   `json:"country,omitempty" validate:"omitempty,uuid" dossier:"ref=party"`
	Note    string   `json:"note,omitempty" validate:"max=300"`
}

// Series returns every value of the indicator, the legacy single actual (if any) first, as
// given: callers sort by date.
func (in Indicator) Series() []IndicatorValue {
	var out []IndicatorValue
	if in.Actual != nil {
		out = append(out, IndicatorValue{Actual: in.Actual, AsOf: in.AsOf})
	}
	return append(out, in.Values...)
}

// Funding is an amount of money a commitment puts up, in the currency it was given in, at
// one state (pledged, committed, contracted, disbursed) as of a date, optionally for one
// party (usually the country it goes to). A commitment lists several: the pledge and what
// was disbursed of it, tranches, or the split between countries.
type Funding struct {
	Amount     *float64 `json:"amount" validate:"required,amount"`
	Currency   string   `json:"currency" validate:"required,notblank,currency"`
	Instrument string   `json:"instrument,omitempty" validate:"omitempty,enum=funding_instrument"`
	State      string   `json:"state" validate:"required,notblank,enum=funding_state"`
	AsOf       string   `json:"as_of,omitempty" validate:"omitempty,date"`
	Country    string   `json:"country,omitempty" validate:"omitempty,uuid" dossier:"ref=party"`
	Source     string   `json:"source,omitempty" validate:"max=500"`
}

// Commitment is a promise made by parties towards other parties.
type Commitment struct {
	Title          string      `json:"title" validate:"required,notblank,max=300"`
	Text           string      `json:"text" validate:"max=20000" dossier:"long"`
	Partnership    string      `json:"partnership" validate:"omitempty,uuid" dossier:"ref=partnership"`
	CommittedBy    []string    `json:"committed_by" validate:"max=200,dive,uuid" dossier:"set,ref=party"`
	Towards        []string    `json:"towards" validate:"max=200,dive,uuid" dossier:"set,ref=party"`
	Type           string      `json:"type" validate:"omitempty,enum=commitment_type"`
	Themes         []string    `json:"themes" validate:"dive,enum=theme" dossier:"set"`
	FrameworkItems []string    `json:"framework_items" validate:"max=200,dive,framework_item" dossier:"set"`
	Status         string      `json:"status" validate:"required,notblank,enum=commitment_status"`
	Due            string      `json:"due" validate:"omitempty,date"`
	Funding        []Funding   `json:"funding" validate:"max=200,dive"`
	SourceMeeting  string      `json:"source_meeting" validate:"omitempty,uuid" dossier:"ref=meeting"`
	SourceDocument string      `json:"source_document" validate:"max=500"`
	Indicators     []Indicator `json:"indicators" validate:"max=100,dive"`
	Marking        string      `json:"marking" validate:"max=80"`
	// Attachments are the files the record carries (docs/storage.md, "Files").
	Attachments []Attachment `json:"attachments" validate:"max=200,dive" dossier:"set,files"`
}

// Session is a part of a meeting, such as "Roundtable 4", 13:30–15:10.
type Session struct {
	Title string `json:"title" validate:"required,notblank,max=200"`
	Start string `json:"start" validate:"omitempty,datetime"`
	End   string `json:"end" validate:"omitempty,datetime"`
}

// Meeting is a dated gathering with sessions. Start and end are dates (an all-day meeting,
// the end day included) or dates and times with an offset, both of the same sort.
type Meeting struct {
	Title        string    `json:"title" validate:"required,notblank,max=300"`
	Series       string    `json:"series" validate:"max=200"`
	Partnership  string    `json:"partnership" validate:"omitempty,uuid" dossier:"ref=partnership"`
	Start        string    `json:"start" validate:"required,notblank,date_or_datetime"`
	End          string    `json:"end" validate:"omitempty,date_or_datetime"`
	TimeZone     string    `json:"time_zone" validate:"omitempty,timezone"`
	Venue        string    `json:"venue" validate:"max=200"`
	Organiser    string    `json:"organiser" validate:"omitempty,uuid" dossier:"ref=party"`
	Participants []string  `json:"participants" validate:"max=500,dive,uuid" dossier:"set,ref=party"`
	Sessions     []Session `json:"sessions" validate:"max=200,dive"`
	Outcome      string    `json:"outcome" validate:"max=20000" dossier:"long"`
	// Attachments are the files the record carries (docs/storage.md, "Files").
	Attachments []Attachment `json:"attachments" validate:"max=200,dive" dossier:"set,files"`
}

// Intervention is what a speaker said at a meeting on behalf of parties, as ordered points.
type Intervention struct {
	Meeting     string   `json:"meeting" validate:"required,notblank,uuid" dossier:"ref=meeting"`
	Session     string   `json:"session" validate:"max=200"`
	OnBehalfOf  []string `json:"on_behalf_of" validate:"max=100,dive,uuid" dossier:"set,ref=party"`
	Speaker     string   `json:"speaker" validate:"max=200"`
	Points      []string `json:"points" validate:"max=500,dive,required,notblank,max=5000" dossier:"long"`
	Commitments []string `json:"commitments" validate:"max=500,dive,uuid" dossier:"set,ref=commitment"`
	Countries   []string `json:"countries" validate:"max=300,dive,iso3" dossier:"set"`
	// Attachments are the files the record carries (docs/storage.md, "Files").
	Attachments []Attachment `json:"attachments" validate:"max=200,dive" dossier:"set,files"`
}

// newRecord returns a pointer to the zero typed record of a kind.
func newRecord(k Kind) any {
	switch k {
	case KindParty:
		return &Party{}
	case KindFramework:
		return &Framework{}
	case KindPartnership:
		return &Partnership{}
	case KindCommitment:
		return &Commitment{}
	case KindMeeting:
		return &Meeting{}
	case KindIntervention:
		return &Intervention{}
	}
	return nil
}
