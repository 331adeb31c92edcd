package brief

// itemTitleFR is the French title of each shipped framework item (GCM objectives, JVAP
// domains), as the screens show it (frontend/src/lib/i18n/fr.ts, "ref.CODE"; held equal by
// TestItemTitlesMatchTheScreens). Items added to a framework by users are data and printed as
// recorded.
var itemTitleFR = map[string]string{
	"GCM-1":  "Collecter et utiliser des données précises et ventilées qui serviront à l’élaboration de politiques fondées sur la connaissance des faits",
	"GCM-2":  "Lutter contre les facteurs négatifs et les problèmes structurels qui poussent des personnes à quitter leur pays d’origine",
	"GCM-3":  "Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration",
	"GCM-4":  "Munir tous les migrants d’une preuve d’identité légale et de papiers adéquats",
	"GCM-5":  "Faire en sorte que les filières de migration régulière soient accessibles et plus souples",
	"GCM-6":  "Favoriser des pratiques de recrutement justes et éthiques et assurer les conditions d’un travail décent",
	"GCM-7":  "S’attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire",
	"GCM-8":  "Sauver des vies et mener une action internationale coordonnée pour retrouver les migrants disparus",
	"GCM-9":  "Renforcer l’action transnationale face au trafic de migrants",
	"GCM-10": "Prévenir, combattre et éliminer la traite de personnes dans le cadre des migrations internationales",
	"GCM-11": "Gérer les frontières de manière intégrée, sûre et coordonnée",
	"GCM-12": "Veiller à l’application de procédures de contrôle, d’évaluation et d’orientation fiables et prévisibles en matière de migration",
	"GCM-13": "Ne recourir au placement en rétention administrative des migrants qu’en dernier ressort et chercher des solutions de rechange",
	"GCM-14": "Améliorer la protection, l’assistance et la coopération consulaires tout au long du cycle migratoire",
	"GCM-15": "Assurer l’accès des migrants aux services de base",
	"GCM-16": "Donner aux migrants et aux sociétés les moyens de réaliser la pleine intégration et la cohésion sociale",
	"GCM-17": "Éliminer toutes les formes de discrimination et encourager un débat public fondé sur l’analyse des faits afin de faire évoluer la manière dont les migrations sont perçues",
	"GCM-18": "Investir dans le perfectionnement des compétences et faciliter la reconnaissance mutuelle des aptitudes, qualifications et compétences",
	"GCM-19": "Créer les conditions permettant aux migrants et aux diasporas de contribuer pleinement au développement durable dans tous les pays",
	"GCM-20": "Rendre les envois de fonds plus rapides, plus sûrs et moins coûteux et favoriser l’inclusion financière des migrants",
	"GCM-21": "Coopérer en vue de faciliter le retour et la réadmission des migrants en toute sécurité et dans la dignité, ainsi que leur réintégration durable",
	"GCM-22": "Mettre en place des mécanismes de portabilité des droits de sécurité sociale et des avantages acquis",
	"GCM-23": "Renforcer la coopération internationale et les partenariats mondiaux pour des migrations sûres, ordonnées et régulières",
	"JVAP-1": "Avantages des migrations en termes de développement et lutte contre les causes profondes de la migration irrégulière et des déplacements forcés",
	"JVAP-2": "Migration légale et mobilité",
	"JVAP-3": "Protection et asile",
	"JVAP-4": "Prévention de la migration irrégulière, du trafic de migrants et de la traite des êtres humains, et lutte contre ces phénomènes",
	"JVAP-5": "Retour, réadmission et réintégration",
}
