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

// French labels of the other closed lists a brief prints, the same words as the French screens
// ("opt.<list>.*" and "kind.*" in fr.ts; a test keeps them equal), so a French PDF and the
// French Brief screen say the same.
var optionLabelsFR = map[string]map[string]string{
	"partnership_type": {
		"bilateral":         "Bilatéral",
		"regional_dialogue": "Dialogue régional",
		"continental":       "Continental",
		"multilateral":      "Multilatéral",
		"task_force":        "Groupe de travail",
		"fund":              "Fonds",
	},
	"party_role": {
		"lead":         "Chef de file",
		"member":       "Membre",
		"observer":     "Observateur",
		"funding":      "Bailleur",
		"implementing": "Mise en œuvre",
	},
	"partnership_status": {
		"exploratory": "Exploratoire",
		"active":      "Actif",
		"suspended":   "Suspendu",
		"concluded":   "Achevé",
	},
	"commitment_type": {
		"capacity_building": "Renforcement des capacités",
		"funding":           "Financement",
		"policy":            "Politique",
		"legal":             "Juridique",
		"operational":       "Opérationnel",
		"dialogue":          "Dialogue",
		"data":              "Données",
	},
	"commitment_status": {
		"proposed":    "Proposé",
		"agreed":      "Convenu",
		"in_progress": "En cours",
		"delivered":   "Réalisé",
		"stalled":     "Au point mort",
		"withdrawn":   "Retiré",
	},
	"funding_state": {
		"pledged":    "Annoncé",
		"committed":  "Engagé",
		"contracted": "Contractualisé",
		"disbursed":  "Décaissé",
	},
	"funding_instrument": {
		"grant":                   "Don",
		"loan":                    "Prêt",
		"budget_support":          "Appui budgétaire",
		"guarantee":               "Garantie",
		"trust_fund_contribution": "Contribution à un fonds fiduciaire",
		"in_kind":                 "En nature",
	},
	"kind": {
		"party":        "Partie",
		"framework":    "Cadre",
		"partnership":  "Partenariat",
		"commitment":   "Engagement",
		"meeting":      "Réunion",
		"intervention": "Intervention",
	},
}

// LabelFR returns the French label of a value of a closed list named as the screens name it
// ("commitment_status", "party_role", "theme", "kind" ...), or "" when there is none.
func LabelFR(list, v string) string {
	if list == "theme" {
		return themeLabelsFR[v]
	}
	return optionLabelsFR[list][v]
}
