package cli

import (
	"fmt"
	"io"
	"strings"

	"dossier/app/domain"
)

// Groups are the first words of two-word commands (record add, csv import…): `dossier GROUP`
// and `dossier GROUP --help` list the group's commands.
func isGroup(word string) bool {
	for _, c := range commands {
		if g, _, ok := strings.Cut(c.name, " "); ok && g == word {
			return true
		}
	}
	return false
}

func isHelpWord(s string) bool { return s == "--help" || s == "-help" || s == "-h" || s == "help" }

func printGroupHelp(w io.Writer, group string) {
	fmt.Fprintf(w, "usage: dossier %s COMMAND [ARGS] [--data DIR]\n\ncommands:\n", group)
	for _, c := range commands {
		if strings.HasPrefix(c.name, group+" ") {
			fmt.Fprintf(w, "  %-22s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprintf(w, "\n`dossier %s COMMAND --help` explains one command.\n", group)
}

// printFields lists the fields of a kind from domain.Schema, the schema validation uses, so
// the help cannot drift from what is accepted. The fields of each entry of a list (an amount of
// funding, an indicator and its values, a session) are listed under it, indented.
func printFields(w io.Writer, k domain.Kind) {
	article := "a"
	if strings.ContainsRune("aeiou", rune(string(k)[0])) {
		article = "an"
	}
	fmt.Fprintf(w, "\nfields of %s %s (the keys of the JSON object; * = required):\n", article, k)
	printFieldRows(w, domain.Schema(k), 2)
	example := []string{}
	for _, f := range domain.Schema(k) {
		if f.Required {
			example = append(example, fmt.Sprintf("%q: %s", f.Name, exampleValue(f)))
		}
	}
	fmt.Fprintf(w, "\nexample:\n  echo '{%s}' | dossier record add %s\n", strings.Join(example, ", "), k)
}

func printFieldRows(w io.Writer, fields []domain.Field, indent int) {
	width := 0
	for _, f := range fields {
		width = max(width, len(f.Name)+2)
	}
	pad := strings.Repeat(" ", indent)
	for _, f := range fields {
		name := f.Name
		if f.Required {
			name += " *"
		}
		desc := fieldDescription(f)
		if !strings.EqualFold(strings.ReplaceAll(f.Name, "_", " "), f.Label) {
			desc = f.Label + ": " + desc
		}
		lines := wrap(desc, max(100-indent-width-2, 40))
		fmt.Fprintf(w, "%s%-*s  %s\n", pad, width, name, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "%s%-*s    %s\n", pad, width, "", l)
		}
		if f.Type == domain.TypeList && len(f.Columns) > 0 {
			printFieldRows(w, f.Columns, indent+width+4)
		}
	}
}

// fieldDescription says a field's type and allowed values in words.
func fieldDescription(f domain.Field) string {
	values := func(opts []domain.Option) string {
		vs := make([]string, len(opts))
		for i, o := range opts {
			vs[i] = o.Value
		}
		return strings.Join(vs, ", ")
	}
	switch f.Format() {
	case "currency":
		return "ISO 4217 currency code, e.g. EUR, USD, XOF (amounts are never converted between currencies)"
	case "amount":
		return "number, 0 or more, with no more decimals than its currency has (2 for EUR, 0 for XOF)"
	case "indicator_value":
		return "number, from -1000000000000000 to 1000000000000000 (negative for a decrease or a balance)"
	case "timezone":
		return "IANA time-zone name, e.g. Europe/Zurich (Geneva), Africa/Tunis, Africa/Nouakchott; a city's name is refused with the zone it is in"
	case "iso3":
		return "ISO 3166-1 alpha-3 country code, e.g. TUN"
	case "code":
		return "a short code in capitals, e.g. GCM"
	case "email_address":
		return "e-mail address"
	case "phone":
		return "phone number, e.g. +216 71 000 000"
	}
	switch f.Type {
	case domain.TypeText:
		return "text"
	case domain.TypeLongText:
		return "text (paragraphs)"
	case domain.TypeNumber:
		return "number"
	case domain.TypeEnum:
		return "one of: " + values(f.Options)
	case domain.TypeDate:
		return "date, YYYY-MM-DD"
	case domain.TypeDateTime:
		return "date and time with its offset, e.g. 2026-03-10T09:30:00+01:00"
	case domain.TypeDateOrDateTime:
		return "a date, YYYY-MM-DD (all day), or a date and time with its offset, e.g. 2026-03-10T09:30:00+01:00; start and end of the same sort"
	case domain.TypeRef:
		return fmt.Sprintf("the id of a %s", f.Ref)
	case domain.TypeList:
		if len(f.Columns) > 0 {
			return "a list (JSON array) of objects, replaced as a whole; each with:"
		}
		return "a list (JSON array), replaced as a whole"
	case domain.TypeSet:
		switch {
		case f.Elem == "party_role":
			return fmt.Sprintf("a set of {\"party\": ID, \"role\": ROLE} (JSON array); ROLE one of: %s", values(f.Options))
		case f.Elem == "framework_item":
			return "a set of framework item codes (JSON array), e.g. [\"GCM-7\", \"JVAP-3\"]"
		case f.Elem == "attachment":
			return "files: add them with `dossier record attach`"
		case f.Ref != "":
			return fmt.Sprintf("a set of ids of %s records (JSON array)", f.Ref)
		case f.Format() == "iso3":
			return "a set of ISO 3166-1 alpha-3 country codes (JSON array), e.g. [\"TUN\", \"MAR\"]"
		case len(f.Options) > 0:
			return "a set (JSON array) of: " + values(f.Options)
		}
		return "a set of texts (JSON array)"
	}
	return string(f.Type)
}

func exampleValue(f domain.Field) string {
	switch {
	case f.Type == domain.TypeEnum && len(f.Options) > 0:
		return fmt.Sprintf("%q", f.Options[0].Value)
	case f.Type == domain.TypeDate || f.Type == domain.TypeDateOrDateTime:
		return `"2026-03-10"`
	case f.Type == domain.TypeDateTime:
		return `"2026-03-10T09:30:00+01:00"`
	case f.Type == domain.TypeList || f.Type == domain.TypeSet:
		return "[…]"
	}
	return `"…"`
}

func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

// recordAddHelp follows `record add --help`: the fields of KIND, or how to see them.
func recordAddHelp(w io.Writer, args []string) {
	if len(args) > 0 {
		if k, ok := domain.ParseKind(args[0]); ok {
			printFields(w, k)
			return
		}
		fmt.Fprintf(w, "\n%q is not a record kind.\n", args[0])
	}
	kinds := make([]string, len(domain.Kinds))
	for i, k := range domain.Kinds {
		kinds[i] = string(k)
	}
	fmt.Fprintf(w, "\nKIND is one of %s. `dossier record add KIND --help` lists its fields.\n", strings.Join(kinds, ", "))
}
