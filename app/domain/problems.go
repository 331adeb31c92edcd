package domain

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"dossier/app/internal/textcap"
)

// Problem is one broken rule of one field: a stable code and the values its message needs.
// The English text comes from one table (problemText) for the CLI, logs and the wire's
// English message; the UI words the code itself, in the reader's language, from its own
// catalogue ("rule.CODE" in frontend/src/lib/i18n), with the same parameters
// (docs/api.md, "Field problems").
type Problem struct {
	Code   string            `json:"code"`
	Params map[string]string `json:"params,omitempty"`
}

// MaxParam bounds one parameter's value: values come from outside input (a bundle, a CSV
// cell, an identity card), and a message must stay a screenful. They are also made visible
// (textcap.Visible): a line break or a right-to-left override in a value cannot break or
// rearrange the message on screen or in a terminal.
const MaxParam = 200

// P builds a problem from a code and key, value pairs.
func P(code string, kv ...string) Problem {
	p := Problem{Code: code}
	if len(kv) > 1 {
		p.Params = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			p.Params[kv[i]] = textcap.Cut(textcap.Visible(kv[i+1]), MaxParam)
		}
	}
	return p
}

// With is the problem with one more parameter (or one replaced), bounded and made visible
// as P makes them; the problem itself is left unchanged (callers may share it).
func (p Problem) With(name, value string) Problem {
	params := make(map[string]string, len(p.Params)+1)
	for k, v := range p.Params {
		params[k] = v
	}
	params[name] = textcap.Cut(textcap.Visible(value), MaxParam)
	p.Params = params
	return p
}

// Text is the problem in English.
func (p Problem) Text() string {
	tmpl, ok := problemText[p.Code]
	if !ok {
		return "fails the rule " + strconv.Quote(p.Code)
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		name, format, _ := strings.Cut(tmpl[i+1:i+j], ":")
		b.WriteString(p.formatParam(name, format))
		tmpl = tmpl[i+j+1:]
	}
}

// formatParam writes a parameter as the English template asks: "q" quotes it, "month" names
// a month number, "want" words a shape code, "rows" words a list of CSV row numbers
// ("2, 7": "row 2; row 7"), "entry" a place in a list cell ("1.values.3.country": "entry 1,
// values entry 3, country: "; nothing when absent), "candidates" the records a name could
// be (CandidateParams), "keys" the ways to name a record ("id, iso3": "its id or ISO3
// code"), "more" how many a list left out (" … and 3 more"; nothing for 0), "field" a field
// name as words ("framework_items": "framework items"), "cell" a cell's text in quotes ("an
// empty cell" for none), "a" a kind with its article ("an
// intervention"), "plural" kinds in the plural ("partnerships and commitments").
func (p Problem) formatParam(name, format string) string {
	v := p.Params[name]
	switch format {
	case "q":
		return strconv.Quote(v)
	case "entry":
		if v == "" {
			return ""
		}
		return EntryPath(v, "entry") + ": "
	case "candidates":
		return p.candidates()
	case "countries":
		return countriesWords(v)
	case "keys":
		return keyWays(v)
	case "more":
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return " … and " + v + " more"
		}
		return ""
	case "system":
		return SystemKindWords(v)
	case "field":
		return strings.ReplaceAll(v, "_", " ")
	case "cell":
		if v == "" {
			return "an empty cell"
		}
		return "“" + v + "”"
	case "a":
		return kindWithArticle(v)
	case "plural":
		parts := strings.Split(v, ", ")
		for i, k := range parts {
			parts[i] = kindPlural(k)
		}
		if n := len(parts); n > 1 {
			return strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
		}
		return parts[0]
	case "month":
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 12 {
			return time.Month(n).String()
		}
	case "rows":
		if v == "" {
			return v
		}
		return "row " + strings.Join(strings.Split(v, ", "), "; row ")
	case "want":
		switch v {
		case "party_roles":
			return `a list of {"party": ID, "role": ROLE} objects`
		case "texts":
			return "a list of text values"
		case "list":
			return "a list (JSON array) of " + p.Params["of"]
		case "text":
			return "text"
		}
	}
	return v
}

// countriesWords words alpha-3 codes (", "-separated) with their countries' names: "KOR (South
// Korea), PRK (North Korea)". The screens name them in the reader's language (problems.ts).
func countriesWords(codes string) string {
	parts := strings.Split(codes, ", ")
	for i, code := range parts {
		if c, ok := CountryByCode(code); ok {
			parts[i] = code + " (" + c.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// SystemKindWords words a kind of record Dossier keeps itself (no label, no form) as what it
// is for the reader: "a trust statement, which Dossier keeps itself". The screens word it so
// in each language (problems.ts, "system.KIND").
func SystemKindWords(kind string) string {
	switch kind {
	case "sys_trust":
		return "a trust statement, which Dossier keeps itself"
	}
	return "a record Dossier keeps itself"
}

// EntryPath words a place in a list cell, given as its entries (from 1) and the field names
// on the way, dot-separated: "1.values.3.country" is "entry 1, values entry 3, country" with
// entry "entry". The screens word it the same way in each language (problems.ts).
func EntryPath(path, entry string) string {
	var parts []string
	afterName := false
	for _, tok := range strings.Split(path, ".") {
		_, err := strconv.Atoi(tok)
		switch {
		case err == nil && afterName:
			parts[len(parts)-1] += " " + entry + " " + tok
			afterName = false
		case err == nil:
			parts = append(parts, entry+" "+tok)
		default:
			parts = append(parts, tok)
			afterName = true
		}
	}
	return strings.Join(parts, ", ")
}

// FieldPlace splits a field path as the validator names it ("indicators[0].values[2].as_of")
// into the field ("indicators") and the place inside its value as EntryPath takes it
// ("1.values.3.as_of": entries counted from 1, as a person counts them). A plain field has
// no place: ("due", ""). A CSV import names the column so, and the place beside it, so that a
// refusal points to the column the spreadsheet's header names (docs/csv.md, "The report").
func FieldPlace(path string) (field, at string) {
	i := strings.IndexAny(path, "[.")
	if i < 0 {
		return path, ""
	}
	field, rest := path[:i], path[i:]
	var parts []string
	for rest != "" {
		switch rest[0] {
		case '[':
			j := strings.IndexByte(rest, ']')
			n, err := strconv.Atoi(rest[1:max(j, 1)])
			if j < 0 || err != nil || n < 0 {
				return path, "" // not a path the validator writes: named as it is
			}
			parts, rest = append(parts, strconv.Itoa(n+1)), rest[j+1:]
		case '.':
			j := strings.IndexAny(rest[1:], "[.")
			if j < 0 {
				j = len(rest) - 1
			}
			if j == 0 {
				return path, ""
			}
			parts, rest = append(parts, rest[1:j+1]), rest[j+1:]
		default:
			return path, ""
		}
	}
	return field, strings.Join(parts, ".")
}

// MaxCandidates is the most records a reference message names as what a name could be.
const MaxCandidates = 10

// Candidate is a record a name in a CSV cell could stand for: held (ID), or a row of the
// import (Row, and File when the import has several).
type Candidate struct {
	Label, ISO3, ID, File string
	Row                   int
}

// CandidateParams adds the candidates to a problem's key, value pairs: "count" (all of them)
// and, for the first MaxCandidates, "cN" (the label), "cN_iso3", and "cN_id" or "cN_row"
// (with "cN_file"). One parameter each, so that none is cut and each language words them.
func CandidateParams(kv []string, cs []Candidate) []string {
	kv = append(kv, "count", strconv.Itoa(len(cs)))
	for i, c := range cs[:min(len(cs), MaxCandidates)] {
		n := "c" + strconv.Itoa(i+1)
		kv = append(kv, n, c.Label)
		if c.ISO3 != "" {
			kv = append(kv, n+"_iso3", c.ISO3)
		}
		if c.Row > 0 {
			kv = append(kv, n+"_row", strconv.Itoa(c.Row))
			if c.File != "" {
				kv = append(kv, n+"_file", c.File)
			}
		} else {
			kv = append(kv, n+"_id", c.ID)
		}
	}
	return kv
}

// candidates words the candidates of CandidateParams: "Morocco (ISO3 MAR, id 0190…);
// Morocco (row 4 of this import)".
func (p Problem) candidates() string {
	var out []string
	for i := 1; ; i++ {
		n := "c" + strconv.Itoa(i)
		label, ok := p.Params[n]
		if !ok {
			break
		}
		var extra []string
		if iso := p.Params[n+"_iso3"]; iso != "" {
			extra = append(extra, "ISO3 "+iso)
		}
		switch row, file := p.Params[n+"_row"], p.Params[n+"_file"]; {
		case row != "" && file != "":
			extra = append(extra, file+", row "+row+" of this import")
		case row != "":
			extra = append(extra, "row "+row+" of this import")
		default:
			extra = append(extra, "id "+p.Params[n+"_id"])
		}
		out = append(out, label+" ("+strings.Join(extra, ", ")+")")
	}
	s := strings.Join(out, "; ")
	if count, err := strconv.Atoi(p.Params["count"]); err == nil && count > len(out) {
		s += " … and " + strconv.Itoa(count-len(out)) + " more"
	}
	return s
}

// keyWords word the ways a CSV cell may name a record (service.keyFields), in English.
var keyWords = map[string]string{
	"id": "id", "iso3": "ISO3 code", "country_names": "country name in English or French",
	"name": "name", "title": "title", "acronym": "acronym", "code": "code",
}

// keyWays words a list of key codes: "id, iso3, name" is "its id, ISO3 code or name".
func keyWays(codes string) string {
	var ways []string
	for _, c := range strings.Split(codes, ", ") {
		if w, ok := keyWords[c]; ok {
			ways = append(ways, w)
		} else if c != "" {
			ways = append(ways, c)
		}
	}
	if len(ways) < 2 {
		return "its " + strings.Join(ways, "")
	}
	return "its " + strings.Join(ways[:len(ways)-1], ", ") + " or " + ways[len(ways)-1]
}

// ProblemCodes lists every code problemText words, sorted: the UI's catalogue must word each
// (checked by a test on both sides).
func ProblemCodes() []string {
	out := make([]string, 0, len(problemText))
	for c := range problemText {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// saveAsUTF8 is what to do with a file that cannot be read as text.
const saveAsUTF8 = `save it again as "CSV UTF-8" (in Excel: File › Save As › CSV UTF-8) and import that`

// reexport is what to do with an identity card whose bytes, rather than its meaning, are wrong.
const reexport = "ask its owner to export the card again from Dossier and send the file unchanged"

// readsWhat says what a card's "reads" member is, after what is wrong with it.
const readsWhat = ` (it lists the bundle formats the card holder's Dossier reads, like "1,2"); ` + reexport

// problemText is the one table of English field messages. {name} is a parameter, {name:q}
// the parameter quoted, {name:month} a month number's name, {name:want} a shape code worded.
// The keys are stable: the UI and scripts match on them (docs/api.md).
var problemText = map[string]string{
	// Per-field rules.
	"required":                 "is required",
	"too_many":                 "has too many entries (at most {max})",
	"too_many_merged":          "would hold {count} entries with this change (at most {max})",
	"record_too_large":         "would make the record {size} MB, more than the {max} MB one record may hold",
	"too_long":                 "is too long (at most {max} characters)",
	"min":                      "must be at least {min}",
	"enum":                     "{value:q} is not allowed: use one of {allowed}",
	"since_both":               "give a date or a meeting to start the changes from, not both",
	"date_invalid":             "{value:q} is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31",
	"datetime_invalid":         "{value:q} is not a date and time: write it as 2020-11-13T13:30:00+01:00 (with the offset)",
	"date_or_datetime_invalid": "{value:q} is neither a date nor a date and time: write a date as 2020-11-13 (all day), or a date and time as 2020-11-13T13:30:00+01:00 (with the offset)",
	"date_day_first":           "{value:q} is written day first, DD/MM/YYYY ({day} {month:month} {year}): write it as YYYY-MM-DD, here {date} (Dossier does not read dates written with slashes: 03/04 is 3 April in some countries and 4 March in others)",
	"date_month_first":         "{value:q} is written month first, MM/DD/YYYY ({day} {month:month} {year}): write it as YYYY-MM-DD, here {date} (Dossier does not read dates written with slashes: 03/04 is 3 April in some countries and 4 March in others)",
	"date_ambiguous":           "{value:q} could be day first ({day} {month:month} {year}) or month first ({day2} {month2:month} {year}), and Dossier does not guess: write it as YYYY-MM-DD, {date} for {day} {month:month} or {date2} for {day2} {month2:month}",
	"month_invalid":            "{value:q}: there is no month {month}: write the month as 01 to 12",
	"day_zero":                 "{value:q}: there is no day 00: days start at 01",
	"date_nonexistent":         "{value:q}: {day} {month:month} does not exist ({month:month} {year} has {days} days)",
	"hour_invalid":             "{value:q}: {hour}:{minute} is not a time of day: hours go from 00 to 23",
	"minute_invalid":           "{value:q}: {hour}:{minute} is not a time of day: minutes go from 00 to 59",
	"second_invalid":           "{value:q}: {hour}:{minute}:{second} is not a time of day: seconds go from 00 to 59 (write :59 for a leap second)",
	"currency":                 "{value:q} is not an ISO 4217 currency code: write three capital letters such as EUR, USD, GBP, XOF or TND",
	"currency_cfa":             "{value:q} is the franc CFA, which is two currencies: write XOF for the franc CFA of the BCEAO (Senegal, Côte d’Ivoire, Mali, Niger, Burkina Faso, Benin, Togo, Guinea-Bissau) or XAF for that of the BEAC (Cameroon, Chad, Central African Republic, Congo, Gabon, Equatorial Guinea)",
	"amount":                   "{value} is not an amount: give a number from 0 to {max}, without a currency sign or thousands separators",
	"indicator_value":          "{value} is out of bounds: an indicator's figure goes from -{max} to {max} (a million billion)",
	"amount_whole":             "has decimals, but {currency} amounts are whole numbers: round it",
	"amount_decimals":          "has more than {decimals} decimals, and {currency} amounts have at most {decimals}: round it",
	"iso3":                     "{value:q} is not an ISO 3166-1 alpha-3 country code: did you mean {suggest} ({suggest_name})?",
	"uuid":                     "{value:q} is not a record id: give the id (a UUID) of an existing record",
	"framework_item":           "{value:q} is not a known framework item: use a code such as GCM-7 or JVAP-3, or add the item to a framework first",
	"timezone_suggest":         "{value:q} is not a time zone: use an IANA name such as {zone} (for {hint}); the form's picker finds zones by city or country",
	"email":                    "{value:q} is not an e-mail address: write it as name@example.org, without a display name",
	"phone":                    "{value:q} is not a phone number: write digits, optionally starting with + and the country code, e.g. +216 71 123 456",
	"timezone":                 "{value:q} is not a time zone: use an IANA name such as Europe/Brussels or Africa/Tripoli; the form's picker finds zones by city or country",
	"code":                     "may contain only letters, digits, dots, dashes and underscores, starting with a letter or digit",
	"file_name":                "{value:q} cannot name a file: give a name without / or \\, control characters or invisible direction marks",
	"media_type":               "{value:q} is not a media type: write it as type/subtype, e.g. application/pdf",
	"sha256_hex":               "{value:q} is not a SHA-256: 64 lower-case hexadecimal digits",
	"key_id":                   "{value:q} is not a key id: 16 upper-case hexadecimal digits",
	"rule":                     "fails the rule {rule:q}",

	// Rules across fields.
	"iso3_required":            "is required for a country: give its ISO 3166-1 alpha-3 code, e.g. LBY for Libya",
	"end_before_start":         "is before the start ({start}): the end must be on or after the start",
	"end_not_after_start":      "is before the start ({start}): the end must be after the start",
	"end_date_start_time":      "is written as a date but the start ({start}) has a time: write both as dates (an all-day meeting) or both as dates and times",
	"end_time_start_date":      "is written as a date and time but the start ({start}) is a date: write both as dates (an all-day meeting) or both as dates and times",
	"session_end_before_start": "is before the session's start: the end must be after the start",
	"party_twice":              "{value:q} is listed twice: give each party one role",
	"unit_required":            "is required when a baseline, target or actual value is given (e.g. \"people\", \"EUR\", \"%\")",
	"value_twice":              "{as_of} is given twice for the same country: give one value per date (and per country), or correct the date",
	"item_code_twice":          "{value:q} is used twice: item codes must be unique",

	// References.
	"reference_missing": "points to {id}, which does not exist (or was deleted): give the id of an existing {kind}",
	"reference_kind":    "points to {id}, which is a {is}: give the id of a {kind}",

	// Inputs of the services' own screens (a brief's options, a conflict's resolution, trust,
	// settings), beside the record fields above.
	"meeting_no_country":     "no participant of this meeting is a country: add the countries as participants first, or name countries",
	"countries_none":         "name at least one country (ISO 3166-1 alpha-3 code) or a meeting",
	"not_available":          "{value:q} is not available: choose one of {allowed}",
	"resolve_deletion_undo":  "a resolved deletion is undone by deleting or restoring the record",
	"conflict_still_open":    "{id} has an open conflict on {field:q}: resolve it first",
	"nothing_to_undo":        "the last change of {field:q} on {id} is not a resolution: there is nothing to undo",
	"no_value_before":        "{field:q} on {id} had no value before the resolution",
	"no_conflict":            "{id} has no open conflict on {field:q}",
	"pick_or_value":          "give either the author whose value to keep or a new value, not both",
	"not_in_conflict":        "{value} is not one of the authors in this conflict",
	"own_card":               "this is your own card: give it to others, they trust it",
	"revoke_key_id_conflict": "two different keys are vouched for under key id {key_id}, so a revocation could not say which one it stops: compare each card's fingerprint with what the person reads on their own screen, and have them make a new identity (see `dossier trust list`)",
	"card_key_id_taken":      "a different key with the same key id {key_id} is already known ({name}): this card is not what it claims to be; do not trust it",
	"card_key_revoked":       "{name}'s key {key_id} was revoked by {revoked_by}: a revoked key cannot be trusted again; ask them for a new identity card",
	"own_card_recipient":     "that is your own card: name the recipients' cards",
	"recipient_not_trusted":  "{name} ({key}) is {state} here: trust their card first (`dossier trust add {arg}`)",
	"file_too_big":           "{name:q} is larger than the limit of {limit} per file: attach a smaller file, or raise the limit in the settings",
	"attachment_author":      "says it was added by {value}, but the change is by {author}: a file is credited to whoever attached it",
	"file_already_attached":  "{name:q} is already attached to this record (as {as:q})",
	"bundle_file_too_big":    "{name:q} ({size}) is larger than the limit of {limit} per file in a bundle: raise the limit in the settings, or export without it (`--leave-out-files`): its recipients will see it as not yet received",
	"file_limit_range":       "{value} is not a limit: give a size from 1 byte to {max}",
	"file_not_openable":      "{name:q} is not a document or a picture, and a program or script from a bundle could run if opened: save a copy, and open it only if you trust it",
	"bundle_files_too_big":   "with {name:q} the files would exceed the limit of {limit} per bundle: raise the limit in the settings, or export without the files over it (`--leave-out-files`)",

	// An export for a recipient whose Dossier reads only bundle formats that cannot hold a
	// change (app/bundle, "What each format may hold"): kind, field and value say what it lacks.
	"recipient_old_field":    "{name}'s Dossier reads bundle format {reads}, which does not know the field {field:q} of {kind} that change {change} of {author} uses: ask {name} to update Dossier and send you their identity card again; nothing was exported",
	"recipient_old_value":    "{name}'s Dossier reads bundle format {reads}, which does not know the value {value:q} of the field {field:q} of {kind} that change {change} of {author} uses: ask {name} to update Dossier and send you their identity card again; nothing was exported",
	"recipient_old_type":     "{name}'s Dossier reads bundle format {reads}, which expects another type of value in the field {field:q} of {kind} than change {change} of {author} gives: ask {name} to update Dossier and send you their identity card again; nothing was exported",
	"recipient_old_required": "{name}'s Dossier reads bundle format {reads}, which requires the field {field:q} of {kind}, and change {change} of {author} makes one without it: ask {name} to update Dossier and send you their identity card again; nothing was exported",
	"recipient_old_kind":     "{name}'s Dossier reads bundle format {reads}, which does not know records of kind {kind:q}, such as change {change} of {author}: ask {name} to update Dossier and send you their identity card again; nothing was exported",
	// A recipient whose Dossier reads no bundle format this one writes (app/bundle, FormatError).
	"recipient_newer": "{name}'s Dossier reads only bundle format {reads}, newer than this Dossier writes ({writes}): update this Dossier, then export again; nothing was exported",
	"recipient_older": "{name}'s Dossier reads only bundle format {reads}, and this Dossier writes {writes}: ask {name} to update Dossier and send you their identity card again; nothing was exported",

	// A name, role or delegation of an identity (app/identity).
	"text_empty":    "is empty",
	"text_utf8":     "is not valid UTF-8 text",
	"text_spaces":   "starts or ends with spaces",
	"text_too_long": "is {length} characters long, the limit is {max}",
	"text_control":  "contains the control character {char}",
	"text_bidi":     "contains the invisible direction-changing character {char}",
	"role_invalid":  "{value:q} is not a role: use \"delegate\" or \"secretariat\"",

	// Why an identity card's bytes are refused (app/identity, DecodeCard; docs/identity.md,
	// "Decoding"). The place (the card's file, its member, the byte) is not in the words: the
	// command line writes it before them (CardError), and the screens too, from the values the
	// service adds (file, member, byte). reason is the English of the library that refused.
	"card_empty":          "the file is empty; " + reexport,
	"card_size":           "the file is {size} bytes, more than the {limit}-byte limit for a card: check that this is a Dossier identity card (.card exported by Dossier)",
	"card_utf8":           "the file is not valid UTF-8 text; " + reexport,
	"card_json":           "not valid JSON ({reason}); " + reexport,
	"card_cut":            "the card ends too early (cut off?); " + reexport,
	"card_not_object":     "a card is a JSON object starting with '{'; " + reexport,
	"card_unknown_field":  "unknown field: this Dossier does not know it (a card from a newer Dossier, or edited by hand); " + reexport,
	"card_field_twice":    "appears twice: a card names each field once; " + reexport,
	"card_value_object":   "must be a string or number, not an object; " + reexport,
	"card_value_list":     "must be a string or number, not a list; " + reexport,
	"card_value_null":     "must be a string or number, not null; " + reexport,
	"card_value_bool":     "must be a string or number, not true/false; " + reexport,
	"card_trailing":       "unexpected data after the end of the card; " + reexport,
	"card_missing":        "missing; " + reexport,
	"card_version_type":   "must be the number {version}; " + reexport,
	"card_version_whole":  "{value:q} is not a whole number; " + reexport,
	"card_version":        "card format {value} is not supported (this Dossier reads format {version}): update Dossier, or ask the sender for a card from the same Dossier version",
	"card_not_string":     "must be a string; " + reexport,
	"card_text_empty":     "is empty; " + reexport,
	"card_text_utf8":      "is not valid UTF-8 text; " + reexport,
	"card_text_spaces":    "starts or ends with spaces; " + reexport,
	"card_text_too_long":  "is {length} characters long, the limit is {max}; " + reexport,
	"card_text_control":   "contains the control character {char}; " + reexport,
	"card_text_bidi":      "contains the invisible direction-changing character {char}; " + reexport,
	"card_role_invalid":   "{value:q} is not a role: use \"delegate\" or \"secretariat\"; " + reexport,
	"card_base64":         "not valid base64 ({reason}); " + reexport,
	"card_key_size":       "is {size} bytes, an Ed25519 public key is {want}; " + reexport,
	"card_key_weak":       "not a usable Ed25519 public key (weak or non-canonical point; signatures by it could be forged): do not trust this card",
	"card_age_case":       "must be written in lower case as {value:q}; " + reexport,
	"card_age_invalid":    "not an age X25519 recipient ({reason}); " + reexport,
	"card_age_form":       "must be written as {value:q}; " + reexport,
	"card_age_unusable":   "bundles cannot be encrypted to this recipient ({reason}): do not trust this card",
	"card_created_at":     "{value:q} must be a UTC time with whole seconds, like 2026-03-01T09:30:00Z; " + reexport,
	"card_reads_too_many": "{value:q} lists more than {max} formats" + readsWhat,
	"card_reads_syntax":   "{value:q} is not a list of format numbers separated by commas" + readsWhat,
	"card_reads_range":    "{value:q} names format {format}; formats go up to {max}" + readsWhat,
	"card_reads_order":    "{value:q} is not in ascending order without repeats" + readsWhat,
	"card_sig_size":       "is {size} bytes, an Ed25519 signature is {want}; " + reexport,
	"card_not_canonical":  "not in canonical form: spacing, line breaks, field order or escaping differ from the way Dossier writes cards; " + reexport,
	"card_crlf":           "not in canonical form: the file has Windows line endings (CR LF), probably added by an e-mail program or editor; " + reexport,
	"card_extra_text":     "not in canonical form: there is extra text after the end of the card; " + reexport,
	"card_cut_short":      "not in canonical form: the card is cut short (a missing final line break counts); " + reexport,
	"card_signature":      "does not match the card's contents, so the card was changed or damaged after it was made: do not trust it; " + reexport,

	// A CSV file's own shape (app/service/csv.go, csvimport.go, docs/csv.md): its header, its
	// rows, their kind and id columns. The row and the column are the CellError's; kinds are
	// record kinds (the UI words kind, is and says as its labels); kinds lists the kinds to
	// write in a kind column. Line and char are where in the file (lines from 1, as an editor
	// counts them; char: the character on that line), only as extra help: the row is the
	// spreadsheet's.
	"csv_header_missing":        "the header row is missing or unreadable: the first row must name the columns (the file is empty)",
	"csv_column_unknown":        "is not a field of {kind}: rename or remove the column",
	"csv_column_unknown_any":    "is not a field of any record kind: rename or remove the column",
	"csv_column_twice":          "appears twice",
	"csv_no_kind_column":        "has no kind column: add a column \"kind\" saying what each row is ({kinds}), or name the kind of every row: dossier csv import KIND FILE",
	"csv_too_many_rows":         "the file has more than {max} rows: split it",
	"csv_too_many_rows_files":   "the files have more than {max} rows: split it",
	"csv_cell_count":            "has {cells} cells, the header has {header}",
	"csv_too_many_columns":      "the header has {columns} columns, more than the {max} a file may have: check that this is the file meant (an export of every kind has fewer than 100), and remove the empty columns at its end",
	"csv_kind_empty":            "is empty: write what the row is ({kinds})",
	"csv_kind_unknown":          "{value:q} is not a record kind: use {kinds}",
	"csv_kind_contradicts":      "says {says}, but the file was imported as {kind} records: import it without naming a kind",
	"csv_field_in_conflict":     "has an open conflict (values written by {by}): settle it first (the Conflicts screen, or dossier resolve), then import the file again",
	"csv_stale_value":           "holds the value from before the change {by} made on {as_of}: this file is older than that change, and importing it would undo it: export the file again (to set the earlier value back on purpose, change it in the record itself)",
	"csv_kind_column_not_read":  "gives each row's kind, but the rows were all read as {kind} records, of which {columns} are not fields: import the file without naming a kind",
	"csv_not_field_of_row_kind": "is not a field of {kind}: leave it empty on {kind} rows",
	"csv_id_invalid":            "{value:q} is not a record id: leave it empty to create a new record",
	"csv_id_twice":              "is the same as row {row}",
	"csv_id_twice_file":         "is the same as {file}, row {row}",
	"csv_id_other_kind":         "is a {is}, not a {kind}",
	// system: a kind of record Dossier keeps itself (sys_trust), which has no label: worded
	// as what it is for the reader ({system:system}).
	"csv_id_system":  "is the id of {system:system}, not of a {kind}: clear the id to create a new record",
	"csv_party_held": "{name:q} is already a party here (id {id}): to change it, write its id in the id column; if this file was imported before, import only its new rows",
	"csv_id_deleted": "{kind} {title:q} is deleted: restore it first (dossier record restore {id}), or clear the id to create a new record",
	"csv_cycle":      "refers, directly or through other rows, to a record that refers back to it ({rows:rows}): import one of them without that reference first, then add it",
	// The rows of several files ("a.csv, row 2; b.csv, row 7"): the command line only, as the
	// CSV screen imports one file.
	"csv_cycle_files": "refers, directly or through other rows, to a record that refers back to it ({rows}): import one of them without that reference first, then add it",
	// A warning, not a refusal (docs/csv.md, "A file older than a change"): the cell gives
	// the field back a value from before this installation's own last change of it (made
	// on as_of). value is what the field shows and set what the cell writes, as cells write
	// them ("" for none); kind and field (the column) are for the screen to word the values.
	"csv_sets_back_own_change": "sets back {value:cell}, this installation's change of {as_of}, to {set:cell}, the value before it: this file may be older than that change. Import it only to undo the change on purpose; otherwise export the file again",

	// A row encoding/csv refuses (csvtext.Fault): a quote in a cell without quotes, a quote
	// never closed, or one not doubled inside quotes. Example is the cell as it should be
	// written; cell_line is where the quoted cell begins.
	"csv_bare_quote":      `has a quote (") but does not start with one (line {line} of the file, character {char}): put the whole cell in quotes and double each quote inside it: {example}`,
	"csv_bare_quote_long": `has a quote (") but does not start with one (line {line} of the file, character {char}): put the whole cell in quotes and double each quote inside it, e.g. "say ""yes"" here"`,
	"csv_quote_unclosed":  `starts with a quote (line {cell_line} of the file) that is never closed, so the rest of the file was read into this cell: end the cell with a quote, and double each quote inside it ("")`,
	"csv_quote_stray":     `is in quotes (from line {cell_line} of the file), but a quote inside it is not doubled, or something follows its closing quote (the quote on line {line}, character {char}): double each quote inside the cell (""), and put the separator right after the closing quote`,
	"csv_unreadable":      "cannot be read as CSV (line {line} of the file, character {char}): {reason}",

	// A CSV file that cannot be read as text (csvtext.Decode; docs/csv.md, "Encodings"): byte
	// is where, in the file as it is on disk (from 0); value the byte at fault ("0xFC"); char
	// what it would be as Windows-1252, or the UTF-8 character found elsewhere (at byte
	// char_byte). The row is the CellError's.
	"csv_enc_utf32":            "cannot be read as {encoding}: byte {byte}: the file is in UTF-32, which Dossier does not read: " + saveAsUTF8,
	"csv_enc_bom_not_utf8":     "cannot be read as {encoding}: byte {byte}: the file says it is UTF-8 (it starts with a byte-order mark) but byte {value} is not UTF-8 there: the file is damaged or mixes encodings; " + saveAsUTF8,
	"csv_enc_utf16_odd":        "cannot be read as {encoding}: byte {byte}: the file ends in the middle of a UTF-16 character (it has an odd number of bytes): it was cut short; " + saveAsUTF8,
	"csv_enc_utf16_half":       "cannot be read as {encoding}: byte {byte}: half of a UTF-16 character pair without its other half: the file is damaged; " + saveAsUTF8,
	"csv_enc_nul":              "cannot be read as {encoding}: byte {byte}: a NUL byte: this is not a text file, or it is UTF-16 without a byte-order mark; " + saveAsUTF8,
	"csv_enc_replacement":      "cannot be read as {encoding}: byte {byte}: the character U+FFFD (\uFFFD), which a program leaves where it could not read a letter: an earlier conversion damaged this text; retype the letter it replaced, then import again",
	"csv_enc_mixed":            "cannot be read as {encoding}: byte {byte}: byte {value} is not UTF-8, but the file has UTF-8 characters elsewhere ({char:q} at byte {char_byte}): it is damaged or mixes encodings; " + saveAsUTF8,
	"csv_enc_undefined":        "cannot be read as {encoding}: byte {byte}: the file is neither UTF-8 nor Windows-1252 (byte {value} is a character in neither); " + saveAsUTF8,
	"csv_enc_not_western":      "cannot be read as {encoding}: byte {byte}: the file is not UTF-8, and three non-ASCII characters in a row are not Windows-1252 text (it looks like Cyrillic, Greek, Arabic or Asian text in another encoding): Dossier does not guess; " + saveAsUTF8,
	"csv_enc_turkish":          "cannot be read as {encoding}: byte {byte}: the file is not UTF-8, and as Windows-1252 byte {value} would be {char:q}, which is more likely a Turkish letter (Windows-1254): Dossier does not guess; " + saveAsUTF8,
	"csv_enc_central_european": "cannot be read as {encoding}: byte {byte}: the file is not UTF-8, and as Windows-1252 byte {value} would be {char:q} inside a word, which is more likely a Central European letter (Windows-1250): Dossier does not guess; " + saveAsUTF8,

	// A CSV file over a limit (docs/csv.md, "Limits"). limit_bytes and size_bytes give the
	// sizes in bytes, for the screens to write in the reader's units.
	"csv_file_too_big":   "is {size} ({size_bytes} bytes); the limit is {limit}: nothing was imported; split it into several files (at most {rows} rows each) and import them one by one",
	"csv_file_over":      "is larger than {limit_bytes} bytes; the limit is {limit}: nothing was imported; split it into several files (at most {rows} rows each) and import them one by one",
	"csv_files_too_big":  "{name}: with the files before it, this import is over the limit of {limit}: nothing was imported; import the files in several runs",
	"csv_upload_too_big": "{name} is {size}; the CSV screen takes files up to {limit}: nothing was imported; split it into smaller files, or import it with the command line (dossier csv import, up to {cli_limit})",
	"csv_id_reserved":    "{value:q} is an id Dossier keeps for its own records: leave it empty to create a new record",

	// An export refused before anything is written (app/service/csvexport.go, csv_ui.go):
	// kinds lists the record kinds; value is the delimiter or kind asked for.
	"csv_export_kind_missing": "choose the kind of records to export ({kinds})",
	"csv_export_kind_unknown": "{value:q} is not a record kind: use {kinds}, or all",
	"csv_export_deleted":      "deleted records are not exported, since an import would refuse their ids: restore them first, or export the list without its deleted records",
	"csv_delimiter":           "{value:q} is not a separator: use \",\", \";\" or \"tab\"",

	// A reference written as a name (app/service/csvkeys.go; docs/csv.md, "References"):
	// value as written, kind what it should name, candidates the records it could be
	// (CandidateParams), keys the ways to name a record of kind (id, iso3, country_names,
	// name, title, acronym, code). at is the place inside a list cell ("1.country"), absent
	// in a reference column.
	"csv_ref_ambiguous":        "{at:entry}{value:q} could be any of {count} {kind} records: {candidates:candidates}; write the id of the one you mean",
	"csv_ref_near":             "{at:entry}{value:q} names no {kind}; did you mean {candidates:candidates}? Names must be written exactly as they are stored (or give {keys:keys})",
	"csv_ref_unknown":          "{at:entry}{value:q} names no {kind}: give {keys:keys}",
	"csv_ref_refused_row":      "{at:entry}{value:q} names the {kind} of row {row}, which is refused: fix that row first, and this one is read with it",
	"csv_ref_refused_row_file": "{at:entry}{value:q} names the {kind} of {file}, row {row}, which is refused: fix that row first, and this one is read with it",
	// A framework item code: codes and items are lists of codes (items: those of framework),
	// frameworks the framework codes known; more counts the codes left out.
	"csv_item_ambiguous":  "{value:q} could be any of {codes}: write the code exactly",
	"csv_item_unknown_in": "{value:q} is not a framework item; the items of {framework} are {items}{more:more}",
	"csv_item_unknown":    "{value:q} is not a framework item: write a code such as GCM-7 (frameworks known: {frameworks}{more:more}), or add the item to a framework first",
	// A name column (column) that says otherwise than the reference column beside it (field):
	// a count of names, an id, a name or a role that differs.
	"csv_names_count": "names {count} records and {field} has {ids}, but column {field} says otherwise: to point elsewhere, change column {field} (or clear it and keep the names); otherwise correct or clear {column}",
	"csv_names_id":    "has the id {value} where {field} has {id}, but column {field} says otherwise: to point elsewhere, change column {field} (or clear it and keep the names); otherwise correct or clear {column}",
	"csv_names_other": "says {value:q} where {field} points to {id} ({label}), but column {field} says otherwise: to point elsewhere, change column {field} (or clear it and keep the names); otherwise correct or clear {column}",
	"csv_names_role":  "gives {value:q} the role {role} where {field} gives {field_role}, but column {field} says otherwise: to point elsewhere, change column {field} (or clear it and keep the names); otherwise correct or clear {column}",

	// A value typed as text (a CSV cell, a command-line argument; service.ParseValue).
	"party_role_syntax":  "{value:q}: write each party as PARTY:ROLE, the party by its id (in CSV also its ISO3 code or name) and the role one of {allowed}",
	"json_invalid":       "{value:q} is not valid JSON (it goes wrong at character {char}): write it as JSON, e.g. {example}",
	"json_number_range":  "{value} is a number too large to store: write the number in digits, e.g. 46300000",
	"json_key_twice":     "{value:q} gives {key:q} twice in one entry: write it once, with the value meant",
	"json_key_lookalike": "{key:q} is written with a letter that only looks like one of {name:q}: write the name {name:q} in plain letters",

	// An entry of a list (funding, indicators, sessions…) whose field has the wrong kind of
	// JSON value: at is where ("1.amount", EntryPath), value the JSON as written; suggest the
	// number a text such as "12,5" stands for; example an entry's start ({"amount": …}).
	"entry_not_number":         "{at:entry}{value} is not a number: write digits without quotes, with a point before decimals and no thousands separators, e.g. 12500.5",
	"entry_not_number_suggest": "{at:entry}{value} is not a number: write digits without quotes, with a point before decimals and no thousands separators: {suggest}",
	"entry_not_text":           "{at:entry}{value} is not text: write it between double quotes",
	"entry_not_list":           "{at:entry}{value} is not a list: write it between square brackets, [ ]",
	"entry_not_object":         "{at:entry}{value} is not an entry with fields: write each entry between braces, e.g. {example}",

	// A file a user named to write (an export's path: the command line, the window's save
	// dialog) that cannot be written (app/service/writefile.go): path as given, folder the
	// folder it would go in.
	"path_required":       "is required: name the file to write",
	"path_folder_missing": "the folder {folder:q} does not exist: choose another folder, or create it first",
	"path_is_folder":      "{path:q} is a folder: choose a file name inside it, or another file",
	"path_folder_is_file": "{folder:q} is a file, not a folder: choose another folder",
	"path_denied":         "Dossier may not write in the folder {folder:q}: choose another folder",
	"path_disk_full":      "the disk of the folder {folder:q} is full, so {path:q} was not written: free some space or choose another folder",
	"path_not_written":    "{path:q} could not be written: choose another folder",
	"path_name_too_long":  "the file name {name:q} is {bytes} bytes long, more than the {max} a file name may have: choose a shorter name",
	"path_in_data":        "{path:q} is inside Dossier's data folder {folder:q}, where Dossier keeps its own files: choose a folder outside it",

	// A file a user chose to read (an attachment, an identity card: the window's open
	// dialog, the command line) that cannot be read, or is no card; path as given, name
	// the file's name; sizes in bytes (size_bytes, limit_bytes) beside their words.
	"file_missing":    "{path:q} does not exist (it was moved or deleted): choose the file again",
	"file_denied":     "Dossier may not read {path:q}: choose another file, or copy it to a folder you may read",
	"file_is_folder":  "{path:q} is a folder: choose a file",
	"file_unreadable": "{path:q} cannot be read: choose another file",
	"card_too_big":    "{name:q} is {size}, and an identity card is at most {limit}: choose the card file (.card) exported by Dossier",
	// A text that names no country (domain.ReadCountry: a brief, a list's country filter, a
	// CSV country cell), or an alpha-2 code that a table also writes for an empty answer.
	"country_unknown":   "{value:q} is not a country: give its ISO 3166-1 alpha-3 code or its name; did you mean {suggest} ({suggest_name})?",
	"country_ambiguous": "{value:q} is an ISO 3166-1 alpha-2 code, that of {suggest} ({suggest_name}), but tables also write it for an empty answer (not available, not applicable): if that country is meant, write {suggest} or its name; if not, leave it out",
	"country_partial":   "{value:q} is part of the names of {count} countries: {countries:countries}{more:more}; write the ISO 3166-1 alpha-3 code or the whole name of the one you mean",
	"country_blank":     "{value:q} names no country: tables write it for an empty answer; leave it out, or write the country's ISO 3166-1 alpha-3 code or its name",
	// A call to browser mode over its size limit (app/web, MaxRequest).
	"request_too_large": "the call is larger than {limit}, the limit of browser mode: for a larger file use the command line or the desktop window",

	// A list's filters (Records.List, a list's Export CSV; app/service/records.go): value as
	// given, kind the list's kind, allowed the values to use (list: their option list, for
	// the screens to show each label).
	"status_filter":         "{value:q} is not a {kind} status: pick one of {allowed}",
	"party_type_filter":     "{value:q} is not a party type: pick one of {allowed}",
	"status_filter_any":     "{value:q} is not a status: pick a party type ({party}), a partnership status ({partnership}) or a commitment status ({commitment})",
	"status_filter_none":    "{kind:a} has no status: leave the status filter out",
	"filter_not_applicable": "{kind:plural} have no {field:field}, so this filter would find none: it applies only to {kinds:plural}",
	"out_of_range":          "{value} is out of range: give between {min} and {max}",
	"unknown_order":         "{value:q} is not an order: pick one of {allowed}",

	// Words without a code (a rare refusal worded where it happens): shown as they are.
	"text": "{text}",

	// Shape (imported changes, scripts).
	"not_a_kind":          "{value:q} is not a record kind: use {kinds}",
	"unknown_kind":        "unknown record kind {value:q}: use one of {kinds}",
	"unknown_field":       "is not a field of {kind}; the fields are: {fields}",
	"shape_at":            "has the wrong shape at {at} (got {got}): must be {want:want}",
	"shape_unknown_field": "has unknown field {name:q}: must be {want:want}",
	"shape":               "must be {want:want}",
	"set_written":         "is a set: it changes by adding and removing elements, not by a new value",
	"not_a_set":           "is not a set: it changes by a new value, not by adding or removing elements",
}

// kindWithArticle puts "a" or "an" before a kind's name: "an intervention", "a meeting".
func kindWithArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// kindPlural is a kind's plural in English words: parties, commitments.
func kindPlural(kind string) string {
	if s, ok := strings.CutSuffix(kind, "y"); ok {
		return s + "ies"
	}
	return kind + "s"
}
