package domain

// The labels of the records' fields, as the screens word them (frontend/src/lib/i18n/en.ts
// and fr.ts, "field.*"; a test keeps them equal), so that a brief names a disputed field as
// the Conflicts screen does. A key "kind.name" words a field of one kind differently.

var fieldLabels = map[string]map[string]string{
	"en": {
		"acronym":             "Acronym",
		"adopted":             "Adopted",
		"attachments":         "Attachments",
		"code":                "Code",
		"commitments":         "Commitments mentioned",
		"committed_by":        "Committed by",
		"contacts":            "Contacts",
		"countries":           "Countries mentioned",
		"due":                 "Due date",
		"end":                 "End",
		"framework_items":     "Framework items",
		"funding":             "Funding",
		"indicators":          "Indicators",
		"items":               "Items",
		"marking":             "Marking",
		"meeting":             "Meeting",
		"meeting.partnership": "Partnership or process",
		"name":                "Name",
		"notes":               "Notes",
		"on_behalf_of":        "On behalf of",
		"organiser":           "Organiser",
		"outcome":             "Outcome",
		"participants":        "Participants",
		"parties":             "Parties and roles",
		"partnership":         "Partnership",
		"points":              "Talking points",
		"region":              "Region",
		"series":              "Series",
		"session":             "Session",
		"sessions":            "Sessions",
		"source":              "Source",
		"source_document":     "Source document",
		"source_meeting":      "Made at (meeting)",
		"speaker":             "Speaker",
		"start":               "Start",
		"status":              "Status",
		"summary":             "Summary",
		"text":                "Text of the commitment",
		"themes":              "Themes",
		"time_zone":           "Time zone",
		"title":               "Title",
		"towards":             "Towards",
		"type":                "Type",
		"venue":               "Venue",
	},
	"fr": {
		"acronym":             "Sigle",
		"adopted":             "Adopté le",
		"attachments":         "Pièces jointes",
		"code":                "Code",
		"commitments":         "Engagements mentionnés",
		"committed_by":        "Pris par",
		"contacts":            "Contacts",
		"countries":           "Pays mentionnés",
		"due":                 "Échéance",
		"end":                 "Fin",
		"framework_items":     "Éléments de cadre",
		"funding":             "Financement",
		"indicators":          "Indicateurs",
		"items":               "Éléments",
		"marking":             "Mention de protection",
		"meeting":             "Réunion",
		"meeting.partnership": "Partenariat ou processus",
		"name":                "Nom",
		"notes":               "Notes",
		"on_behalf_of":        "Au nom de",
		"organiser":           "Organisateur",
		"outcome":             "Résultat",
		"participants":        "Participants",
		"parties":             "Parties et rôles",
		"partnership":         "Partenariat",
		"points":              "Éléments de langage",
		"region":              "Région",
		"series":              "Série",
		"session":             "Séance",
		"sessions":            "Séances",
		"source":              "Source",
		"source_document":     "Document source",
		"source_meeting":      "Pris lors de (réunion)",
		"speaker":             "Orateur",
		"start":               "Début",
		"status":              "Statut",
		"summary":             "Résumé",
		"text":                "Texte de l’engagement",
		"themes":              "Thèmes",
		"time_zone":           "Fuseau horaire",
		"title":               "Intitulé",
		"towards":             "Envers",
		"type":                "Type",
		"venue":               "Lieu",
	},
}

// FieldLabel words a field of a kind in a language ("en", "fr") as the screens do: the
// language's label, else the English one, else the schema's, else the field's name.
func FieldLabel(lang string, k Kind, name string) string {
	for _, lg := range []string{lang, "en"} {
		if l, ok := fieldLabels[lg][string(k)+"."+name]; ok {
			return l
		}
		if l, ok := fieldLabels[lg][name]; ok {
			return l
		}
	}
	if f, ok := FieldOf(k, name); ok {
		return f.Label
	}
	return name
}
