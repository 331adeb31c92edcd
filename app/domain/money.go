package domain

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Money: amounts are recorded in the currency they were given in, and added up per currency
// and per state, never converted (no exchange rates are recorded). See docs/model.md.

// Currency is one ISO 4217 currency: the table is generated from Debian's iso-codes with the
// minor units of golang.org/x/text/currency (CLDR).
type Currency struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	NameFR   string `json:"name_fr"`
	Decimals int    `json:"decimals"` // digits after the decimal point an amount may have
}

// MaxAmount bounds an amount in any currency: a million billion, more than any commitment.
// A currency with minor units has a lower bound (maxAmountIn).
const MaxAmount = 1e15

// maxAmountIn is the largest amount in the currency c that a float64 holds exactly to its
// minor unit: an amount and its minor units make at most 15 significant digits, which every
// float64 reads back as written (10,000 billion euros to the cent, 1,000 billion Tunisian
// dinars to the millime). Past it, a JSON number such as 999999999999999.99 would be stored
// as 1000000000000000, silently.
func maxAmountIn(c Currency) float64 { return MaxAmount / math.Pow10(c.Decimals) }

var currencyByCode = func() map[string]Currency {
	m := make(map[string]Currency, len(currencies))
	for _, c := range currencies {
		m[c.Code] = c
	}
	return m
}()

// Currencies returns the ISO 4217 currencies a commitment may be recorded in, by code.
func Currencies() []Currency { return append([]Currency(nil), currencies...) }

// CurrencyByCode finds a currency by its exact ISO 4217 code ("EUR").
func CurrencyByCode(code string) (Currency, bool) {
	c, ok := currencyByCode[code]
	return c, ok
}

// CurrencyProblem is the problem of a currency code that is not ISO 4217. The franc CFA by
// its everyday name ("FCFA", "F CFA", "CFA") is two currencies, XOF (BCEAO, West Africa) and
// XAF (BEAC, Central Africa), at the same parity but not interchangeable: the message names
// both and lets the writer choose, never guessing one.
func CurrencyProblem(value string) Problem {
	if isFrancCFA(value) {
		return P("currency_cfa", "value", value)
	}
	return P("currency", "value", value)
}

// isFrancCFA tells the everyday names of the franc CFA, in any case, with spaces, dots or
// hyphens between the letters ("F.CFA", "franc CFA", "FCFA").
func isFrancCFA(v string) bool {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(v)))
	switch s {
	case "CFA", "FCFA", "CFAF", "FRANCCFA", "FRANCSCFA":
		return true
	}
	return false
}

// AmountText writes an amount as the shortest decimal that reads back as the same number:
// amounts are stored as JSON numbers, and 1234567.89 comes back as "1234567.89".
func AmountText(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// figureText writes a number a rule refused as its writer typed it, in digits
// (10000000000000000, not 1e+16); past 10²¹, which only a slip or a forgery reaches, in
// e-notation (1e+300), which stays short.
func figureText(v any) string {
	f, ok := v.(float64)
	if !ok || math.Abs(f) >= 1e21 {
		return fmt.Sprint(v)
	}
	return AmountText(f)
}

// decimals counts the digits after the point of an amount as written by AmountText.
func decimals(v float64) int {
	s := AmountText(v)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// validAmount is the rule of the amount tag: a finite number from 0 to MaxAmount.
func validAmount(v float64) bool { return !math.IsNaN(v) && v >= 0 && v <= MaxAmount }

// MaxIndicatorValue bounds an indicator's baseline, target and values, above and below zero:
// the bound of an amount, since an indicator may count euros as well as people (eight billion)
// or a percentage. Past it a figure is a slip or a forgery, and it prints as 1e+300.
// Negative figures are allowed: the unit is free text, and a change ("-30 % irregular
// arrivals") or a balance (net migration) is negative. See docs/model.md, "Indicators".
const MaxIndicatorValue = MaxAmount

// validIndicatorValue is the rule of the indicator_value tag: a finite number from
// -MaxIndicatorValue to MaxIndicatorValue.
func validIndicatorValue(v float64) bool { return math.Abs(v) <= MaxIndicatorValue }

// MoneyTotal is the sum of the amounts in one currency at one state.
type MoneyTotal struct {
	Currency    string      `json:"currency"`
	State       string      `json:"state"`
	Amount      json.Number `json:"amount"`                // exact decimal sum
	Commitments int         `json:"commitments,omitempty"` // how many commitments the amounts come from
}

// Totals adds amounts exactly (big.Rat over their decimal text), per currency and state.
type Totals struct {
	sums map[[2]string]*big.Rat
	from map[[2]string]map[string]bool
}

// Add adds an amount in a currency at a state, from a commitment (id, or "" to count
// nothing). Amounts that are not decimals are ignored.
func (t *Totals) Add(currency, state, amount, from string) {
	r, ok := new(big.Rat).SetString(amount)
	if !ok || currency == "" {
		return
	}
	if t.sums == nil {
		t.sums, t.from = map[[2]string]*big.Rat{}, map[[2]string]map[string]bool{}
	}
	k := [2]string{currency, state}
	if t.sums[k] == nil {
		t.sums[k], t.from[k] = new(big.Rat), map[string]bool{}
	}
	t.sums[k].Add(t.sums[k], r)
	if from != "" {
		t.from[k][from] = true
	}
}

// AddFunding adds every entry of a commitment's funding list.
func (t *Totals) AddFunding(fs []Funding, from string) {
	for _, f := range fs {
		if f.Amount != nil {
			t.Add(f.Currency, f.State, AmountText(*f.Amount), from)
		}
	}
}

// Empty reports whether nothing was added.
func (t *Totals) Empty() bool { return len(t.sums) == 0 }

// List returns the totals by currency code, then by state in the order of FundingStates.
func (t *Totals) List() []MoneyTotal {
	out := make([]MoneyTotal, 0, len(t.sums))
	for k, r := range t.sums {
		out = append(out, MoneyTotal{Currency: k[0], State: k[1], Amount: json.Number(ratText(r)), Commitments: len(t.from[k])})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Currency != out[j].Currency {
			return out[i].Currency < out[j].Currency
		}
		return stateRank(out[i].State) < stateRank(out[j].State)
	})
	return out
}

// ratText writes an exact sum of decimals as a decimal without trailing zeros.
func ratText(r *big.Rat) string {
	s := r.FloatString(6) // sums of amounts with at most 4 decimals are exact at 6
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func stateRank(s string) int {
	for i, o := range FundingStates {
		if o.Value == s {
			return i
		}
	}
	return len(FundingStates)
}
