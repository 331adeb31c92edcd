package brief

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier/app/domain"
	"dossier/app/internal/collation"
)

// Lang is the language a brief is printed in. Facts carry codes and values; the PDF writes
// them in the brief's language here, and the Brief screen in the UI language
// (frontend/src/components/BriefView.svelte), with the same closed-list labels
// (domain.LabelFR, kept equal to the French screens by a test).
type Lang string

const (
	English Lang = "en"
	French  Lang = "fr"
)

// ParseLang reads a language code; "" is English.
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "en":
		return English, nil
	case "fr":
		return French, nil
	}
	return English, fmt.Errorf("%q is not a language of briefs: use en or fr", s)
}

// nbsp joins what must not be split over two lines: a number's digit groups in French, an
// amount and its currency ("EUR 40,000,000"); the PDF's line wrapper never breaks at it.
const nbsp = "\u00a0"

var monthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
var monthsShortFR = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// t translates a fixed English text of the PDF; a text without a French version stays English
// (a test checks that every text the renderer uses has one).
// marking words the default marking in the PDF's language; a marking the user typed is
// printed as typed.
func (l Lang) marking(m string) string {
	if m == DefaultMarking {
		return l.t(DefaultMarking)
	}
	return m
}

func (l Lang) t(en string) string {
	if l == French {
		if fr, ok := textFR[en]; ok {
			return fr
		}
	}
	return en
}

// title is a record's title as the brief prints it: a title stored blank before blank titles
// were refused prints "(untitled)", as the screens show it, never an empty row
// (docs/model.md, "Blank text").
func (l Lang) title(s string) string {
	if domain.IsBlank(s) {
		return l.t("(untitled)")
	}
	return s
}

// Text translates a fixed English text of the briefs ("Meeting pack") for the callers that
// title packs.
func (l Lang) Text(en string) string { return l.t(en) }

// f translates an English format and fills it in.
// A title quoted inside the format may hold quotes of its own: nest gives them the inner pair.
func (l Lang) f(format string, args ...any) string {
	return l.nest(fmt.Sprintf(l.t(format), args...))
}

// fIn is f for a format that French words differently in one place (ctx): textFR holds it
// as "ctx|format", else the format's usual French is used.
func (l Lang) fIn(ctx, format string, args ...any) string {
	if fr, ok := textFR[ctx+"|"+format]; ok && l == French {
		return l.nest(fmt.Sprintf(fr, args...))
	}
	return l.f(format, args...)
}

// plural writes a count with its noun: "1 commitment", "3 commitments" (French: 0 and 1 singular).
func (l Lang) plural(n int, one, many string) string {
	if l.singular(n) {
		return l.count(n) + " " + l.t(one)
	}
	return l.count(n) + " " + l.t(many)
}

// singular says whether n takes the singular: 1, and in French 0 too ("0 engagement est
// enregistré").
func (l Lang) singular(n int) bool { return n == 1 || l == French && n == 0 }

// label writes a closed-list value: list is the screens' name of the list ("commitment_status").
func (l Lang) label(list string, opts []domain.Option, v string) string {
	if l == French {
		if fr := domain.LabelFR(list, v); fr != "" {
			return fr
		}
	}
	return domain.Label(opts, v)
}

// day writes a day of the month: French writes the first "1er", in every date that shows a day
// (frontend/src/lib/format.ts, dayOfMonth).
func (l Lang) day(t time.Time) string {
	if l == French && t.Day() == 1 {
		return "1er"
	}
	return strconv.Itoa(t.Day())
}

// longDate: "13 November 2020", "13 novembre 2020".
func (l Lang) longDate(t time.Time) string {
	if l == French {
		return l.day(t) + " " + monthsFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("2 January 2006")
}

// dayMonth: "13 November", "13 novembre".
func (l Lang) dayMonth(t time.Time) string {
	if l == French {
		return l.day(t) + " " + monthsFR[t.Month()-1]
	}
	return t.Format("2 January")
}

// shortTime: "13 Nov 2020", "13 nov. 2020", "1er janv. 2020" (the screens' formatDateShort).
func (l Lang) shortTime(t time.Time) string {
	if l == French {
		return l.day(t) + " " + monthsShortFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("2 Jan 2006")
}

// shortDate writes a YYYY-MM-DD date as "13 Nov 2020"; other text is returned unchanged.
func (l Lang) shortDate(s string) string {
	if t, ok := parseDate(s); ok {
		return l.shortTime(t)
	}
	return s
}

// longDateOf writes a YYYY-MM-DD date as "13 November 2020"; other text is returned unchanged.
func (l Lang) longDateOf(s string) string {
	if t, ok := parseDate(s); ok {
		return l.longDate(t)
	}
	return s
}

// month writes a YYYY-MM-DD date's month: "Nov 2017", "nov. 2017".
func (l Lang) month(s string) string {
	t, ok := parseDate(s)
	switch {
	case !ok:
		return s
	case l == French:
		return monthsShortFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("Jan 2006")
}

// since writes a start date; 1 January stands for the whole year ("since 2017").
func (l Lang) since(s string) string {
	if t, ok := parseDate(s); ok && t.Month() == time.January && t.Day() == 1 {
		return strconv.Itoa(t.Year())
	}
	return l.shortDate(s)
}

// period describes a partnership's dates: "Nov 2017 – Jun 2020", "since Nov 2017".
func (l Lang) period(start, end string) string {
	switch {
	case start != "" && end != "":
		return l.month(start) + " – " + l.month(end)
	case start != "":
		return l.f("since %s", l.month(start))
	case end != "":
		return l.f("until %s", l.month(end))
	}
	return ""
}

// periodOf is a partnership's period as its row in the brief writes it: a concluded one with
// no end date "began Nov 2015", never "since Nov 2015" beside "Concluded", which reads as
// still running (the walk of 5 December 2026: « Achevé · depuis nov. 2015 »).
func (l Lang) periodOf(start, end, status string) string {
	if status == "concluded" && start != "" && end == "" {
		return l.f("began %s", l.month(start))
	}
	return l.period(start, end)
}

// stamp writes an instant in UTC to the minute.
func (l Lang) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return l.shortTime(t) + " " + t.Format("15:04") + " UTC"
}

// days writes a span of days (YYYY-MM-DD): "12–13 November 2020", "30 November – 2 December 2020".
func (l Lang) days(startDay, endDay string) string {
	start, ok := parseDate(startDay)
	if !ok {
		return startDay
	}
	end, ok := parseDate(endDay)
	if !ok {
		end = start
	}
	switch {
	case !end.After(start):
		return l.longDate(start)
	case start.Year() == end.Year() && start.Month() == end.Month():
		return l.day(start) + "–" + l.longDate(end)
	case start.Year() == end.Year():
		return l.dayMonth(start) + " – " + l.longDate(end)
	}
	return l.longDate(start) + " – " + l.longDate(end)
}

// sessionTime writes a session's local times (YYYY-MM-DDTHH:MM): "13 Nov, 13:30–15:10".
func (l Lang) sessionTime(start, end string) string {
	s, err := time.Parse(localMinute, start)
	if err != nil {
		return ""
	}
	dm := func(t time.Time) string {
		if l == French {
			return l.day(t) + " " + monthsShortFR[t.Month()-1]
		}
		return t.Format("2 Jan")
	}
	out := dm(s) + ", " + s.Format("15:04")
	if e, err := time.Parse(localMinute, end); err == nil {
		if e.Format(time.DateOnly) == s.Format(time.DateOnly) {
			out += "–" + e.Format("15:04")
		} else {
			out += " – " + dm(e) + ", " + e.Format("15:04")
		}
	}
	return out
}

// group writes digits in groups of three: "53,000" in English, "53 000" (no-break) in French.
func (l Lang) group(intPart, frac string) string {
	sep, dec := ",", "."
	if l == French {
		sep, dec = nbsp, ","
	}
	var b strings.Builder
	if strings.HasPrefix(intPart, "-") {
		b.WriteByte('-')
		intPart = intPart[1:]
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(dec + frac)
	}
	return b.String()
}

// semicolons joins the items of a list whose items may hold commas: French sets a
// no-break space before the semicolon, as before a colon ("Thèmes : a ; b").
func (l Lang) semicolons(items []string) string {
	if l == French {
		return strings.Join(items, nbsp+"; ")
	}
	return strings.Join(items, "; ")
}

// count writes a whole number.
func (l Lang) count(n int) string { return l.group(strconv.Itoa(n), "") }

// number groups thousands and keeps at most two decimals.
func (l Lang) number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	r := math.Round(v*100) / 100
	if math.IsInf(r, 0) { // past 1.8e306 the hundredths overflow (a signed indicator printed "+,Inf"); such a number has none
		r = v
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if strings.ContainsAny(intPart, "e") {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return l.group(intPart, frac)
}

// quantity writes a value with its unit: "53,000 people", "45%", "EUR 2,500,000".
func (l Lang) quantity(v float64, unit string) string {
	n := l.number(v)
	switch {
	case unit == "":
		return n
	case unit == "%" && l == French:
		return n + nbsp + "%"
	case unit == "%":
		return n + "%"
	case len(unit) == 3 && strings.ToUpper(unit) == unit && isLetters(unit):
		return l.withCode(unit, n) // a currency code, placed as an amount's
	}
	return n + " " + unit
}

// money writes an amount with its currency code, a whole amount without decimals and any
// other with its currency's minor units: "EUR 46,300,000", "46 300 000 EUR", "EUR 1,234.50"
// (not "1,234.5", which reads as a mistake), "1 234,125 TND".
func (l Lang) money(currency string, v float64) string {
	intPart, frac, _ := strings.Cut(domain.AmountText(v), ".")
	return l.withCode(currency, l.group(intPart, minorUnits(currency, frac)))
}

// withCode places a currency code as each language writes it, and as the screens do
// (formatMoney): first in English ("EUR 46,300,000"), after the amount in French
// ("46 300 000 EUR"); never split from the amount (docs/brief.md, "Money").
func (l Lang) withCode(code, amount string) string {
	if l == French {
		return amount + nbsp + code
	}
	return code + nbsp + amount
}

// minorUnits pads the decimals of an amount that has some to its currency's minor units.
func minorUnits(currency, frac string) string {
	if c, ok := domain.CurrencyByCode(currency); ok && frac != "" && len(frac) < c.Decimals {
		return frac + strings.Repeat("0", c.Decimals-len(frac))
	}
	return frac
}

// localMinute is how a session's local start and end travel in the facts.
const localMinute = "2006-01-02T15:04"

// country is the brief's country as the heading names it: when the country's party record
// is titled by one of the country's names, or there is none, the country's display name in the
// language ("Fédération de Russie" for a party titled "Russian Federation"); a title of its
// own ("Libyan Coast Guard") as recorded (docs/brief.md, "Country names").
func (l Lang) country(h Header) string {
	if c, ok := named(h); ok {
		return c.NameIn(string(l))
	}
	return h.Country
}

// named finds the brief's country when its header names it by one of the country's names.
func named(h Header) (domain.Country, bool) {
	c, ok := domain.CountryByName(h.Country)
	return c, ok && c.Alpha3 == h.ISO3
}

// countryArt is the country as a sentence names it: in French with its article when the
// country's name is shown ("la Tunisie", "le Niger", "l’Égypte", "les Comores", "la
// Fédération de Russie"); a title of the party's own is data, printed as recorded and quoted
// in French, as partyIn quotes it.
func (l Lang) countryArt(h Header) string {
	return l.countryIn("", h)
}

// countryIn is the country after a French preposition that contracts with the article
// ("de" → "du Niger", "de la Tunisie"), a title of the party's own quoted ("de « Libyan
// Coast Guard »"); in English, just the name.
func (l Lang) countryIn(prep string, h Header) string {
	name := l.country(h)
	if l != French {
		return name
	}
	if _, ok := named(h); ok {
		return domain.FrenchIn(prep, h.ArticleFR, name)
	}
	// A title of the party's own is quoted as any party's is in a French sentence (partyIn).
	return domain.FrenchIn(prep, "", quotedName(name))
}

// countryPlural says whether a sentence's verb agrees with the country in the plural: in
// French, a name with "les" ("Les Pays-Bas participent", "les Comores sont parties").
func (l Lang) countryPlural(h Header) bool {
	_, ok := named(h)
	return l == French && ok && h.ArticleFR == "les"
}

// itemTitle is a framework item's title in the language: a shipped item's French title as the
// screens show it (itemTitleFR); an item users added, as recorded.
func (l Lang) itemTitle(code, title string) string {
	if fr, ok := itemTitleFR[code]; ok && l == French {
		return fr
	}
	return title
}

// countryName is the country's display name in the language, whatever its party is titled.
func (l Lang) countryName(h Header) string {
	if c, ok := domain.CountryByCode(h.ISO3); ok {
		return c.NameIn(string(l))
	}
	return h.ISOName
}

// dataAsOf writes the latest change the store holds.
func (l Lang) dataAsOf(p Provenance) string {
	if p.DataAsOf.IsZero() {
		return l.t("no data")
	}
	return l.stamp(p.DataAsOf)
}

// quote puts a value in the language's quotation marks. French ones hold to the value by
// no-break spaces, as on screen (quotedName in frontend/src/lib/brief.ts): a line never starts
// with "»" ("« Au point mort / », en même temps…" on paper).
func (l Lang) quote(s string) string {
	if l == French {
		return l.nest("«" + nbsp + s + nbsp + "»")
	}
	return l.nest("“" + s + "”")
}

// indicatorValue: "53,000 people" ("" without a value).
func (l Lang) indicatorValue(in Indicator) string {
	if in.Actual == nil {
		return ""
	}
	return l.quantity(*in.Actual, in.Unit)
}

// titleOf is a record's title where the brief lists records of any kind (changes, open
// conflicts): a country's party record by its name in the language, as the screen shows it
// ("Maroc"); an intervention composed from its parts; any other title as recorded.
func (l Lang) titleOf(kind string, r Ref) string {
	if kind == string(domain.KindParty) && !domain.IsBlank(r.Title) {
		return l.party(r.Title)
	}
	return l.recordTitle(r)
}

// recordTitle is a record's title in the brief's language. Titles are data, except that of a
// record named by parts (an intervention), composed here as the screen composes it
// (frontend/src/lib/state.svelte.ts, recordTitle): "Intervention by SPEAKER (SESSION)". The
// speaker is free text, a country or an organisation most often, so French names it as a
// sentence names a party after "de" (partyIn): "Intervention du Maroc", "Intervention de
// « EEAS and European Commission services »", never "d’EEAS and European …".
func (l Lang) recordTitle(r Ref) string {
	p := r.Parts
	if p == nil {
		return l.title(r.Title)
	}
	// A speaker or session stored blank is none, as on the screen (recordTitle in state.svelte.ts).
	sp, se := p.Speaker, p.Session
	if domain.IsBlank(sp) {
		sp = ""
	}
	if domain.IsBlank(se) {
		se = ""
	}
	switch {
	case sp != "" && se != "":
		return l.fIn("speaker", "Intervention by %s (%s)", l.partyIn("de", sp), se)
	case sp != "":
		return l.fIn("speaker", "Intervention by %s", l.partyIn("de", sp))
	case se != "":
		return l.f("Intervention (%s)", se)
	}
	return l.t("Intervention")
}

// keyValue: a key figure's value, or its target when nothing is measured yet ("target EUR
// 210,000,000").
func (l Lang) keyValue(in Indicator) string {
	if in.Actual == nil && in.Target != nil {
		return l.f("target %s", l.quantity(*in.Target, in.Unit))
	}
	return l.indicatorValue(in)
}

// keyTarget: a key figure's baseline and target, without the target when the value column
// already shows it.
func (l Lang) keyTarget(in Indicator) string {
	if in.Actual == nil {
		in.Target = nil
	}
	return l.indicatorTarget(in)
}

// indicatorTarget: "baseline 0 → target 60,000 people".
func (l Lang) indicatorTarget(in Indicator) string {
	var parts []string
	if in.Baseline != nil {
		parts = append(parts, l.f("baseline %s", l.quantity(*in.Baseline, in.Unit)))
	}
	if in.Target != nil {
		parts = append(parts, l.f("target %s", l.quantity(*in.Target, in.Unit)))
	}
	return strings.Join(parts, " → ")
}

// indicatorLine is an indicator as a commitment's row lists it: "Returns: 53,000 people;
// baseline 0 → target 60,000 people; since 2017 · as of 13 Nov 2020".
func (l Lang) indicatorLine(in Indicator) string {
	var parts []string
	for _, p := range []string{l.indicatorValue(in), l.indicatorTarget(in), l.indicatorPeriod(in)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if in.Shared {
		parts = append(parts, l.t("for all the commitment’s countries together"))
	}
	if len(parts) == 0 {
		return in.Name
	}
	return l.f("%s: %s", in.Name, l.semicolons(parts)) // French puts a space before the colon
}

// indicatorPeriod: "since 2017 · as of 13 Nov 2020".
func (l Lang) indicatorPeriod(in Indicator) string {
	var parts []string
	if in.Since != "" {
		parts = append(parts, l.f("since %s", l.since(in.Since)))
	}
	if in.AsOf != "" {
		parts = append(parts, l.f("as of %s", l.shortDate(in.AsOf)))
	}
	return strings.Join(parts, " · ")
}

// funding writes one amount: "EUR 46,300,000 committed · trust-fund contribution · as of 12 Apr 2017",
// with the party it is for when the facts name it ("… · Niger · as of …"), as the record
// page's funding lines do (frontend/src/lib/money.ts, fundingEntryText).
func (l Lang) funding(fu Funding) string {
	f := fu.Funding
	amount := ""
	if f.Amount != nil {
		amount = l.money(f.Currency, *f.Amount) + " "
	}
	parts := []string{amount + strings.ToLower(l.label("funding_state", domain.FundingStates, f.State))}
	if f.Instrument != "" {
		parts = append(parts, strings.ToLower(l.label("funding_instrument", domain.FundingInstruments, f.Instrument)))
	}
	if fu.CountryName != "" {
		parts = append(parts, l.party(fu.CountryName))
	}
	if f.AsOf != "" {
		// "as of 30 Jun 2018" is held together: a date broken across lines reads badly.
		parts = append(parts, strings.ReplaceAll(l.f("as of %s", l.shortDate(f.AsOf)), " ", nbsp))
	}
	return strings.Join(parts, " · ")
}

// sharedFunding words an amount recorded for all the countries of a multi-country commitment
// (issue 11): the commitment's whole amount, never the country's own money.
func (l Lang) sharedFunding(f domain.Funding) string {
	if f.Amount == nil {
		return l.funding(Funding{Funding: f}) + " · " + l.t("part of a multi-country commitment")
	}
	rest := f
	rest.Amount = nil
	// French writes the amount before its code (withCode): « de 150 000 000 EUR », never elided.
	return l.f("part of a multi-country commitment of %s", l.money(f.Currency, *f.Amount)) + " · " + l.funding(Funding{Funding: rest})
}

// conflictAuthors words how many people wrote the values of the conflicts, capitalised to open
// the note: "Two people", "Three people", "Two to three people" when the conflicts differ.
func (l Lang) conflictAuthors(cs []Conflict) string {
	lo, hi := 0, 0
	for _, c := range cs {
		n := len(c.Values)
		if lo == 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	words := []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	if l == French {
		words = []string{"", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"}
	}
	word := func(n int) string {
		if n < len(words) {
			return words[n]
		}
		return l.count(n)
	}
	var s string
	switch {
	case lo == hi && l == French:
		s = word(hi) + " personnes"
	case lo == hi:
		s = word(hi) + " people"
	case l == French:
		s = "de " + word(lo) + " à " + word(hi) + " personnes"
	default:
		s = word(lo) + " to " + word(hi) + " people"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// party is a party's name in the language: a party titled by one of a country's names
// ("Tunisia", "Russie, Fédération de", "United States of America") reads as the country's
// display name in the language ("Tunisie", "Fédération de Russie", "United States"), as on the
// screens (countryPartyName in the frontend); any other name is printed as recorded. This is
// the name as a label gives it (a table's Party column); a sentence uses partyIn.
func (l Lang) party(name string) string {
	if c, ok := domain.CountryByName(name); ok {
		return c.NameIn(string(l))
	}
	return name
}

// partyIn is a party as a sentence names it, after the French preposition prep ("" for
// none): a party titled by one of a country's names takes the country's French display name
// with its article and French's contractions ("le Maroc", "du Maroc", "de la Tunisie", "de
// l’Égypte", "des Comores", "de la Fédération de Russie", "Malte"); any other name is data,
// printed as recorded and quoted in every French sentence ("« European Union »", "de
// « European Commission »"): it may be English, or French without the article it would take,
// and a quoted name reads well whatever it is. Quoting it only after "de" left "Avec European
// Union" beside "au nom de « European Union »" (docs/brief.md). In English, the name as party
// gives it.
func (l Lang) partyIn(prep, name string) string {
	if l != French {
		return l.party(name)
	}
	if c, ok := domain.CountryByName(name); ok {
		return domain.FrenchIn(prep, domain.ArticleFR(c.Alpha3), c.NameFR)
	}
	return domain.FrenchIn(prep, "", quotedName(name))
}

// quotedName puts a name that is data in French quotation marks, with no-break spaces that
// keep the marks on the name's lines.
func quotedName(name string) string { return "«" + nbsp + name + nbsp + "»" }

// partiesIn names parties in a sentence, after prep as partyIn: ordered by the names the
// reader sees (byShown), joined as the language joins a list ("la Tunisie, le Maroc et
// l’Égypte"; with "de", repeated before each: "du Maroc et de la Tunisie"). English keeps
// its comma list ("Egypt, Morocco, Tunisia").
func (l Lang) partiesIn(prep string, names []string) string {
	names = byShown(l, names, l.party)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = l.partyIn(prep, n)
	}
	return l.list(out)
}

// partyWithRoles writes another party of a partnership with its roles: "European Union (lead)",
// "l’Allemagne (membre)".
func (l Lang) partyWithRoles(o OtherParty) string {
	if len(o.Roles) == 0 {
		return l.partyIn("", o.Name)
	}
	roles := make([]string, len(o.Roles))
	for i, r := range o.Roles {
		roles[i] = strings.ToLower(l.label("party_role", domain.PartyRoles, r))
	}
	return l.partyIn("", o.Name) + " (" + strings.Join(roles, ", ") + ")"
}

// othersWithRoles lists a partnership's other parties with their roles, ordered and joined
// as partiesIn: "l’Allemagne (membre), European Union (chef de file) et la Tunisie (membre)".
func (l Lang) othersWithRoles(others []OtherParty) string {
	others = byShown(l, others, func(o OtherParty) string { return l.party(o.Name) })
	out := make([]string, len(others))
	for i, o := range others {
		out[i] = l.partyWithRoles(o)
	}
	return l.list(out)
}

// list joins the items of a sentence's list: French puts "et" before the last ("la Tunisie et
// l’Égypte", "A, B et C"); English keeps commas only, as the brief always printed it.
func (l Lang) list(items []string) string {
	if l == French && len(items) > 1 {
		return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
	}
	return strings.Join(items, ", ")
}

// byShown returns xs ordered by the text the reader sees for each, in the collation of the
// language (collation.SortBy): the facts carry names in the records' order, and ordering them,
// like wording them, is the display end's (docs/brief.md, "Lists of names").
func byShown[T any](l Lang, xs []T, shown func(T) string) []T {
	out := slices.Clone(xs)
	collation.SortBy(string(l), out, shown)
	return out
}

// field words a record's field as the screens do ("Intitulé", "Due date"), not by its key.
func (l Lang) field(k domain.Kind, name string) string {
	lang := "en"
	if l == French {
		lang = "fr"
	}
	return domain.FieldLabel(lang, k, name)
}
