package service

import (
	"maps"
	"slices"
	"strings"

	"dossier/app/domain"
	"dossier/app/store"
)

// Count is one bar of a chart: a key (a status, a theme, a framework item, a month) and how
// many live commitments it counts.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// ChartsView is what the charts of Home and of a country page count, from the index only.
// Money is not here: the charts draw the totals the pages already have (HomeView.Funding,
// CountryFundingView.Totals), so a chart and the table beside it cannot disagree.
type ChartsView struct {
	Commitments int     `json:"commitments"`  // live commitments counted
	ByStatus    []Count `json:"by_status"`    // in the order of the status list; zeros left out
	ByTheme     []Count `json:"by_theme"`     // in the order of the theme list; zeros left out
	ByObjective []Count `json:"by_objective"` // GCM objectives, in their order; zeros left out
	// DueByMonth counts the open commitments (not delivered, not withdrawn) by the month
	// ("2026-03") they fall due in, oldest first; the screens choose the window they show.
	DueByMonth []Count `json:"due_by_month"`
}

// Charts counts the live commitments of the whole portfolio (country "") or of those
// involving a country (read by domain.ReadCountry: a code or a name), for the charts.
func (h *Home) Charts(country string) (*ChartsView, error) {
	q := store.Query{Kind: string(domain.KindCommitment)}
	if strings.TrimSpace(country) != "" {
		c, err := domain.ReadCountry(country) // as the country page reads its country
		if err != nil {
			return nil, briefError(err)
		}
		q.Country = c.Alpha3
	}
	status, theme, item, month := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	n := 0
	h.App.Store.Each(q, func(s store.Summary) {
		n++
		status[s.Status]++
		for _, t := range s.Themes {
			theme[t]++
		}
		for _, it := range s.Items {
			item[it]++
		}
		if len(s.Date) >= 7 && openCommitment(s.Status) {
			month[s.Date[:7]]++
		}
	})
	v := &ChartsView{Commitments: n, ByStatus: inOrder(domain.CommitmentStatuses, status),
		ByTheme: inOrder(domain.Themes, theme), ByObjective: []Count{}, DueByMonth: []Count{}}
	for _, it := range domain.GCMItems {
		if n := item[it.Code]; n > 0 {
			v.ByObjective = append(v.ByObjective, Count{Key: it.Code, N: n})
		}
	}
	for _, m := range slices.Sorted(maps.Keys(month)) {
		v.DueByMonth = append(v.DueByMonth, Count{Key: m, N: month[m]})
	}
	return v, nil
}

// inOrder lists the non-zero counts in the order of a closed list.
func inOrder(opts []domain.Option, n map[string]int) []Count {
	out := []Count{}
	for _, o := range opts {
		if n[o.Value] > 0 {
			out = append(out, Count{Key: o.Value, N: n[o.Value]})
		}
	}
	return out
}
