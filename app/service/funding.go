package service

import (
	"encoding/json"
	"strings"

	"dossier/app/domain"
	"dossier/app/store"
)

// Funding adds up the money recorded on commitments, per currency and per state, never
// converting between currencies (docs/model.md).
type Funding struct{ App *App }

// Amount is one total of a commitment in a list row.
type Amount struct {
	Currency string      `json:"currency"`
	State    string      `json:"state"`
	Amount   json.Number `json:"amount"`
}

// FundingTotalsView is the money of the commitments a query selects.
type FundingTotalsView struct {
	Commitments int                 `json:"commitments"` // commitments selected
	Funded      int                 `json:"funded"`      // of which with funding recorded
	Totals      []domain.MoneyTotal `json:"totals"`
}

// Totals adds up the funding of the live commitments a query selects (its kind is
// commitment whatever is given; paging is ignored), e.g. {partnership: ID} for a
// partnership's totals. It reads the index only.
func (f *Funding) Totals(query Query) (*FundingTotalsView, error) {
	q := store.Query(query)
	q.Kind, q.Offset, q.Limit, q.Sort = string(domain.KindCommitment), 0, 0, ""
	q, err := (&Records{App: f.App}).checkQuery(q)
	if err != nil {
		return nil, err
	}
	// Every match, unsorted (Store.Each): the dashboard asks for these totals before its
	// first screen, and a page of all commitments sorted by title was most of its cost.
	v := &FundingTotalsView{}
	var t domain.Totals
	f.App.Store.Each(q, func(s store.Summary) {
		v.Commitments++
		if len(s.Funding) > 0 {
			v.Funded++
		}
		addSummaryFunding(&t, s)
	})
	v.Totals = t.List()
	return v, nil
}

// addSummaryFunding adds a commitment's totals as the index keeps them.
func addSummaryFunding(t *domain.Totals, s store.Summary) {
	for _, e := range s.Funding {
		if cur, state, amount, ok := store.FundingTotal(e); ok {
			t.Add(cur, state, amount, s.ID)
		}
	}
}

// amounts turns a commitment's index totals into list-row amounts.
func amounts(s store.Summary) []Amount {
	var out []Amount
	for _, e := range s.Funding {
		if cur, state, amount, ok := store.FundingTotal(e); ok {
			out = append(out, Amount{Currency: cur, State: state, Amount: json.Number(amount)})
		}
	}
	return out
}

// checkCurrency normalises a currency filter and refuses codes outside ISO 4217.
func checkCurrency(code string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(code))
	if _, ok := domain.CurrencyByCode(c); !ok {
		return "", InvalidP("currency", domain.CurrencyProblem(code))
	}
	return c, nil
}
