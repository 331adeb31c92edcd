package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"dossier/app/domain"
)

// The words a party's summary holds for its country (text.countries) are part of the summary's
// bytes, which check holds to their recomputation. A change to the country names that changes
// them must raise summaryVersion, so that summaries written before are rebuilt at open rather
// than reported stale. This digest of every country's words is that of summary version 11, which
// added the names people write besides a country's own ("Turkey", "Ivory Coast"; versions 8–10
// had 7be5fe7d…, where a name with an apostrophe added its joined word, "divoire", "peoples";
// version 7's digest was 537e761c…); in version 7 the French display names with ’ and the UN's short names (Côte
// d’Ivoire, Myanmar, Groenland…) had left it as it was: their words were already there, from
// the ISO and English names.
func TestCountryWordsOfSummaryVersion(t *testing.T) {
	const v11 = "9131eba6c469ef8f6bd70681b689c30fcaadb9167575b505500ab7302cd4a388"
	var b strings.Builder
	for _, c := range domain.Countries() {
		var tx text
		tx.countries(c.Alpha3)
		b.WriteString(c.Alpha3 + ": " + strings.Join(wordsOf(tx.parts...), " ") + "\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	if got := hex.EncodeToString(sum[:]); got != v11 || summaryVersion != 11 {
		t.Errorf("the words of countries in summaries changed (digest %s) or the version did (%d): raise summaryVersion and set both here", got, summaryVersion)
	}
}
