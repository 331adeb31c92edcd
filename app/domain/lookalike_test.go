package domain

import (
	"encoding/json"
	"errors"
	"testing"
)

// A key inside an entry that is a field's name only by Unicode case folding (ſ, the long s,
// folds to s; K, the Kelvin sign, to k) is refused: encoding/json matched it to the field and,
// written after the plain key as a canonical value sorts it, its value won, so a funding line
// that reads "state": "pledged" on screen (which reads the key as written) was counted and
// printed as disbursed. Escaped or not, in a list's entry or deeper.
func TestLookalikeKeyIsRefused(t *testing.T) {
	for _, funding := range []string{
		`[{"amount":1000,"currency":"EUR","state":"pledged","ſtate":"disbursed"}]`,
		`[{"amount":1000,"currency":"EUR","state":"pledged","\u017ftate":"disbursed"}]`,
		`[{"amount":1000,"currency":"EUR","state":"pledged","as_of":"2026-01-01","aſ_of":"2030-01-01"}]`,
	} {
		err := Validate(KindCommitment, map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"agreed"`),
			"funding": json.RawMessage(funding)}, nil)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Problem("funding").Code != "json_key_lookalike" {
			t.Errorf("%s: %v", funding, err)
			continue
		}
		if got := ve.Problem("funding").Text(); got == "" {
			t.Errorf("%s: no words", funding)
		}
	}
	indicators := `[{"name":"Returns","unit":"people","values":[{"actual":3,"as_of":"2026-01-01","a\u017f_of":"2030-01-01"}]}]`
	err := Validate(KindCommitment, map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"agreed"`),
		"indicators": json.RawMessage(indicators)}, nil)
	if ve := (*ValidationError)(nil); !errors.As(err, &ve) || ve.Problem("indicators").Code != "json_key_lookalike" {
		t.Errorf("a lookalike key deeper in: %v", err)
	}
	// Letters outside ASCII in values are text like any other.
	if err := Validate(KindCommitment, map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"agreed"`),
		"funding": json.RawMessage(`[{"amount":1000,"currency":"EUR","state":"pledged","source":"Fonds fiduciaire d’urgence, Sénégal ſ K"}]`)}, nil); err != nil {
		t.Errorf("non-ASCII values: %v", err)
	}
}
