package domain

// Display names (docs/brief.md, "Country names"). ISO 3166-1 writes some names inverted for
// sorting ("Russie, Fédération de", "Congo, The Democratic Republic of the"), which cannot
// stand in a sentence nor take an article. Such a country is shown by the UN's short names,
// English and French together so that both languages name the same thing, without a bracketed
// qualifier of the State's form ("Iran", not "Iran (Islamic Republic of)"). "" keeps the ISO
// name in that language. Every other country is shown by its ISO name.
var displayNames = map[string][2]string{
	// Inverted in English.
	"COD": {"Democratic Republic of the Congo", "République démocratique du Congo"},
	"PSE": {"State of Palestine", "État de Palestine"},
	"FSM": {"Micronesia", "Micronésie"},
	"VGB": {"British Virgin Islands", "Îles Vierges britanniques"},
	"VIR": {"United States Virgin Islands", "Îles Vierges américaines"},
	// Inverted in French.
	"RUS": {"Russian Federation", "Fédération de Russie"},
	"SYR": {"Syrian Arab Republic", "République arabe syrienne"},
	"IRN": {"Iran", "Iran"},
	"LAO": {"Lao People’s Democratic Republic", "République démocratique populaire lao"},
	"ALA": {"", "Îles d’Åland"},
	"CCK": {"", "Îles Cocos (Keeling)"},
	"CXR": {"", "Île Christmas"},
	"FLK": {"", "Îles Falkland (Malvinas)"},
	"REU": {"", "Réunion"},
	"SLB": {"", "Îles Salomon"},
	// A bracketed description rather than a name ("Holy See (Vatican City State)").
	"VAT": {"Holy See", "Saint-Siège"},
	// French names that begin with a small letter, or capitalise an adjective: a name that
	// heads a list or a line starts with a capital, as the UN writes them.
	"BVT": {"", "Île Bouvet"},
	"COK": {"", "Îles Cook"},
	"CYM": {"", "Îles Caïmans"},
	"FRO": {"", "Îles Féroé"},
	"HMD": {"", "Îles Heard-et-MacDonald"},
	"NFK": {"", "Île Norfolk"},
	"TCA": {"", "Îles Turques-et-Caïques"},
	"GNQ": {"", "Guinée équatoriale"},
}

// shortNames are the names people type for countries whose display name is long, so that
// a point saying "Russia" or a CSV cell saying "RDC" finds the country. They find it and are
// never shown. Only names no other country could be meant by.
var shortNames = map[string][]string{
	"RUS": {"Russia", "Russie"},
	"SYR": {"Syrie"},
	"COD": {"DR Congo", "RD Congo", "DRC", "RDC"},
	"PSE": {"Palestine"},
	"VAT": {"Vatican"},
}
