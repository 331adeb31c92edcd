package service

import (
	"time"

	"dossier/app/domain"
	"dossier/app/store"
)

// Home is the dashboard: what needs attention across all records.
type Home struct {
	App *App
	Now func() time.Time // nil: time.Now
}

// KindCount counts the live records of a kind, by status (by type for parties).
type KindCount struct {
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status"`
}

// HomeView is the dashboard summary.
type HomeView struct {
	Today     string                    `json:"today"`
	Counts    map[domain.Kind]KindCount `json:"counts"`
	DueSoon   []ItemView                `json:"due_soon"`
	Overdue   []ItemView                `json:"overdue"`
	Stalled   []ItemView                `json:"stalled"`
	Recent    []ItemView                `json:"recent"`
	Conflicts int                       `json:"conflicts"`
	Breaking  int                       `json:"breaking"`      // records that break a rule as held (Records.Breaking)
	SetAside  []SetAsideView            `json:"set_aside"`     // imports set aside at open
	Funding   []domain.MoneyTotal       `json:"funding"`       // money of all live commitments, by currency and state
	ReadOnly  bool                      `json:"read_only"`     // opened read-only: the disk is nearly full
	SoonDays  int                       `json:"due_soon_days"` // the due-soon window, as the briefs use it
}

// DueSoonDays is how far ahead the dashboard looks for due commitments: the briefs' window.
const DueSoonDays = domain.DueSoonDays

// homeListMax is how many commitments each of the dashboard's lists shows; "See all" opens
// the whole list. Fifty per list made the dashboard 1,700 elements, most of the first screen's
// layout in the window (docs/performance.md, "Window speed").
const homeListMax = 10

const homeRecent = 15

var statusLists = map[domain.Kind][]domain.Option{
	domain.KindParty:       domain.PartyTypes,
	domain.KindPartnership: domain.PartnershipStatuses,
	domain.KindCommitment:  domain.CommitmentStatuses,
}

func openCommitment(status string) bool { return status != "delivered" && status != "withdrawn" }

// Summary computes the dashboard from index queries (no record is decoded).
func (h *Home) Summary() (*HomeView, error) {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	t := now()
	today := t.Format(time.DateOnly)
	st := h.App.Store
	v := &HomeView{Today: today, SoonDays: DueSoonDays, Counts: map[domain.Kind]KindCount{}, DueSoon: []ItemView{}, Overdue: []ItemView{},
		Stalled: []ItemView{}, Recent: []ItemView{}}
	sas, err := (&Admin{App: h.App}).SetAsides()
	if err != nil {
		return nil, err
	}
	v.SetAside, v.ReadOnly = sas, st.ReadOnly()
	for _, k := range domain.Kinds {
		kc := KindCount{Total: st.Query(store.Query{Kind: string(k), Limit: 1}).Total, ByStatus: map[string]int{}}
		for _, o := range statusLists[k] {
			if n := st.Query(store.Query{Kind: string(k), Status: o.Value, Limit: 1}).Total; n > 0 {
				kc.ByStatus[o.Value] = n
			}
		}
		v.Counts[k] = kc
	}
	commitment := string(domain.KindCommitment)
	v.DueSoon = openCommitments(st, store.Query{Kind: commitment, DateFrom: today, DateTo: t.AddDate(0, 0, DueSoonDays).Format(time.DateOnly), Sort: "date"})
	v.Overdue = openCommitments(st, store.Query{Kind: commitment, DateTo: t.AddDate(0, 0, -1).Format(time.DateOnly), Sort: "-date"})
	for _, s := range st.Query(store.Query{Kind: commitment, Status: "stalled", Sort: "date", Limit: homeListMax}).Items {
		v.Stalled = append(v.Stalled, itemView(s))
	}
	// Recent changes of the six record kinds only (internal records such as trust statements
	// are not shown), looking at most a few pages back.
	for off := 0; len(v.Recent) < homeRecent && off < 20*homeRecent; off += 2 * homeRecent {
		page := st.Query(store.Query{Sort: "-updated", Offset: off, Limit: 2 * homeRecent})
		for _, s := range page.Items {
			if _, ok := domain.ParseKind(s.Kind); ok && len(v.Recent) < homeRecent {
				v.Recent = append(v.Recent, itemView(s))
			}
		}
		if off+len(page.Items) >= page.Total {
			break
		}
	}
	ft, err := (&Funding{App: h.App}).Totals(Query{})
	if err != nil {
		return nil, err
	}
	v.Funding = ft.Totals
	v.Conflicts = st.Query(store.Query{Conflicted: true, Limit: 1}).Total +
		st.Query(store.Query{Conflicted: true, Deleted: true, Limit: 1}).Total
	v.Breaking = st.Query(store.Query{Breaking: true, Limit: 1}).Total
	return v, nil
}

// openCommitments is the first homeListMax open commitments of a query, read a few pages at a
// time: with 10,000 overdue commitments, one page of all of them made the dashboard, which the
// window waits for before its first screen, ten times slower (docs/performance.md).
func openCommitments(st *store.Store, q store.Query) []ItemView {
	out := []ItemView{}
	q.Limit = 2 * homeListMax
	for q.Offset = 0; ; q.Offset += q.Limit {
		page := st.Query(q)
		for _, s := range page.Items {
			if openCommitment(s.Status) && len(out) < homeListMax {
				out = append(out, itemView(s))
			}
		}
		if len(out) >= homeListMax || q.Offset+len(page.Items) >= page.Total || len(page.Items) == 0 {
			return out
		}
	}
}
