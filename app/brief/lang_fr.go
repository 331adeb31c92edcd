package brief

// textFR is the French of every fixed text the PDF prints, keyed by its English (formats keep
// their verbs: %s, %d). The words follow the French Brief screen (frontend/src/lib/i18n/fr.ts,
// "brief.*"), so paper and screen read the same; a test checks that the renderer uses no text
// missing here.
var textFR = map[string]string{
	// Sections (Sections).
	"At a glance":                "En bref",
	"Partnerships and dialogues": "Partenariats et dialogues",
	"Commitments":                "Engagements",
	"Meetings":                   "Réunions",
	"Talking points":             "Éléments de langage",
	"Open conflicts":             "Conflits ouverts",
	"Provenance":                 "Provenance",

	// Cover, contents and page furniture.
	"Country briefs":    "Fiches pays",
	"Country brief":     "Fiche pays",
	"Country brief: %s": "Fiche pays : %s",
	"COUNTRY BRIEF":     "FICHE PAYS",
	"MEETING PACK":      "DOSSIER DE RÉUNION",
	"COUNTRY BRIEFS":    "FICHES PAYS",
	"Contents":          "Sommaire",
	"Meeting pack":      "Dossier de réunion",
	"Date":              "Date",
	"Countries":         "Pays",
	"country brief":     "fiche pays",
	"country briefs":    "fiches pays",
	"Prepared by":       "Préparée par", // la fiche
	"Data as of":        "Données au",
	"State":             "État",
	"state":             "état",
	"Handle, store and share according to this marking.": "Manipuler, conserver et diffuser selon cette mention.",
	"Page %d of %d":  "Page %d sur %d",
	"(continued)":    "(suite)",
	"commitment":     "engagement",
	"commitments":    "engagements",
	"partnership":    "partenariat",
	"partnerships":   "partenariats",
	"overdue":        "en retard",
	"open conflict":  "conflit ouvert",
	"open conflicts": "conflits ouverts",

	// Title block.
	"Date of brief": "Date de la fiche",
	"Marking":       "Mention de protection", // as the screen's title block and form say; "Mention" alone says not which
	DefaultMarking:  "Réservé à un usage officiel",
	"Contains items marked: %s. Observe the strictest marking when sharing.": "Contient des éléments portant la mention : %s. Appliquez la mention la plus stricte en cas de diffusion.",
	"figure in this brief is disputed":                                       "donnée de cette fiche est contestée",
	"figures in this brief are disputed":                                     "données de cette fiche sont contestées",
	": see Open conflicts before quoting.":                                   " : voir Conflits ouverts avant de la citer.",
	"no data":                                                                "aucune donnée",

	// At a glance.
	"%s: too small to show at this map’s scale.": "%s : trop petit pour apparaître à l’échelle de cette carte.",
	"Other countries": "Autres pays",
	"Natural Earth 1:110m. Boundaries are not an endorsement.": "Natural Earth 1:110m. Les frontières n’impliquent aucune reconnaissance.",
	"Commitments by status":                                              "Engagements par statut",
	"Money for the country, by state":                                    "Montants pour le pays, par étape",
	"each currency on its own scale; multi-country amounts in the table": "chaque devise à sa propre échelle ; montants multi-pays dans le tableau",
	"No amounts are recorded for the country.":                           "Aucun montant n’est enregistré pour ce pays.",
	"%s takes part in %s.":                                               "%s participe à %s.",   // the country with its article, capitalised
	"plural|%s takes part in %s.":                                        "%s participent à %s.", // "Les Pays-Bas participent" (Lang.countryPlural)
	"partnership or dialogue":                                            "partenariat ou dialogue",
	"partnerships and dialogues":                                         "partenariats et dialogues",
	"%s are recorded: %s by %s, %s towards it and %s joint; %s overdue and %s due in the next %s days.": "%s sont enregistrés : %s pris par %s, %s envers ce pays et %s conjointement ; %s en retard et %s à échéance dans les %s prochains jours.",
	"%s is recorded: %s by %s, %s towards it and %s joint; %s overdue and %s due in the next %s days.":  "%s est enregistré : %s pris par %s, %s envers ce pays et %s conjointement ; %s en retard et %s à échéance dans les %s prochains jours.",
	"Overdue":            "En retard",
	"Due within %s days": "Échéance sous %s jours",
	"Funding":            "Financement",
	"per currency and state, never converted": "par devise et par étape, jamais converti",
	"Currency":                          "Devise",
	"For the country":                   "Pour le pays",
	"Part of multi-country commitments": "Partie d’engagements multi-pays",
	"Key indicators":                    "Indicateurs clés",
	"latest value of each indicator":    "dernière valeur de chaque indicateur",
	"No indicator values are recorded for these commitments.": "Aucune valeur d’indicateur n’est enregistrée pour ces engagements.",
	"Indicator":         "Indicateur",
	"Latest value":      "Dernière valeur",
	"Baseline → target": "Référence → cible",
	"Period":            "Période",
	"Commitment":        "Engagement",
	"more indicator is listed with its commitment.":      "autre indicateur figure avec son engagement.",
	"more indicators are listed with their commitments.": "autres indicateurs figurent avec leurs engagements.",
	"baseline %s": "référence %s",
	"target %s":   "cible %s",
	"since %s":    "depuis %s",
	"began %s":    "commencé en %s",
	"until %s":    "jusqu’en %s",
	"as of %s":    "au %s",

	// Partnerships.
	"No partnership or dialogue with %s as a party is recorded.":        "Aucun partenariat ni dialogue dont %s est partie n’est enregistré.",
	"plural|No partnership or dialogue with %s as a party is recorded.": "Aucun partenariat ni dialogue dont %s sont parties n’est enregistré.",
	"Partnership or dialogue":           "Partenariat ou dialogue",
	"Type":                              "Type",
	"Role of %s":                        "Rôle %s", // given "de la Tunisie", "du Niger" (Lang.countryIn)
	"Status":                            "Statut",
	"With %s":                           "Avec %s",
	"Themes: %s":                        "Thèmes : %s",
	"Framework: %s":                     "Cadre : %s",
	"%s: %s":                            "%s : %s",
	"Documents: %s":                     "Documents : %s",
	"Open conflict: see Open conflicts": "Conflit ouvert : voir Conflits ouverts",

	// Commitments.
	"By %s":         "Pris par %s",
	"parties|By %s": "Par %s", // the parties of a commitment, as the screen says

	// The title of an intervention, composed from its parts (Lang.recordTitle); "speaker" is
	// the speaker with its "de" (partyIn): "du Maroc", "de « EEAS »".
	"speaker|Intervention by %s (%s)": "Intervention %s (%s)",
	"speaker|Intervention by %s":      "Intervention %s",
	// A pack's cover: "Dossier de réunion … Préparé par", "Fiches pays … Préparées par".
	"meeting pack|Prepared by":   "Préparé par",
	"country briefs|Prepared by": "Préparées par",
	"Intervention (%s)":          "Intervention (%s)",
	"Intervention":               "Intervention",
	"(untitled)":                 "(sans titre)",
	"Towards %s":                 "Envers %s",
	"Joint":                      "Conjoints",
	"promises made by %s alone":  "promesses faites par %s uniquement",
	"promises others made to %s": "promesses d’autres parties envers %s",
	"made by %s with others, or by and towards it": "pris par %s avec d’autres, ou à la fois par ce pays et envers lui",
	"None recorded.":        "Rien d’enregistré.",
	"Parties":               "Parties",
	"Framework":             "Cadre",
	"Due":                   "Échéance",
	"Framework items cited": "Éléments de cadre cités",
	"Item":                  "Élément",
	"Title":                 "Titre",
	"Partnership: %s":       "Partenariat : %s",
	"Source: %s":            "Source : %s",
	"Document: %s":          "Document : %s",
	"for all the commitment’s countries together": "pour tous les pays de l’engagement ensemble",
	"Funding: %s": "Financement : %s",
	"part of a multi-country commitment of %s": "partie d’un engagement multi-pays de %s",
	"part of a multi-country commitment":       "partie d’un engagement multi-pays",
	"Marked: %s":                               "Mention : %s",
	"Disputed (%s): see Open conflicts":        "Contesté (%s) : voir Conflits ouverts",
	"To %s":                                    "Envers %s",
	"disputed":                                 "contesté",
	"no date":                                  "sans date",
	"Due soon":                                 "Échéance proche",

	// Meetings.
	"Recent meetings":                 "Réunions récentes",
	"Next meetings":                   "Prochaines réunions",
	"latest first":                    "la plus récente d’abord",
	"soonest first":                   "la plus proche d’abord",
	"earlier meeting is not shown.":   "réunion antérieure n’est pas affichée.",
	"earlier meetings are not shown.": "réunions antérieures ne sont pas affichées.",
	"later meeting is not shown.":     "réunion ultérieure n’est pas affichée.",
	"later meetings are not shown.":   "réunions ultérieures ne sont pas affichées.",
	"Meeting":                         "Réunion",
	"Dates":                           "Dates",
	"Venue":                           "Lieu",
	"Sessions":                        "Séances",
	"Organised by %s":                 "Organisée par %s",
	"Outcome: %s":                     "Résultat : %s",

	// Talking points.
	"its own points": "ses propres éléments",
	"No intervention on behalf of %s or mentioning it is recorded.": "Aucune intervention au nom %s, ou qui mentionne ce pays, n’est enregistrée.", // "du Niger", "de la Tunisie"
	"speaker %s":             "orateur : %s",
	"on behalf of %s":        "au nom %s", // given "du Maroc et de la Tunisie", "de « European Union »" (Lang.partiesIn)
	"points that mention %s": "éléments qui mentionnent %s",
	"all points (the intervention concerns %s)":                   "tous les éléments (l’intervention concerne %s)",
	"This intervention has an open conflict: see Open conflicts.": "Cette intervention a un conflit ouvert : voir Conflits ouverts.",

	// Conflicts.
	"No open conflicts on the records in this brief.": "Aucun conflit ouvert sur les fiches de ce document.",
	"%s changed these fields without seeing each other's change. The brief shows the first value; " +
		"check with the authors, or resolve the conflict, before quoting it.": "%s ont modifié ces champs sans voir la modification des autres. La fiche montre la première valeur ; " +
		"vérifiez auprès des auteurs, ou résolvez le conflit, avant de la citer.",
	"Record":               "Fiche",
	"Field":                "Champ",
	"Values (shown first)": "Valeurs (celle affichée d’abord)",
	"… and %s more":        "… et %s autres", // the entries of a list value left out
	"one|… and %s more":    "… et %s autre",
	// What a listed entry of a funding or indicators conflict is, as the Conflicts screen says.
	"more entry alike":   "autre entrée identique",
	"more entries alike": "autres entrées identiques",
	"The same entries as the other value, in another order.": "Les mêmes entrées que l’autre valeur, dans un autre ordre.",
	"Added":                 "Ajout",
	"Removed":               "Retrait",
	"Changed: %s":           "Modification : %s",
	"part|amount":           "montant",
	"part|state":            "étape",
	"part|instrument":       "instrument",
	"part|as of":            "au",
	"part|source":           "source",
	"part|indicator":        "indicateur",
	"part|unit":             "unité",
	"part|baseline":         "valeur de référence",
	"part|target":           "cible",
	"part|counted since":    "compté depuis",
	"part|values over time": "valeurs dans le temps",
	"part|note":             "note",

	// Provenance.
	"record":     "fiche",
	"records":    "fiches",
	"none":       "aucun",
	"State hash": "Empreinte de l’état",
	"(first 16 of 64 hex digits, as printed by dossier state-hash)": "(16 premiers des 64 chiffres hexadécimaux, tels qu’affichés par dossier state-hash)",
	"Records drawn on":     "Fiches utilisées",
	"Operations held":      "Opérations détenues",
	"Contributing authors": "Auteurs contributeurs",
	"Generated":            "Générée",
	"%s by %s":             "%s par %s",

	// Narrative and annex.
	"Annex: full texts":                          "Annexe : textes intégraux",
	"full text in the annex":                     "texte intégral en annexe",
	"The texts shortened in the brief, in full.": "Les textes abrégés dans la fiche, en entier.",
	"Summary":     "Résumé",
	"Partnership": "Partenariat",

	// Since the last meeting.
	"Since the last meeting": "Depuis la dernière réunion",
	"Since %s":               "Depuis le %s", // the title when a date was asked for: "Depuis le 1er mars 2026"
	"Changes to the records of this brief since the start of %s (%s), latest first.":                   "Modifications des fiches de ce document depuis le début de la réunion « %s » (%s), les plus récentes d’abord.",
	"Changes to the records of this brief since %s, latest first.":                                     "Modifications des fiches de ce document depuis le %s, les plus récentes d’abord.",
	"No meeting of %s before the date of this brief is recorded, so there is nothing to compare with.": "Aucune réunion %s antérieure à la date de cette fiche n’est enregistrée : rien à comparer.",
	"Nothing has changed since then.":                                                                  "Rien n’a changé depuis.",
	"Change":                                                                                           "Modification",
	"By":                                                                                               "Par",
	"created":                                                                                          "création", // a noun: it heads a change to a record of either gender
	"deleted":                                                                                          "suppression",
	"restored":                                                                                         "rétablissement",
	"Status: %s → %s":                                                                                  "Statut : %s → %s",
	"Due date: %s → %s":                                                                                "Échéance : %s → %s",
	"Funding added: %s":                                                                                "Financement ajouté : %s",
	"Funding changed: %s → %s":                                                                         "Financement modifié : %s → %s",
	"Funding removed: %s":                                                                              "Financement retiré : %s",
	"Status: set to %s, at the same time as another change":   "Statut : valeur saisie %s, en même temps qu’une autre modification",
	"Due date: set to %s, at the same time as another change": "Échéance : valeur saisie %s, en même temps qu’une autre modification",
	"Funding: set to %s, at the same time as another change":  "Financement : valeur saisie %s, en même temps qu’une autre modification",
	"Edited: %s":                     "Modifié : %s",
	"New conflict: %s":               "Nouveau conflit : %s",
	"(empty)":                        "(vide)",
	"(none)":                         "(aucune)",
	"earlier change is not shown.":   "modification plus ancienne n’est pas affichée.",
	"earlier changes are not shown.": "modifications plus anciennes ne sont pas affichées.",

	// Next steps.
	"Next steps":                       "Prochaines étapes",
	"Falling due":                      "Échéances",
	"overdue, then due within %s days": "en retard, puis à échéance sous %s jours",
	"No commitment is overdue or due within %s days.": "Aucun engagement en retard ni à échéance sous %s jours.",
	"Side":       "Côté",
	"side|Joint": "Conjoint",
	"more commitment falling due is listed under Commitments.":   "autre engagement à échéance figure sous Engagements.",
	"more commitments falling due are listed under Commitments.": "autres engagements à échéance figurent sous Engagements.",
	"No next meeting is recorded.":                               "Aucune prochaine réunion n’est enregistrée.",

	// Money.
	"Money": "Financements",
	"Amounts per currency and state, never converted between currencies nor added across states.": "Montants par devise et par étape, jamais convertis d’une devise à l’autre ni additionnés d’une étape à l’autre.",
	"By side":         "Par côté",
	"From %s":         "%s", // given "de la Tunisie", "du Niger" (Lang.countryIn)
	"Per partnership": "Par partenariat",
	"the country's own amounts, and the multi-country commitments it is part of": "les montants propres au pays, et les engagements multi-pays dont il fait partie",
	"No amount is recorded on the commitments of this brief.":                    "Aucun montant n’est enregistré sur les engagements de cette fiche.",
	"No commitment with money belongs to a partnership.":                         "Aucun engagement doté d’un montant n’appartient à un partenariat.",
	"(no partnership)": "(sans partenariat)",

	// Contacts.
	"Contacts": "Contacts",
	"Party":    "Partie",
	"Name":     "Nom",
	"Function": "Fonction",
	"E-mail":   "Courriel",
	"Phone":    "Téléphone",
	"No contact point is recorded for the parties of %s.": "Aucun point de contact n’est enregistré pour les parties %s.",
}
