// Package portfolio is a secretariat's portfolio as its spreadsheets hold it, for tests:
// parties, a framework, partnerships, meetings, commitments and interventions that refer to
// each other by name, ISO3 code or title, never by id — in the JSON cells too (the country of
// a funding entry or an indicator value). It has money in EUR and USD (grants, loans, budget
// support, trust-fund contributions, split by country or shared by several), indicator
// series with values per country, and meetings known by their dates alone. The figures are
// written for the tests, in the orders of magnitude of the real packages. Write renders it as
// the CSV files Excel saves: one file per kind or one file with a kind column, with "," or
// ";", in UTF-8, UTF-8 with BOM, UTF-16 or Windows-1252.
package portfolio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// Sheet is the rows of one kind.
type Sheet struct {
	Kind   string
	Header []string
	Rows   [][]string
}

// Countries: name as the secretariat writes it, and ISO3.
var Countries = [][2]string{
	{"Tunisia", "TUN"}, {"Morocco", "MAR"}, {"Egypt", "EGY"}, {"Mauritania", "MRT"}, {"Libya", "LBY"},
	{"Niger", "NER"}, {"Mali", "MLI"}, {"Senegal", "SEN"}, {"Côte d'Ivoire", "CIV"}, {"Nigeria", "NGA"},
	{"Ghana", "GHA"}, {"Gambia", "GMB"}, {"Guinea", "GIN"}, {"Burkina Faso", "BFA"}, {"Chad", "TCD"},
	{"Sudan", "SDN"}, {"Ethiopia", "ETH"}, {"Eritrea", "ERI"}, {"Somalia", "SOM"}, {"Kenya", "KEN"},
	{"Türkiye", "TUR"}, {"Jordan", "JOR"}, {"Lebanon", "LBN"}, {"Algeria", "DZA"}, {"Cameroon", "CMR"},
	{"Italy", "ITA"}, {"Spain", "ESP"}, {"France", "FRA"}, {"Germany", "DEU"}, {"Greece", "GRC"},
}

// Organisations: name, type, acronym.
var Organisations = [][3]string{
	{"European Union", "regional_organisation", "EU"},
	{"African Union", "regional_organisation", "AU"},
	{"International Organization for Migration", "international_organisation", "IOM"},
	{"UN Refugee Agency", "international_organisation", "UNHCR"},
	{"International Centre for Migration Policy Development", "international_organisation", "ICMPD"},
	{"Economic Community of West African States", "regional_organisation", "ECOWAS"},
	{"International Labour Organization", "international_organisation", "ILO"},
}

// Money is one funding entry as a person writes it in the JSON cell: the country by name or
// ISO3 code, the amount as a decimal.
type Money struct {
	Amount     json.Number `json:"amount"`
	Currency   string      `json:"currency"`
	Instrument string      `json:"instrument,omitempty"`
	State      string      `json:"state"`
	AsOf       string      `json:"as_of,omitempty"`
	Country    string      `json:"country,omitempty"`
	Source     string      `json:"source,omitempty"`
}

// Figure is one indicator with its series.
type Figure struct {
	Name     string       `json:"name"`
	Unit     string       `json:"unit,omitempty"`
	Baseline *json.Number `json:"baseline,omitempty"`
	Target   *json.Number `json:"target,omitempty"`
	Source   string       `json:"source,omitempty"`
	Values   []Value      `json:"values"`
}

// Value is one measured value, for a country or for all of the commitment's countries.
type Value struct {
	Actual  json.Number `json:"actual"`
	AsOf    string      `json:"as_of"`
	Country string      `json:"country,omitempty"`
}

// cell writes a JSON cell as a person would: "&" and "<" as they are.
func cell(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSpace(b.String())
}

func num(s string) *json.Number { n := json.Number(s); return &n }

// Sheets is the whole portfolio, in the order a person would fill it in.
func Sheets() []Sheet {
	parties := Sheet{Kind: "party", Header: []string{"name", "type", "iso3", "acronym", "region", "contacts"}}
	// Contact points of a few parties (fictitious people, example addresses).
	contacts := map[string]string{
		"TUN": `[{"name":"Directorate of Consular Affairs","function":"Ministry of Foreign Affairs, migration desk","email":"migration.desk@example.tn","phone":"+216 71 000 500"},` +
			`{"name":"Sana Ben Ali","function":"Director-General, National Observatory of Migration","email":"s.benali@example.tn"}]`,
		"EGY": `[{"name":"Karim Mansour","function":"Assistant Minister for Migration","phone":"+20 2 0000 0100"}]`,
		"MRT": `[{"name":"Aminetou Mint Ahmed","function":"Adviser to the Minister of the Interior","email":"a.ahmed@example.mr","phone":"+222 45 00 00 00"}]`,
	}
	for _, c := range Countries {
		parties.Rows = append(parties.Rows, []string{c[0], "country", c[1], "", region(c[1]), contacts[c[1]]})
	}
	for _, o := range Organisations {
		parties.Rows = append(parties.Rows, []string{o[0], o[1], "", o[2], "", ""})
	}
	frameworks := Sheet{Kind: "framework", Header: []string{"code", "title", "adopted", "items"}, Rows: [][]string{{
		"EUTF", "EU Emergency Trust Fund for Africa: strategic objectives", "2015-11-12",
		`[{"code":"EUTF-1","number":1,"title":"Greater economic and employment opportunities","framework":"EUTF"},` +
			`{"code":"EUTF-2","number":2,"title":"Strengthening resilience","framework":"EUTF"},` +
			`{"code":"EUTF-3","number":3,"title":"Improved migration management","framework":"EUTF"},` +
			`{"code":"EUTF-4","number":4,"title":"Improved governance and conflict prevention","framework":"EUTF"}]`,
	}}}
	partnerships := Sheet{Kind: "partnership", Header: []string{"title", "type", "status", "parties", "framework_items", "themes", "start", "summary", "source"}, Rows: [][]string{
		{"EU–Tunisia MoU", "bilateral", "active", "EU:lead; Tunisie:member", "GCM-10; EUTF-3", "border_management; return_readmission_reintegration; legal_migration_mobility", "2023-07-16", "Memorandum of Understanding on a strategic and comprehensive partnership.", "Memorandum of Understanding, Tunis, 16 July 2023"},
		{"EU–Egypt Strategic and Comprehensive Partnership", "bilateral", "active", "European Union:lead; EGY:member", "GCM-23", "root_causes; border_management", "2024-03-17", "EUR 7.4 billion package, of which EUR 200 million for migration.", "Joint Declaration, Cairo, 17 March 2024"},
		{"EU–Mauritania Migration Partnership", "bilateral", "active", "EU:lead; Mauritania:member", "gcm-9; EUTF-3", "migrant_smuggling; legal_migration_mobility", "2024-03-07", "Joint declaration; EUR 210 million announced.", "Joint Declaration, Nouakchott, 7 March 2024"},
		{"Rabat Process", "regional_dialogue", "active", "EU:member; MAR:lead; SEN:member; CIV:member; NGA:member; GHA:member; GMB:member; GIN:member; MLI:member; NER:member; BFA:member; MRT:member; ESP:member; FRA:member; ITA:member; ICMPD:implementing", "JVAP-1; JVAP-2; JVAP-3", "legal_migration_mobility; trafficking", "2006-07-10", "Euro-African Dialogue on Migration and Development.", "Rabat Declaration, 11 July 2006"},
		{"Khartoum Process", "regional_dialogue", "active", "EU:member; ETH:member; ERI:member; SDN:member; SOM:member; KEN:member; EGY:member; ITA:lead; DEU:member; ICMPD:implementing", "JVAP-4; GCM-10", "trafficking; migrant_smuggling", "2014-11-28", "EU–Horn of Africa Migration Route Initiative.", "Rome Declaration, 28 November 2014"},
		{"EU Trust Fund for Africa", "fund", "concluded", "EU:funding; NER:member; MLI:member; TCD:member; SEN:member; CIV:member; NGA:member; ETH:member; SOM:member; LBY:member; MAR:member; TUN:member; EGY:member; IOM:implementing", "EUTF-1; EUTF-2; EUTF-3; EUTF-4", "root_causes; return_readmission_reintegration", "2015-11-12", "EUR 5 billion over 2015–2022.", "Constitutive Agreement, Valletta, 12 November 2015"},
		{"EU–Türkiye Facility for Refugees", "fund", "active", "EU:funding; Türkiye:member; UNHCR:implementing", "GCM-15", "asylum_reception", "2016-03-18", "EUR 6 billion in two tranches. Returns to Türkiye under the EU–Turkey Statement have been on hold since March 2020.", "EU–Turkey Statement, 18 March 2016"},
		{"Talent Partnership with Morocco", "bilateral", "exploratory", "EU:lead; Morocco:member; ESP:member; DEU:member", "GCM-5; GCM-18", "legal_migration_mobility", "2022-06-11", "", ""},
		{"Talent Partnership with Tunisia", "bilateral", "active", "EU:lead; TUN:member; ITA:member; DEU:member; ILO:implementing", "GCM-5; GCM-18", "legal_migration_mobility", "2023-06-11", "Skills and mobility for Tunisian graduates and technicians.", "Talent Partnership launch statement, Tunis, June 2023"},
		{"Talent Partnership with Egypt", "bilateral", "active", "EU:lead; Égypte:member; DEU:member; IOM:implementing", "GCM-5; GCM-18", "legal_migration_mobility", "2023-01-30", "", "Commission Communication on Talent Partnerships, 2021"},
		{"Team Europe Initiative on the Atlantic and Western Mediterranean Route", "regional_dialogue", "active", "EU:lead; ESP:member; FRA:member; ITA:member; MAR:member; SEN:member; MRT:member; GMB:member", "GCM-9; GCM-10", "migrant_smuggling; saving_lives_at_sea", "2022-12-15", "Team Europe Initiative with Member States and partner countries.", ""},
	}}
	// Most meetings are known by their dates alone (all day, the end day included); two have
	// times. Each names its partnership or process, and what came out of it.
	meetings := Sheet{Kind: "meeting", Header: []string{"title", "series", "partnership", "start", "end", "time_zone", "venue", "organiser", "participants", "outcome"}, Rows: [][]string{
		{"Rabat Process Senior Officials Meeting 2025", "Rabat Process", "Rabat Process", "2025-11-18", "2025-11-19", "Africa/Casablanca", "Rabat", "Morocco", "EU; SEN; CIV; NGA; ICMPD; Spain", "Conclusions on returns and reintegration adopted; next meeting in Dakar."},
		{"Khartoum Process Thematic Meeting on Smuggling", "Khartoum Process", "Khartoum Process", "2025-06-03T09:30:00+02:00", "", "Europe/Rome", "Rome", "Italy", "EU; ETH; ERI; KEN; SOM", ""},
		{"EU–Tunisia Migration Dialogue, Tunis 2025", "", "EU–Tunisia MoU", "2025-09-22", "", "Africa/Tunis", "Tunis", "Tunisie", "EU; IOM; UNHCR", "Agreement to speed up the EUR 105 million border and returns package."},
		{"EU–Mauritania Joint Committee", "", "EU–Mauritania Migration Partnership", "2025-04-08", "", "Africa/Nouakchott", "Nouakchott", "MRT", "EU; Spain", "EUR 60 million of the EUR 210 million contracted; joint investigation team launched."},
		{"Talent Partnership Roundtable, Casablanca", "", "Talent Partnership with Morocco", "2026-02-12T14:00:00+01:00", "", "Africa/Casablanca", "Casablanca", "EU", "MAR; ESP; DEU; IOM", ""},
		{"Rabat Process Ministerial Conference, Cádiz", "Rabat Process", "Rabat Process", "2022-12-13", "2022-12-14", "Europe/Madrid", "Cádiz", "Spain", "EU; MAR; SEN; CIV; NGA; GMB; GIN; MRT; FRA; ITA; ICMPD", "Cádiz Political Declaration and Action Plan 2023–2027 adopted."},
		{"Khartoum Process Senior Officials Meeting, Nairobi", "Khartoum Process", "Khartoum Process", "2024-10-22", "2024-10-23", "Africa/Nairobi", "Nairobi", "Kenya", "EU; ETH; ERI; SDN; SOM; ITA; DEU", "Work plan on anti-trafficking task forces agreed."},
		{"EU Trust Fund for Africa Strategic Board", "", "EU Trust Fund for Africa", "2022-06-21", "", "Europe/Brussels", "Brussels", "EU", "ITA; DEU; FRA; ESP; IOM", "Final allocations approved; no new programmes after 2022."},
		{"EU–Egypt Investment Conference", "", "EU–Egypt Strategic and Comprehensive Partnership", "2024-06-29", "2024-06-30", "Africa/Cairo", "Cairo", "Égypte", "EU; DEU; ITA", "EUR 4 billion macro-financial assistance loan announced."},
		{"EU–Türkiye High-Level Dialogue on Migration and Security", "", "EU–Türkiye Facility for Refugees", "2025-05-15", "", "Europe/Istanbul", "Ankara", "Türkiye", "EU; UNHCR", "Education programme for refugee children extended."},
		{"Talent Partnership with Egypt: launch", "", "Talent Partnership with Egypt", "2025-01-30", "", "Africa/Cairo", "Cairo", "EU", "EGY; DEU; IOM", ""},
	}}
	commitments := Sheet{Kind: "commitment", Header: []string{"title", "status", "type", "partnership", "committed_by", "towards", "themes", "framework_items", "due", "source_meeting", "source_document", "funding", "indicators", "text"}}
	add := func(title, status, typ, partnership, by, to, themes, items, due, meeting string) {
		commitments.Rows = append(commitments.Rows, []string{title, status, typ, partnership, by, to, themes, items, due, meeting, "", "", "", ""})
	}
	add("EUR 105 million for border management, search and rescue and returns (Tunisia)", "in_progress", "funding", "EU–Tunisia MoU", "EU", "Tunisie", "border_management; saving_lives_at_sea", "GCM-11", "2026-12-31", "EU–Tunisia Migration Dialogue, Tunis 2025")
	add("EUR 150 million budget support to Tunisia", "agreed", "funding", "EU–Tunisia MoU", "EU", "TUN", "root_causes", "EUTF-1", "2026-06-30", "")
	add("Talent Partnership pilot for Tunisian graduates", "proposed", "policy", "EU–Tunisia MoU", "EU; ITA; DEU", "Tunisia", "legal_migration_mobility", "GCM-5", "2027-03-31", "")
	add("Voluntary return and reintegration from Tunisia", "in_progress", "operational", "EU–Tunisia MoU", "IOM", "TUN", "return_readmission_reintegration", "GCM-21", "2026-09-30", "")
	add("EUR 200 million for migration management in Egypt", "agreed", "funding", "EU–Egypt Strategic and Comprehensive Partnership", "EU", "EGY", "border_management; root_causes", "GCM-23", "2027-12-31", "")
	add("Egyptian national strategy on combating illegal migration", "in_progress", "policy", "EU–Egypt Strategic and Comprehensive Partnership", "Egypt", "EGY", "migrant_smuggling", "GCM-9", "2026-12-31", "")
	add("EUR 210 million for the EU–Mauritania partnership", "agreed", "funding", "EU–Mauritania Migration Partnership", "EU", "MRT", "root_causes; border_management", "EUTF-3", "2027-06-30", "EU–Mauritania Joint Committee")
	add("Joint investigation team on smuggling networks (Mauritania–Spain)", "in_progress", "operational", "EU–Mauritania Migration Partnership", "MRT; ESP", "Mauritania", "migrant_smuggling", "GCM-9", "2026-03-31", "EU–Mauritania Joint Committee")
	add("Legal pathways for Mauritanian workers to Spain", "proposed", "policy", "EU–Mauritania Migration Partnership", "Spain", "MRT", "legal_migration_mobility", "GCM-5", "", "")
	for _, c := range [][3]string{{"Senegal", "SEN", "2026-06-30"}, {"Côte d'Ivoire", "CIV", "2026-09-30"}, {"Nigeria", "NGA", "2026-12-31"}, {"Ghana", "GHA", "2027-03-31"}, {"Gambia", "GMB", "2026-06-30"}, {"Guinea", "GIN", "2026-12-31"}} {
		add("Reintegration support for returnees to "+c[0], "in_progress", "operational", "Rabat Process", "IOM; EU", c[1], "return_readmission_reintegration", "JVAP-4; EUTF-3", c[2], "Rabat Process Senior Officials Meeting 2025")
		add("Labour migration information centre in "+c[0], "agreed", "capacity_building", "Rabat Process", "ICMPD", c[0], "legal_migration_mobility", "JVAP-1", c[2], "")
	}
	for _, c := range [][2]string{{"Ethiopia", "ETH"}, {"Eritrea", "ERI"}, {"Sudan", "SDN"}, {"Somalia", "SOM"}, {"Kenya", "KEN"}} {
		add("Anti-trafficking task force support in "+c[0], "in_progress", "capacity_building", "Khartoum Process", "EU; ITA", c[1], "trafficking; migrant_smuggling", "GCM-10; JVAP-4", "2026-12-31", "Khartoum Process Thematic Meeting on Smuggling")
	}
	for _, c := range [][2]string{{"Niger", "NER"}, {"Mali", "MLI"}, {"Chad", "TCD"}, {"Libya", "LBY"}, {"Morocco", "MAR"}} {
		add("EU Trust Fund programme for resilience in "+c[0], "delivered", "funding", "EU Trust Fund for Africa", "EU", c[1], "root_causes", "EUTF-2", "2024-12-31", "")
	}
	add("Voluntary humanitarian returns from Libya", "delivered", "operational", "EU Trust Fund for Africa", "IOM; EU", "LBY; NER; NGA; GIN; MLI", "return_readmission_reintegration", "GCM-21; EUTF-3", "2024-12-31", "")
	add("EUR 3 billion second tranche for refugees in Türkiye", "delivered", "funding", "EU–Türkiye Facility for Refugees", "EU", "Türkiye", "asylum_reception", "GCM-15", "2025-12-31", "")
	add("Education for refugee children in Türkiye", "in_progress", "funding", "EU–Türkiye Facility for Refugees", "EU; UNHCR", "TUR", "asylum_reception; human_rights", "GCM-15", "2026-12-31", "")
	add("Support to Jordan and Lebanon hosting refugees", "in_progress", "funding", "", "EU", "JOR; LBN", "asylum_reception", "GCM-15", "2026-12-31", "")
	add("Skills mobility scheme for Moroccan technicians", "proposed", "policy", "Talent Partnership with Morocco", "EU; ESP; DEU", "MAR", "legal_migration_mobility", "GCM-18", "2027-06-30", "Talent Partnership Roundtable, Casablanca")
	add("Recognition of Moroccan qualifications in Spain", "proposed", "legal", "Talent Partnership with Morocco", "Spain", "Morocco", "legal_migration_mobility", "GCM-18", "", "Talent Partnership Roundtable, Casablanca")
	add("Data on missing migrants in the Central Mediterranean", "agreed", "data", "", "IOM", "LBY; TUN; ITA; GRC", "saving_lives_at_sea; evidence_based_governance", "GCM-8; GCM-1", "2026-06-30", "")
	add("African Union migration policy framework review", "proposed", "policy", "", "AU", "AU", "evidence_based_governance", "GCM-1", "2027-01-31", "")
	add("ECOWAS free movement protocol implementation", "stalled", "policy", "Rabat Process", "ECOWAS", "NER; MLI; BFA; SEN; NGA", "legal_migration_mobility", "JVAP-1", "2025-12-31", "")
	add("Alternatives to detention pilot in Greece", "proposed", "operational", "", "GRC", "GRC", "alternatives_to_detention", "GCM-13", "2026-10-31", "")
	add("Algeria–Niger border cooperation on rescue in the desert", "stalled", "operational", "", "Algeria; Niger", "DZA; NER", "saving_lives_at_sea", "GCM-8", "", "")
	add("Cameroon reception capacity for Central African refugees", "agreed", "funding", "", "UNHCR; EU", "CMR", "asylum_reception", "GCM-15", "2026-12-31", "")
	add("Countering smuggling on the Atlantic route (Senegal, Mauritania)", "in_progress", "operational", "Rabat Process", "SEN; MRT; ESP", "SEN; MRT", "migrant_smuggling; saving_lives_at_sea", "GCM-9; JVAP-4", "2026-06-30", "Rabat Process Senior Officials Meeting 2025")
	add("Labour exploitation inspections in agriculture", "proposed", "policy", "", "ITA; ESP; FRA", "ITA; ESP; FRA", "labour_exploitation_discrimination", "GCM-6", "2026-12-31", "")
	// Titles as people type them that spreadsheets would run as formulas.
	add("+2,000 resettlement places offered by Spain", "agreed", "policy", "", "Spain", "ESP", "asylum_reception", "GCM-5", "2026-12-31", "")
	add("-10% irregular departures on the Atlantic route (target)", "proposed", "operational", "Rabat Process", "SEN; MRT", "SEN; MRT", "migrant_smuggling", "GCM-9", "2027-12-31", "")
	add("@IOM_GMDAC data portal on migration flows", "delivered", "data", "", "IOM", "IOM", "evidence_based_governance", "GCM-1", "", "")
	add(`=HYPERLINK("http://example.org/eutf","EUTF annual report") as the source of record`, "delivered", "data", "EU Trust Fund for Africa", "EU", "EU", "evidence_based_governance", "EUTF-4", "", "")
	add("Regional data hub on migration flows in West Africa", "agreed", "data", "Rabat Process", "ICMPD; ECOWAS", "SEN; CIV; NGA; GHA", "evidence_based_governance", "GCM-1; JVAP-5", "2026-12-31", "")
	add("EUR 4 billion macro-financial assistance loan to Egypt", "in_progress", "funding", "EU–Egypt Strategic and Comprehensive Partnership", "EU", "Égypte", "root_causes", "GCM-2", "2027-12-31", "EU–Egypt Investment Conference")
	add("Migrant protection and assistance in Mauritania (IOM)", "in_progress", "operational", "EU–Mauritania Migration Partnership", "IOM", "MRT", "human_rights; return_readmission_reintegration", "GCM-7", "2026-12-31", "")
	add("THAMM Plus: labour mobility for Tunisia, Morocco and Egypt", "in_progress", "funding", "", "EU; ILO; IOM", "TUN; MAR; EGY", "legal_migration_mobility", "GCM-5; GCM-18", "2026-12-31", "")
	// The countries of this programme are in its funding split alone (towards is left empty):
	// its unallocated regional envelope is shared, not each country's.
	add("Regional Development and Protection Programme for North Africa, phase III", "in_progress", "funding", "EU Trust Fund for Africa", "EU", "", "asylum_reception; root_causes", "EUTF-2", "2025-12-31", "")
	add("Vocational training centres for mobility in Egypt", "agreed", "funding", "Talent Partnership with Egypt", "EU; DEU", "EGY", "legal_migration_mobility", "GCM-18", "2027-06-30", "Talent Partnership with Egypt: launch")
	add("Mobility scheme for Tunisian ICT graduates", "proposed", "policy", "Talent Partnership with Tunisia", "EU; ITA", "TUN", "legal_migration_mobility", "GCM-5", "2027-03-31", "")
	add("Search and rescue coordination on the Atlantic route", "in_progress", "operational", "Team Europe Initiative on the Atlantic and Western Mediterranean Route", "ESP; MRT; SEN", "MRT; SEN", "saving_lives_at_sea", "GCM-8", "2026-06-30", "")

	// Money and figures, in the JSON cells, with countries by name, ISO3 or French name.
	eur := func(amount, instrument, state, asOf, country string) Money {
		return Money{Amount: json.Number(amount), Currency: "EUR", Instrument: instrument, State: state, AsOf: asOf, Country: country}
	}
	usd := func(amount, instrument, state, asOf, country string) Money {
		m := eur(amount, instrument, state, asOf, country)
		m.Currency = "USD"
		return m
	}
	sourced := func(m Money, source string) Money { m.Source = source; return m }
	money := map[string][]Money{
		"EUR 105 million for border management, search and rescue and returns (Tunisia)": {
			sourced(eur("105000000", "grant", "committed", "2023-07-16", ""), "MoU, annex on migration"), eur("42000000", "grant", "disbursed", "2025-03-31", "")},
		"EUR 150 million budget support to Tunisia":         {eur("150000000", "budget_support", "committed", "2023-07-16", "TUN"), eur("60000000", "budget_support", "disbursed", "2024-03-01", "TUN")},
		"Voluntary return and reintegration from Tunisia":   {sourced(usd("8750000", "grant", "committed", "2024-05-01", ""), "IOM project document TN10P0518")},
		"EUR 200 million for migration management in Egypt": {eur("200000000", "grant", "committed", "2024-03-17", "")},
		"EUR 4 billion macro-financial assistance loan to Egypt": {
			eur("1000000000", "loan", "disbursed", "2024-12-27", "Égypte"), sourced(eur("4000000000", "loan", "committed", "2025-06-30", "Égypte"), "Regulation (EU) 2025/1111")},
		"EUR 210 million for the EU–Mauritania partnership": {
			sourced(eur("210000000", "grant", "pledged", "2024-03-07", ""), "Joint Declaration, 7 March 2024"), eur("60000000", "grant", "contracted", "2025-04-08", "Mauritanie")},
		"Migrant protection and assistance in Mauritania (IOM)":      {usd("4500000", "grant", "committed", "2025-01-15", "Mauritanie")},
		"Voluntary humanitarian returns from Libya":                  {eur("57000000", "trust_fund_contribution", "committed", "2017-04-12", ""), usd("3250000.50", "grant", "disbursed", "2024-12-31", "Libya")},
		"EUR 3 billion second tranche for refugees in Türkiye":       {eur("3000000000", "grant", "committed", "2018-03-14", ""), eur("2400000000", "grant", "disbursed", "2024-12-31", "")},
		"Education for refugee children in Türkiye":                  {eur("400000000", "grant", "contracted", "2021-06-01", "Türkiye")},
		"Support to Jordan and Lebanon hosting refugees":             {eur("60000000", "grant", "committed", "2024-01-15", "Jordan"), eur("40000000", "grant", "committed", "2024-01-15", "LBN"), eur("20000000", "grant", "pledged", "2024-01-15", "")},
		"Cameroon reception capacity for Central African refugees":   {usd("12500000", "grant", "pledged", "2025-02-01", "")},
		"Data on missing migrants in the Central Mediterranean":      {usd("1200000", "grant", "committed", "2024-09-01", "")},
		"THAMM Plus: labour mobility for Tunisia, Morocco and Egypt": {eur("20000000", "grant", "committed", "2023-10-01", ""), eur("7500000", "grant", "contracted", "2024-02-01", "Maroc")},
		"Regional Development and Protection Programme for North Africa, phase III": {
			eur("8000000", "trust_fund_contribution", "committed", "2022-03-01", "Tunisia"), eur("6000000", "trust_fund_contribution", "committed", "2022-03-01", "MAR"),
			eur("7000000", "trust_fund_contribution", "committed", "2022-03-01", "Egypt"), eur("9000000", "trust_fund_contribution", "committed", "2022-03-01", "Libye"),
			eur("5000000", "trust_fund_contribution", "pledged", "2022-03-01", "")},
		"Vocational training centres for mobility in Egypt": {eur("15000000", "grant", "pledged", "2025-01-30", "")},
	}
	for _, c := range [][2]string{{"Senegal", "12000000"}, {"Côte d'Ivoire", "9500000"}, {"Nigeria", "15000000"}, {"Ghana", "7000000"}, {"Gambia", "5500000"}, {"Guinea", "8000000"}} {
		money["Reintegration support for returnees to "+c[0]] = []Money{eur(c[1], "trust_fund_contribution", "committed", "2019-10-01", "")}
	}
	for _, c := range [][2]string{{"Niger", "253000000"}, {"Mali", "228000000"}, {"Chad", "115000000"}, {"Libya", "465000000"}, {"Morocco", "238000000"}} {
		money["EU Trust Fund programme for resilience in "+c[0]] = []Money{eur(c[1], "trust_fund_contribution", "committed", "2016-12-13", "")}
	}
	figures := map[string][]Figure{
		// Per country, over two years, and the all-country total that no country may claim.
		"Voluntary humanitarian returns from Libya": {{Name: "Migrants assisted to return home", Unit: "people", Target: num("60000"), Source: "IOM Displacement Tracking Matrix",
			Values: []Value{{"17000", "2023-12-31", "NER"}, {"19500", "2024-12-31", "Niger"}, {"9800", "2023-12-31", "Nigeria"}, {"11200", "2024-12-31", "NGA"},
				{"6400", "2024-12-31", "Guinée"}, {"5200", "2024-12-31", "Mali"}, {"41000", "2023-12-31", ""}, {"47300", "2024-12-31", ""}}}},
		"THAMM Plus: labour mobility for Tunisia, Morocco and Egypt": {{Name: "Job placements abroad", Unit: "people", Baseline: num("0"), Target: num("3000"), Source: "ILO monitoring report",
			Values: []Value{{"210", "2024-12-31", "Tunisie"}, {"350", "2025-06-30", "TUN"}, {"300", "2024-12-31", "Maroc"}, {"420", "2025-06-30", "MAR"}, {"180", "2025-06-30", "Égypte"}}}},
		"Education for refugee children in Türkiye": {{Name: "Refugee children enrolled in school", Unit: "children", Target: num("800000"), Source: "Ministry of National Education",
			Values: []Value{{"680000", "2023-06-30", ""}, {"735000", "2024-06-30", ""}}}},
		"EUR 210 million for the EU–Mauritania partnership": {{Name: "Irregular departures from the Mauritanian coast", Unit: "people", Source: "Frontex",
			Values: []Value{{"7270", "2023-12-31", "Mauritania"}, {"46843", "2024-12-31", "Mauritania"}}}},
	}
	// What was promised, in words, with the caveats a minister must know.
	texts := map[string]string{
		"Voluntary return and reintegration from Tunisia": "IOM helps migrants stranded in Tunisia to return home voluntarily and to start again there. " +
			"Tunisia readmits only its own nationals: third-country nationals cannot be returned to Tunisia under the MoU.",
		"EUR 150 million budget support to Tunisia": "Budget support tied to the reform programme of the MoU. Tunisia's president rejected the IMF conditions in April 2023; " +
			"the remaining EUR 90 million depends on a reform path agreed with the EU instead.",
		"EUR 105 million for border management, search and rescue and returns (Tunisia)": "Equipment, training and maintenance for the Tunisian coast guard and navy; " +
			"a maritime rescue coordination centre in Tunis; assisted voluntary returns from Tunisia to countries of origin. " +
			"The first boats were delivered in 2024 and the rest are due by the end of 2026. " +
			"Tunisia asked that the support be presented as its own border policy and not as a service to the EU, and refuses any joint patrols. " +
			"Human-rights monitoring of the coast guard is part of the package and reported to the European Parliament twice a year. " +
			"Any new tranche needs the joint committee's agreement.",
		"EUR 3 billion second tranche for refugees in Türkiye": "The second tranche of the Facility, contracted in full by the end of 2020. " +
			"Returns to Türkiye from the Greek islands have been on hold since March 2020.",
		"EUR 210 million for the EU–Mauritania partnership": "Announced with the joint declaration of 7 March 2024: jobs and skills, border management, protection. " +
			"Mauritania will not host a return centre for third-country nationals.",
		"EUR 4 billion macro-financial assistance loan to Egypt": "A loan in two operations, conditional on the reforms agreed with the IMF. " +
			"Egypt counts some 9 million migrants and refugees on its territory.",
	}
	for i, row := range commitments.Rows {
		if tx, ok := texts[row[0]]; ok {
			commitments.Rows[i][13] = tx
			delete(texts, row[0])
		}
		if m, ok := money[row[0]]; ok {
			commitments.Rows[i][11] = cell(m)
			delete(money, row[0])
		}
		if f, ok := figures[row[0]]; ok {
			commitments.Rows[i][12] = cell(f)
			delete(figures, row[0])
		}
	}
	if len(money)+len(figures)+len(texts) > 0 {
		panic(fmt.Sprintf("portfolio: money or figures for commitments that do not exist: %v %v", money, figures))
	}

	interventions := Sheet{Kind: "intervention", Header: []string{"meeting", "session", "on_behalf_of", "speaker", "points", "commitments", "countries"}, Rows: [][]string{
		{"Rabat Process Senior Officials Meeting 2025", "Roundtable 2: returns", "EU", "Head of Delegation", "Reintegration must be sustainable.\nEUR 210 million for Mauritania is a first step.", "Reintegration support for returnees to Senegal; Reintegration support for returnees to Côte d'Ivoire", "SEN; CIV"},
		{"EU–Tunisia Migration Dialogue, Tunis 2025", "Opening", "Tunisie", "Minister", "Tunisia will not be a border guard for Europe.", "EUR 150 million budget support to Tunisia", "TUN"},
		{"Khartoum Process Thematic Meeting on Smuggling", "Session 1", "IOM", "Regional Director", "=Smuggling networks adapt faster than laws.\n+Data sharing is key.", "", "ETH; ERI"},
	}}
	return []Sheet{parties, frameworks, partnerships, meetings, commitments, interventions}
}

func region(iso3 string) string {
	switch iso3 {
	case "ITA", "ESP", "FRA", "DEU", "GRC":
		return "Europe"
	case "TUR", "JOR", "LBN":
		return "Middle East"
	}
	return "Africa"
}

// Rows counts the records of the portfolio.
func Rows(sheets []Sheet) int {
	n := 0
	for _, s := range sheets {
		n += len(s.Rows)
	}
	return n
}

// Encodings that Write renders.
const (
	UTF8    = "UTF-8"
	UTF8BOM = "UTF-8 with BOM"
	UTF16LE = "UTF-16 LE"
	UTF16BE = "UTF-16 BE"
	CP1252  = "Windows-1252"
)

// File is one rendered CSV file.
type File struct {
	Name string
	Kind string // "" when the file has a kind column
	Data []byte
}

// Write renders the sheets one file per kind (kind "" names them in the file: mixed) or as
// one file with a kind column, whose rows are in reverse order so that references come
// before what they refer to.
func Write(sheets []Sheet, mixed bool, delim rune, encoding string) ([]File, error) {
	var files []File
	if !mixed {
		for _, s := range sheets {
			data, err := render(append([][]string{s.Header}, s.Rows...), delim, encoding)
			if err != nil {
				return nil, err
			}
			files = append(files, File{Name: s.Kind + ".csv", Kind: s.Kind, Data: data})
		}
		return files, nil
	}
	header := []string{"kind"}
	col := map[string]int{}
	for _, s := range sheets {
		for _, h := range s.Header {
			if _, ok := col[h]; !ok {
				col[h] = len(header)
				header = append(header, h)
			}
		}
	}
	var rows [][]string
	for i := len(sheets) - 1; i >= 0; i-- {
		s := sheets[i]
		for j := len(s.Rows) - 1; j >= 0; j-- {
			row := make([]string, len(header))
			row[0] = s.Kind
			for k, h := range s.Header {
				row[col[h]] = s.Rows[j][k]
			}
			rows = append(rows, row)
		}
	}
	data, err := render(append([][]string{header}, rows...), delim, encoding)
	if err != nil {
		return nil, err
	}
	return []File{{Name: "portfolio.csv", Data: data}}, nil
}

func render(rows [][]string, delim rune, encoding string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = delim
	w.UseCRLF = true // as Excel writes
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	text := b.String()
	switch encoding {
	case UTF8:
		return []byte(text), nil
	case UTF8BOM:
		return append([]byte("\uFEFF"), text...), nil
	case UTF16LE:
		out := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(text)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out, nil
	case UTF16BE:
		out := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(text)) {
			out = append(out, byte(u>>8), byte(u))
		}
		return out, nil
	case CP1252:
		out, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		if err != nil {
			return nil, fmt.Errorf("the portfolio does not fit Windows-1252: %w", err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown encoding %q (use %s)", encoding, strings.Join([]string{UTF8, UTF8BOM, UTF16LE, UTF16BE, CP1252}, ", "))
}
