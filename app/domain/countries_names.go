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
	// French typography writes the apostrophe ’, as every French text of the app does;
	// iso-codes writes '. The ISO names stay aliases, and CountryByName and ReadCountry take
	// either apostrophe, so a title or a CSV cell typed with ' still finds the country.
	"CIV": {"", "Côte d’Ivoire"},
	"IOT": {"", "Territoire britannique de l’océan Indien"},
	// French ISO names that UN French usage has left: the UN's short names, without the
	// bracket of the State's form ("Venezuela", not "Venezuela (République bolivarienne
	// du)"); the ISO names stay aliases, so "Birmanie" or "Vénézuela" still find them.
	"VEN": {"", "Venezuela"},
	"GRL": {"", "Groenland"},
	"MMR": {"", "Myanmar"},
	"TLS": {"", "Timor-Leste"},
	"SUR": {"", "Suriname"},
	"MAC": {"", "Macao"},
}

// shortNames are the names people type for countries whose display name is long, so that
// a point saying "Russia" or a CSV cell saying "RDC" finds the country. They find it and are
// never shown. Only names no other country could be meant by.
var shortNames = map[string][]string{
	"RUS": {"Russia", "Russie"},
	"SYR": {"Syrie"},
	"COD": {"DR Congo", "RD Congo", "DRC", "RDC", "Congo-Kinshasa"},
	"COG": {"Congo-Brazzaville"},
	"PSE": {"Palestine"},
	"VAT": {"Vatican"},
	// Names a country had until lately, or has in everyday speech, which sheets and talking
	// points still write: each was refused with another country suggested ("Turkey": did you
	// mean Türkiye; "Ivory Coast": Morocco; "Turquie": Tunisia).
	"TUR": {"Turkey", "Turquie"},
	"CIV": {"Ivory Coast"},
	"SWZ": {"Swaziland"},
	"MMR": {"Burma"},
	"CPV": {"Cape Verde"},
	"TLS": {"East Timor"},
	"MKD": {"Macedonia", "Macédoine"},
	"GBR": {"Great Britain", "Britain", "Grande-Bretagne"},
	"NLD": {"Holland"},
	"GMB": {"The Gambia"},
	"STP": {"Sao Tome", "São Tomé"},
	"BRN": {"Brunei"},
	"CAF": {"Centrafrique"},
	"BIH": {"Bosnia", "Bosnie"},
	"BLR": {"Biélorussie"},
}

// abbreviations are the letters sheets write for a country besides its ISO codes: written
// whole (a CSV cell, --country), they find it, as formal names do; they are never searched
// word by word, where "eau" (water) or "car" would find the country's records.
var abbreviations = map[string][]string{
	"GBR": {"UK"},
	"ARE": {"UAE", "EAU"},
	"CAF": {"CAR", "RCA"},
}

// formalNames are the UN's formal names where iso-codes has none or another spelling
// ("République bolivarienne du Vénézuela"): written whole, they find the country (Names), as
// iso-codes' official names do; they are never shown nor searched word by word
// (SearchNames), for the words "république", "union" would find most countries.
var formalNames = map[string][]string{
	"VEN": {"Venezuela (Bolivarian Republic of)", "Venezuela (République bolivarienne du)", "République bolivarienne du Venezuela"},
	"MMR": {"Republic of the Union of Myanmar", "République de l’Union du Myanmar"},
	"SUR": {"République du Suriname"},
	"MAC": {"China, Macao Special Administrative Region", "Chine, région administrative spéciale de Macao"},
}
