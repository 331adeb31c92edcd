package domain

// French labels of the closed lists that search looks at, so that "réadmission" finds a
// commitment on the theme "Return, readmission and reintegration". They are the same words as
// the French screens (frontend/src/lib/i18n/fr.ts, "opt.theme.*"); a test keeps them equal.
var themeLabelsFR = map[string]string{
	"saving_lives_at_sea":                "Sauvetage en mer et recherche et sauvetage",
	"human_rights":                       "Droits humains des migrants",
	"evidence_based_governance":          "Gouvernance des migrations fondée sur les données",
	"migrant_smuggling":                  "Trafic de migrants",
	"trafficking":                        "Traite des êtres humains",
	"border_management":                  "Gestion des frontières",
	"visa_facilitation":                  "Facilitation des visas",
	"legal_migration_mobility":           "Migration légale et circulaire et mobilité",
	"return_readmission_reintegration":   "Retour, réadmission et réintégration",
	"root_causes":                        "Causes profondes de la migration irrégulière et des déplacements forcés",
	"asylum_reception":                   "Asile et accueil",
	"labour_exploitation_discrimination": "Exploitation par le travail et discrimination",
	"alternatives_to_detention":          "Alternatives à la rétention",
}

// ThemeLabels returns the English and French labels of a theme (none for an unknown value).
func ThemeLabels(v string) []string {
	en := Label(Themes, v)
	if en == v {
		return nil
	}
	return []string{en, themeLabelsFR[v]}
}
