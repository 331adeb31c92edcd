package domain

import (
	"strings"
	"unicode"
)

// French names of countries take an article that depends on the name: "la Tunisie",
// "le Niger", "l’Égypte", "les Comores", and none for "Cuba", "Israël" or "Maurice". ISO
// 3166-1 does not carry it, so it is decided here for the display name (NameFR) of every
// country of the reference list, "" for none: a test fails for an entry that is not a country
// and for a country left out. The display names replace the inverted ISO names, so "la
// Fédération de Russie", "l’État de Palestine", "la République arabe syrienne", "l’Iran".
var articleFR = map[string]string{
	"AFG": "l’", "AGO": "l’", "ALA": "les", "ALB": "l’", "AND": "l’", "ARE": "les", "ARG": "l’",
	"ARM": "l’", "ASM": "les", "ATA": "l’", "ATF": "les", "AUS": "l’", "AUT": "l’", "AZE": "l’",
	"BDI": "le", "BEL": "la", "BEN": "le", "BFA": "le", "BGD": "le", "BGR": "la", "BHS": "les",
	"BIH": "la", "BLR": "le", "BLZ": "le", "BMU": "les", "BOL": "la", "BRA": "le", "BRB": "la",
	"BRN": "le", "BTN": "le", "BVT": "l’", "BWA": "le",
	"CAF": "la", "CAN": "le", "CCK": "les", "CHE": "la", "CHL": "le", "CHN": "la", "CIV": "la",
	"CMR": "le", "COD": "la", "COG": "la", "COK": "les", "COL": "la", "COM": "les", "CPV": "le",
	"CRI": "le", "CXR": "l’", "CYM": "les", "CZE": "la",
	"DEU": "l’", "DMA": "la", "DNK": "le", "DOM": "la", "DZA": "l’",
	"ECU": "l’", "EGY": "l’", "ERI": "l’", "ESH": "le", "ESP": "l’", "EST": "l’", "ETH": "l’",
	"FIN": "la", "FJI": "les", "FLK": "les", "FRA": "la", "FRO": "les", "FSM": "la",
	"GAB": "le", "GBR": "le", "GEO": "la", "GHA": "le", "GIN": "la", "GLP": "la", "GMB": "la",
	"GNB": "la", "GNQ": "la", "GRC": "la", "GRD": "la", "GRL": "le", "GTM": "le", "GUF": "la",
	"GUY": "le",
	"HMD": "les", "HND": "le", "HRV": "la", "HUN": "la",
	"IDN": "l’", "IMN": "l’", "IND": "l’", "IOT": "le", "IRL": "l’", "IRN": "l’", "IRQ": "l’",
	"ISL": "l’", "ITA": "l’",
	"JAM": "la", "JOR": "la", "JPN": "le",
	"KAZ": "le", "KEN": "le", "KGZ": "le", "KHM": "le", "KOR": "la", "KWT": "le",
	"LAO": "la", "LBN": "le", "LBR": "le", "LBY": "la", "LIE": "le", "LKA": "le", "LSO": "le",
	"LTU": "la", "LUX": "le", "LVA": "la",
	"MAR": "le", "MDA": "la", "MDV": "les", "MEX": "le", "MHL": "les", "MKD": "la", "MLI": "le",
	"MMR": "le", "MNE": "le", "MNG": "la", "MNP": "les", "MOZ": "le", "MRT": "la", "MTQ": "la",
	"MWI": "le", "MYS": "la",
	"NAM": "la", "NCL": "la", "NER": "le", "NFK": "l’", "NGA": "le", "NIC": "le", "NLD": "les",
	"NOR": "la", "NPL": "le", "NZL": "la",
	"PAK": "le", "PAN": "le", "PCN": "les", "PER": "le", "PHL": "les", "PLW": "les", "PNG": "la",
	"POL": "la", "PRK": "la", "PRT": "le", "PRY": "le", "PSE": "l’", "PYF": "la",
	"QAT": "le",
	"REU": "la", "ROU": "la", "RUS": "la", "RWA": "le",
	"SAU": "l’", "SDN": "le", "SEN": "le", "SGS": "la", "SLB": "les", "SLE": "la", "SLV": "le",
	"SOM": "la", "SRB": "la", "SSD": "le", "SUR": "le", "SVK": "la", "SVN": "la", "SWE": "la",
	"SWZ": "l’", "SYC": "les", "SYR": "la",
	"TCA": "les", "TCD": "le", "TGO": "le", "THA": "la", "TJK": "le", "TKM": "le", "TLS": "le",
	"TON": "les", "TUN": "la", "TUR": "la", "TZA": "la",
	"UGA": "l’", "UKR": "l’", "UMI": "les", "URY": "l’", "USA": "les", "UZB": "l’",
	"VAT": "le", "VEN": "le", "VGB": "les", "VIR": "les", "VNM": "le", "VUT": "le",
	"YEM": "le",
	// The French government's list of countries writes these plural, as their names were
	// first of archipelagos: "les Samoa", "aux Kiribati", "des Tuvalu", "les Tokelau".
	"KIR": "les", "TKL": "les", "TUV": "les", "WSM": "les",
	"ZAF": "l’", "ZMB": "la", "ZWE": "le",
	// No article: "à Cuba", "d’Israël", "envers Maurice".
	"ABW": "", "AIA": "", "ATG": "", "BES": "", "BHR": "", "BLM": "", "CUB": "", "CUW": "",
	"CYP": "", "DJI": "", "GGY": "", "GIB": "", "GUM": "", "HKG": "", "HTI": "", "ISR": "",
	"JEY": "", "KNA": "", "LCA": "", "MAC": "", "MAF": "", "MCO": "", "MDG": "",
	"MLT": "", "MSR": "", "MUS": "", "MYT": "", "NIU": "", "NRU": "", "OMN": "", "PRI": "",
	"SGP": "", "SHN": "", "SJM": "", "SMR": "", "SPM": "", "STP": "", "SXM": "",
	"TTO": "", "TWN": "", "VCT": "", "WLF": "",
}

// ArticleFR is the article a country's French name takes ("la", "le", "l’", "les", or ""
// for none).
func ArticleFR(alpha3 string) string { return articleFR[strings.ToUpper(alpha3)] }

// FrenchIn writes a French name after a preposition with its article, contracting as French
// does: ("à", "le", "Niger") → "au Niger", ("de", "les", "Comores") → "des Comores",
// ("envers", "l’", "Égypte") → "envers l’Égypte", ("de", "", "Israël") → "d’Israël". prep ""
// gives the name with its article ("la Tunisie").
func FrenchIn(prep, article, name string) string {
	switch {
	case prep == "à" && article == "le":
		return "au " + name
	case prep == "à" && article == "les":
		return "aux " + name
	case prep == "de" && article == "le":
		return "du " + name
	case prep == "de" && article == "les":
		return "des " + name
	case prep == "de" && article == "" && startsWithVowel(name):
		return "d’" + name
	}
	out := name
	switch article {
	case "":
	case "l’":
		out = article + name
	default:
		out = article + " " + name
	}
	if prep != "" {
		out = prep + " " + out
	}
	return out
}

func startsWithVowel(s string) bool {
	for _, r := range s {
		r = unicode.ToLower(r)
		return strings.ContainsRune("aeiouyàâäéèêëîïôöùûüœh", r) && r != 'h'
	}
	return false
}
