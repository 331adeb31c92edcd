package domain

// Kind names a record kind. The same words are used in the CLI, CSV, UI and store.
type Kind string

const (
	KindParty        Kind = "party"
	KindFramework    Kind = "framework"
	KindPartnership  Kind = "partnership"
	KindCommitment   Kind = "commitment"
	KindMeeting      Kind = "meeting"
	KindIntervention Kind = "intervention"
)

// Kinds lists every record kind in the order the UI presents them.
var Kinds = []Kind{KindParty, KindFramework, KindPartnership, KindCommitment, KindMeeting, KindIntervention}

// ParseKind accepts a kind name.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Option is one value of a closed list with its English label.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// The closed lists. Values are stable identifiers; labels are for people.
var (
	PartyTypes = []Option{
		{"country", "Country"},
		{"regional_organisation", "Regional organisation"},
		{"international_organisation", "International organisation"},
		{"eu_institution", "EU institution or service"},
		{"civil_society", "Civil society"},
		{"other", "Other"},
	}
	PartnershipTypes = []Option{
		{"bilateral", "Bilateral"},
		{"regional_dialogue", "Regional dialogue"},
		{"continental", "Continental"},
		{"multilateral", "Multilateral"},
		{"task_force", "Task force"},
		{"fund", "Fund"},
	}
	PartyRoles = []Option{
		{"lead", "Lead"},
		{"member", "Member"},
		{"observer", "Observer"},
		{"funding", "Funding"},
		{"implementing", "Implementing"},
	}
	PartnershipStatuses = []Option{
		{"exploratory", "Exploratory"},
		{"active", "Active"},
		{"suspended", "Suspended"},
		{"concluded", "Concluded"},
	}
	CommitmentTypes = []Option{
		{"capacity_building", "Capacity building"},
		{"funding", "Funding"},
		{"policy", "Policy"},
		{"legal", "Legal"},
		{"operational", "Operational"},
		{"dialogue", "Dialogue"},
		{"data", "Data"},
	}
	CommitmentStatuses = []Option{
		{"proposed", "Proposed"},
		{"agreed", "Agreed"},
		{"in_progress", "In progress"},
		{"delivered", "Delivered"},
		{"stalled", "Stalled"},
		{"withdrawn", "Withdrawn"},
	}
	// FundingInstruments say how money is given (after the OECD DAC and IATI finance types,
	// in the words of the seed portfolio).
	FundingInstruments = []Option{
		{"grant", "Grant"},
		{"loan", "Loan"},
		{"budget_support", "Budget support"},
		{"guarantee", "Guarantee"},
		{"trust_fund_contribution", "Trust-fund contribution"},
		{"in_kind", "In kind"},
	}
	// FundingStates say how far an amount has gone, in order: pledged (announced), committed
	// (decided by the donor), contracted (signed with an implementer), disbursed (paid).
	FundingStates = []Option{
		{"pledged", "Pledged"},
		{"committed", "Committed"},
		{"contracted", "Contracted"},
		{"disbursed", "Disbursed"},
	}
	// Themes is the closed list drawn from the seed document.
	Themes = []Option{
		{"saving_lives_at_sea", "Saving lives at sea and search and rescue"},
		{"human_rights", "Human rights of migrants"},
		{"evidence_based_governance", "Evidence-based migration governance"},
		{"migrant_smuggling", "Migrant smuggling"},
		{"trafficking", "Trafficking in human beings"},
		{"border_management", "Border management"},
		{"visa_facilitation", "Visa facilitation"},
		{"legal_migration_mobility", "Legal and circular migration and mobility"},
		{"return_readmission_reintegration", "Return, readmission and reintegration"},
		{"root_causes", "Root causes of irregular migration and forced displacement"},
		{"asylum_reception", "Asylum and reception"},
		{"labour_exploitation_discrimination", "Labour exploitation and discrimination"},
		{"alternatives_to_detention", "Alternatives to detention"},
	}
)

func values(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Value
	}
	return out
}

func hasValue(opts []Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// Label returns the English label of a value in a closed list, or the value itself.
func Label(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// DueSoonDays is the one "due soon" window, in days from today, for Home and the briefs alike.
const DueSoonDays = 90
