package intake_test

import (
	"testing"

	"dossier/app/identity"
	"dossier/app/intake"
	"dossier/app/internal/craft"
)

// Precheck decides from the header alone: a stranger's bundle is refused before its body is
// read, unless an authority with changes of its own in the bundle may introduce them.
func TestPrecheckFromTheHeader(t *testing.T) {
	o := newOffice(t)
	stranger := decoded(t, o.stranger, run(craft.Continue(o.stranger, 0, "", nil), 2))
	refusal(t, intake.Precheck(&stranger.Header, holding(), o.fold(t)), intake.ProblemUnknownAuthor, o.stranger.KeyID())

	// Relayed by a delegate: a delegate introduces no one, so still refused up front.
	desk := decoded(t, o.desk, run(craft.Continue(o.desk, 0, "", nil), 1), run(craft.Continue(o.stranger, 0, "", nil), 1))
	refusal(t, intake.Precheck(&desk.Header, holding(), o.fold(t)), intake.ProblemUnknownAuthor, o.stranger.KeyID())

	// Relayed by a secretariat I trust, with changes of its own: the body may introduce them,
	// so the decision waits for Decide.
	dakar := decoded(t, o.dakar, run(craft.Continue(o.dakar, 0, "", nil), 1), run(craft.Continue(o.senegal, 0, "", nil), 1))
	if err := intake.Precheck(&dakar.Header, holding(), o.fold(t)); err != nil {
		t.Fatalf("a secretariat's bundle with an author it may introduce: %v", err)
	}

	// A header naming a secretariat's changes, but signed by someone else (here the
	// stranger, then a trusted delegate): the body would be read before the secretariat's
	// checkpoint shows they are forged, so the stranger is refused up front.
	for _, exporter := range []*identity.Identity{o.stranger, o.desk} {
		forged := decoded(t, exporter, run(craft.Continue(o.dakar, 0, "", nil), 1), run(craft.Continue(o.stranger, 0, "", nil), 1))
		refusal(t, intake.Precheck(&forged.Header, holding(), o.fold(t)), intake.ProblemUnknownAuthor, o.stranger.KeyID())
	}

	// Nothing new from the stranger: nothing to refuse.
	old := run(craft.Continue(o.stranger, 0, "", nil), 2)
	relayed := decoded(t, o.desk, old)
	if err := intake.Precheck(&relayed.Header, holding(old), o.fold(t)); err != nil {
		t.Fatalf("changes already held: %v", err)
	}

	// Revoked past the bound: refused up front, whoever relays it.
	o.say(o.desk.Card(), false, 1, true)
	late := decoded(t, o.dakar, run(craft.Continue(o.dakar, 0, "", nil), 1), run(craft.Continue(o.desk, 0, "", nil), 3))
	r := refusal(t, intake.Precheck(&late.Header, holding(), o.fold(t)), intake.ProblemRevoked, o.desk.KeyID())
	if r.Seq != 2 || r.To != 3 || r.Bound != 1 {
		t.Errorf("revoked range %d–%d bound %d, want 2–3 bound 1", r.Seq, r.To, r.Bound)
	}
}
