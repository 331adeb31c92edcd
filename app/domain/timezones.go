package domain

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The time-zone list a person picks from: every zone of tzdata's zone.tab (generated into
// zones_gen.go, so nothing is read from the system at run time), searchable by the city in
// its name, by country (English and French names, ISO codes) and by the common cities and
// capitals that have no zone of their own (reference/zone-aliases.tsv: Geneva → Europe/Zurich,
// Rabat → Africa/Casablanca). Validation still accepts any IANA name Go's embedded database
// knows; the list only helps to find one.

//go:generate go run ./internal/genref -currencies currencies_gen.go -zones zones_gen.go

// zoneEntry is one zone of zone.tab: the countries (ISO 3166-1 alpha-2) that use it.
type zoneEntry struct {
	Zone, Countries, Comment string
}

//go:embed reference/zone-aliases.tsv
var zoneAliasesTSV string

// TimeZone is one zone found by SearchTimeZones.
type TimeZone struct {
	Zone      string   `json:"zone"`              // IANA name, e.g. Europe/Zurich
	City      string   `json:"city"`              // the city of the name, e.g. Zurich
	Countries []string `json:"countries"`         // ISO 3166-1 alpha-3 codes of the countries using it
	Matched   string   `json:"matched,omitempty"` // the alias that matched, e.g. Geneva
}

type zoneIndex struct {
	zone    TimeZone
	city    string   // folded
	aliases []string // original spelling; folded for matching
	country string   // folded: the countries' names (English, French) and codes
	words   string   // folded: the zone name and tzdata's comment
}

var zones = func() []zoneIndex {
	aliases := map[string][]string{}
	for i, line := range strings.Split(strings.TrimSpace(zoneAliasesTSV), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) != 2 {
			panic(fmt.Sprintf("zone-aliases.tsv line %d: want 2 columns", i+1))
		}
		if i > 0 {
			aliases[cols[1]] = append(aliases[cols[1]], cols[0])
		}
	}
	byAlpha2 := map[string]Country{}
	for _, c := range countries {
		byAlpha2[c.Alpha2] = c
	}
	out := make([]zoneIndex, 0, len(zoneTable))
	for _, z := range zoneTable {
		city := z.Zone[strings.LastIndexByte(z.Zone, '/')+1:]
		city = strings.ReplaceAll(city, "_", " ")
		tz := TimeZone{Zone: z.Zone, City: city, Countries: []string{}}
		var country []string
		for _, a2 := range strings.Split(z.Countries, ",") {
			if c, ok := byAlpha2[a2]; ok {
				tz.Countries = append(tz.Countries, c.Alpha3)
				country = append(append(country, c.SearchNames()...), c.Alpha2, c.Alpha3)
			}
		}
		out = append(out, zoneIndex{zone: tz, city: FoldWords(city), aliases: aliases[z.Zone],
			country: FoldWords(strings.Join(country, " ")), words: FoldWords(z.Zone + " " + z.Comment)})
	}
	return out
}()

// foldName lower-cases, removes accents and turns separators into spaces, so that
// "Genève", "geneve" and "GENEVE" are the same and "Addis_Ababa" is "addis ababa".
func FoldWords(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// wordsStartWith reports whether every word of q begins a word of text (both folded).
func wordsStartWith(text, q string) bool {
	padded := " " + text
	for _, w := range strings.Fields(q) {
		if !strings.Contains(padded, " "+w) {
			return false
		}
	}
	return true
}

// SearchTimeZones finds zones by city, alias or country, best matches first: a city or alias
// named exactly, then one that begins so, then zones of a matching country, then a word of the
// zone's name or tzdata's comment. An empty query lists every zone by name. At most limit results (limit <= 0: all).
func SearchTimeZones(query string, limit int) []TimeZone {
	q := FoldWords(query)
	type hit struct {
		rank int
		tz   TimeZone
	}
	var hits []hit
	for _, z := range zones {
		if q == "" {
			hits = append(hits, hit{0, z.zone})
			continue
		}
		rank, matched := -1, ""
		consider := func(r int, m string) {
			if rank < 0 || r < rank {
				rank, matched = r, m
			}
		}
		if z.city == q || FoldWords(z.zone.Zone) == q {
			consider(0, "")
		} else if strings.HasPrefix(z.city, q) {
			consider(2, "")
		}
		for _, a := range z.aliases {
			switch fa := FoldWords(a); {
			case fa == q:
				consider(1, a)
			case strings.HasPrefix(fa, q):
				consider(3, a)
			}
		}
		if rank < 0 && wordsStartWith(z.country, q) {
			consider(4, "")
		}
		if rank < 0 && wordsStartWith(z.words, q) {
			consider(5, "")
		}
		if rank >= 0 {
			tz := z.zone
			tz.Matched = matched
			hits = append(hits, hit{rank, tz})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].rank != hits[j].rank {
			return hits[i].rank < hits[j].rank
		}
		return hits[i].tz.Zone < hits[j].tz.Zone
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]TimeZone, len(hits))
	for i, h := range hits {
		out[i] = h.tz
	}
	return out
}

// closestZone suggests a zone for a name that is not one ("Geneva", "europe/geneva").
func closestZone(name string) (TimeZone, bool) {
	q := name
	if i := strings.LastIndexByte(q, '/'); i >= 0 {
		if r := SearchTimeZones(q, 1); len(r) > 0 {
			return r[0], true
		}
		q = q[i+1:]
	}
	if r := SearchTimeZones(q, 1); len(r) > 0 {
		return r[0], true
	}
	return TimeZone{}, false
}
