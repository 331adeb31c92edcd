package cli

import (
	"encoding/json"
	"testing"

	"dossier/app/domain"
	"dossier/app/service"
)

func TestAmountText(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		in   *float64
		want string
	}{
		{nil, "—"}, {f(0), "0"}, {f(999), "999"}, {f(1000), "1,000"}, {f(46300000), "46,300,000"},
		{f(1234.125), "1,234.125"}, {f(-530000), "-530,000"}, {f(-53), "-53"}, {f(0.5), "0.5"},
	} {
		if got := amountText(c.in); got != c.want {
			t.Errorf("amountText(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFundingAndIndicatorLines(t *testing.T) {
	n := func(v float64) *float64 { return &v }
	named := func(id string) string { return "Niger (" + id + ")" }
	got := fundingLines([]domain.Funding{
		{Amount: n(1234.5), Currency: "TND", State: "disbursed"},
		{Amount: n(2e6), Currency: "EUR", State: "pledged", Instrument: "grant", AsOf: "2025-01-31", Country: "x", Source: "MoU"},
	}, named)
	want := []string{"TND 1,234.5 disbursed", "EUR 2,000,000 pledged, grant, as of 2025-01-31, for Niger (x); source: MoU"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("funding lines %q, want %q", got, want)
	}
	got = indicatorLines([]domain.Indicator{{Name: "Returns", Unit: "people", Target: n(100), Actual: n(5), AsOf: "2020-01-01",
		Values: []domain.IndicatorValue{{Actual: n(7), AsOf: "2021-01-01", Country: "x"}}}}, named)
	want = []string{"Returns (people): target 100", "  7 as of 2021-01-01, Niger (x)", "  5 as of 2020-01-01"}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("indicator lines %q, want %q", got, want)
	}
}

func TestFundingCell(t *testing.T) {
	a := func(cur, state, n string) service.Amount {
		return service.Amount{Currency: cur, State: state, Amount: json.Number(n)}
	}
	for _, c := range []struct {
		in   []service.Amount
		want string
	}{
		{nil, ""},
		{[]service.Amount{a("EUR", "pledged", "90000000"), a("EUR", "disbursed", "58000000.5"), a("EUR", "committed", "1")}, "EUR 58,000,000.5 disbursed"},
		{[]service.Amount{a("USD", "committed", "12500000"), a("EUR", "disbursed", "1"), a("XOF", "pledged", "5")}, "USD 12,500,000 committed (+2 currencies)"},
	} {
		if got := fundingCell(c.in); got != c.want {
			t.Errorf("fundingCell(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
