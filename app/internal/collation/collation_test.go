package collation

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

func sorted(lang string, in []string) []string {
	c := Get(lang)
	defer c.Release()
	out := slices.Clone(in)
	slices.SortStableFunc(out, c.Compare)
	return out
}

func TestOrderInEnglishAndFrench(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		got := sorted(lang, []string{"Cyprus", "Zambia", "Côte d'Ivoire", "Costa Rica", "Croatia"})
		want := []string{"Costa Rica", "Côte d'Ivoire", "Croatia", "Cyprus", "Zambia"}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	got := sorted("fr", []string{"Érythrée", "Zambie", "Danemark", "Égypte", "Espagne", "Fidji", "Estonie", "Eswatini"})
	want := []string{"Danemark", "Égypte", "Érythrée", "Espagne", "Estonie", "Eswatini", "Fidji", "Zambie"}
	if !slices.Equal(got, want) {
		t.Errorf("fr: %q, want %q", got, want)
	}
	// Case is decided after the letters: "border" and "Border" sit together.
	got = sorted("en", []string{"Border", "asylum", "border", "Asylum", "coast"})
	if want := []string{"asylum", "Asylum", "border", "Border", "coast"}; !slices.Equal(got, want) {
		t.Errorf("case: %q, want %q", got, want)
	}
}

// quick must agree with the collator whenever it decides. The alphabet mixes what it decides
// (letters of both cases, digits, space) with what it must leave to the collator (accents,
// combining marks, punctuation, a Catalan middle dot, non-Latin letters).
func TestQuickAgreesWithTheCollator(t *testing.T) {
	alphabet := []string{"a", "b", "c", "e", "l", "o", "z", "A", "B", "E", "L", "O", "Z", "0", "1", "9", " ", " ", "-", "'", ",", "(", "_", ".",
		"é", "É", "è", "ô", "ç", "œ", "æ", "ß", "\u0301", "\u0327", "·", "ł", "ø", "å", "ä", "ñ", "ı", "İ", "Ω", "я", "中", "\t"}
	rng := rand.New(rand.NewSource(1))
	word := func() string {
		var b strings.Builder
		for n := rng.Intn(6); n >= 0; n-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	decided := 0
	for _, lang := range []string{"en", "fr"} {
		full := collate.New(language.MustParse(lang))
		for i := 0; i < 200_000; i++ {
			a := word()
			b := a[:rng.Intn(len(a)+1)] + word() // often a shared prefix, as titles have
			if rng.Intn(2) == 0 {
				a, b = b, a
			}
			r, ok := quick(a, b)
			if !ok {
				continue
			}
			decided++
			if want := full.CompareString(a, b); r != want {
				t.Fatalf("%s: quick(%q, %q) = %d, the collator says %d", lang, a, b, r, want)
			}
		}
	}
	if decided < 50_000 {
		t.Fatalf("quick decided only %d comparisons: the test no longer exercises it", decided)
	}
}

func TestUnknownLanguageUsesTheRootOrder(t *testing.T) {
	if got := sorted("xx-not-a-tag!", []string{"Cyprus", "Côte d'Ivoire"}); got[0] != "Côte d'Ivoire" {
		t.Fatalf("%q", got)
	}
}

func BenchmarkCompareTitles(b *testing.B) {
	c := Get("en")
	defer c.Release()
	for b.Loop() {
		c.Compare("border management capacity 12345", "border management capacity 12399")
		c.Compare("AU-EU-UN Task Force on migrants", "AU-EU-UN Task Force on refugees")
	}
}

// SortBy orders by the text shown, in the reader's language: the French names of countries
// recorded by their English names sort as French, É with E, not by the English.
func TestSortByShownText(t *testing.T) {
	fr := map[string]string{"Egypt": "Égypte", "Germany": "Allemagne", "Tunisia": "Tunisie", "Chad": "Tchad", "European Union": "European Union"}
	names := []string{"Tunisia", "Egypt", "European Union", "Chad", "Germany"}
	SortBy("fr", names, func(n string) string { return fr[n] })
	if want := []string{"Germany", "Egypt", "European Union", "Chad", "Tunisia"}; !slices.Equal(names, want) {
		t.Errorf("fr: %q, want %q", names, want)
	}
	SortBy("en", names, func(n string) string { return n })
	if want := []string{"Chad", "Egypt", "European Union", "Germany", "Tunisia"}; !slices.Equal(names, want) {
		t.Errorf("en: %q, want %q", names, want)
	}
	// Stable: equal texts keep their order.
	pairs := [][2]string{{"b", "1"}, {"a", "2"}, {"b", "3"}, {"A", "4"}}
	SortBy("en", pairs, func(p [2]string) string { return strings.ToLower(p[0]) })
	if got := fmt.Sprint(pairs); got != "[[a 2] [A 4] [b 1] [b 3]]" {
		t.Errorf("stable: %s", got)
	}
}
