package domain

// The typed records. Their struct tags are the single source of the schema: `json` names the
// field everywhere (CLI, CSV, UI, store), `validate` holds the per-field rules, and `dossier`
// marks set-valued fields ("set"), references ("ref=KIND") and how the UI edits a field.

// Party is a country, organisation or institution that takes part in partnerships.
type Party struct {
	Name    string `json:"name" validate:"required,max=200"`
	Type    string `json:"type" validate:"required,enum=party_type"`
	ISO3    string `json:"iso3" validate:"omitempty,iso3"`
	Acronym string `json:"acronym" validate:"max=40"`
	Region  string `json:"region" validate:"max=120"`
	Notes   string `json:"notes" validate:"max=20000" dossier:"long"`
}

// Framework is a policy framework with numbered items, such as the GCM objectives.
type Framework struct {
	Code    string          `json:"code" validate:"required,max=40,code"`
	Title   string          `json:"title" validate:"required,max=300"`
	Adopted string          `json:"adopted" validate:"omitempty,date"`
	Items   []FrameworkItem `json:"items" validate:"max=500,dive"`
}

// PartyRole ties a party to a partnership with a coded role (IATI-style).
type PartyRole struct {
	Party string `json:"party" validate:"required,uuid" dossier:"ref=party"`
	Role  string `json:"role" validate:"required,enum=party_role"`
}

// Partnership is a bilateral, regional or multilateral relationship or dialogue.
type Partnership struct {
	Title          string      `json:"title" validate:"required,max=300"`
	Type           string      `json:"type" validate:"required,enum=partnership_type"`
	Parties        []PartyRole `json:"parties" validate:"max=500,dive" dossier:"set"`
	FrameworkItems []string    `json:"framework_items" validate:"max=200,dive,framework_item" dossier:"set"`
	Themes         []string    `json:"themes" validate:"dive,enum=theme" dossier:"set"`
	Status         string      `json:"status" validate:"required,enum=partnership_status"`
	Start          string      `json:"start" validate:"omitempty,date"`
	End            string      `json:"end" validate:"omitempty,date"`
	Summary        string      `json:"summary" validate:"max=20000" dossier:"long"`
}

// Indicator measures a commitment: the promise (baseline, target) kept apart from delivery (actual as of a date).
type Indicator struct {
	Name     string   `json:"name" validate:"required,max=200"`
	Unit     string   `json:"unit" validate:"max=60"`
	Baseline *float64 `json:"baseline,omitempty"`
	Target   *float64 `json:"target,omitempty"`
	Actual   *float64 `json:"actual,omitempty"`
	AsOf     string   `json:"as_of,omitempty" validate:"omitempty,date"`
	Since    string   `json:"since,omitempty" validate:"omitempty,date"`
	Note     string   `json:"note,omitempty" validate:"max=300"`
}

// Commitment is a promise made by parties towards other parties.
type Commitment struct {
	Title          string      `json:"title" validate:"required,max=300"`
	Text           string      `json:"text" validate:"max=20000" dossier:"long"`
	Partnership    string      `json:"partnership" validate:"omitempty,uuid" dossier:"ref=partnership"`
	CommittedBy    []string    `json:"committed_by" validate:"max=200,dive,uuid" dossier:"set,ref=party"`
	Towards        []string    `json:"towards" validate:"max=200,dive,uuid" dossier:"set,ref=party"`
	Type           string      `json:"type" validate:"omitempty,enum=commitment_type"`
	Themes         []string    `json:"themes" validate:"dive,enum=theme" dossier:"set"`
	FrameworkItems []string    `json:"framework_items" validate:"max=200,dive,framework_item" dossier:"set"`
	Status         string      `json:"status" validate:"required,enum=commitment_status"`
	Due            string      `json:"due" validate:"omitempty,date"`
	SourceMeeting  string      `json:"source_meeting" validate:"omitempty,uuid" dossier:"ref=meeting"`
	SourceDocument string      `json:"source_document" validate:"max=500"`
	Indicators     []Indicator `json:"indicators" validate:"max=100,dive"`
	Marking        string      `json:"marking" validate:"max=80"`
}

// Session is a part of a meeting, such as "Roundtable 4", 13:30–15:10.
type Session struct {
	Title string `json:"title" validate:"required,max=200"`
	Start string `json:"start" validate:"omitempty,datetime"`
	End   string `json:"end" validate:"omitempty,datetime"`
}

// Meeting is a dated gathering with sessions.
type Meeting struct {
	Title        string    `json:"title" validate:"required,max=300"`
	Series       string    `json:"series" validate:"max=200"`
	Start        string    `json:"start" validate:"required,datetime"`
	End          string    `json:"end" validate:"omitempty,datetime"`
	TimeZone     string    `json:"time_zone" validate:"omitempty,timezone"`
	Venue        string    `json:"venue" validate:"max=200"`
	Organiser    string    `json:"organiser" validate:"omitempty,uuid" dossier:"ref=party"`
	Participants []string  `json:"participants" validate:"max=500,dive,uuid" dossier:"set,ref=party"`
	Sessions     []Session `json:"sessions" validate:"max=200,dive"`
}

// Intervention is what a speaker said at a meeting on behalf of parties, as ordered points.
type Intervention struct {
	Meeting     string   `json:"meeting" validate:"required,uuid" dossier:"ref=meeting"`
	Session     string   `json:"session" validate:"max=200"`
	OnBehalfOf  []string `json:"on_behalf_of" validate:"max=100,dive,uuid" dossier:"set,ref=party"`
	Speaker     string   `json:"speaker" validate:"max=200"`
	Points      []string `json:"points" validate:"max=500,dive,required,max=5000" dossier:"long"`
	Commitments []string `json:"commitments" validate:"max=500,dive,uuid" dossier:"set,ref=commitment"`
	Countries   []string `json:"countries" validate:"max=300,dive,iso3" dossier:"set"`
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
