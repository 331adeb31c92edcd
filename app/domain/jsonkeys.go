package domain

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
)

// ObjectKeys calls fn with each key of each object in valid JSON text, escapes read, and the
// keys its object gave before it, until fn returns false. The one walk over a value's keys:
// a key given twice (service.JSONKeyTwice) and a key that is a field's name only by case
// folding (lookalikeKey) are both found with it.
func ObjectKeys(text string, fn func(key string, before map[string]bool) bool) {
	type level struct {
		keys    map[string]bool // nil in an array
		wantKey bool
	}
	var stack []*level
	dec := json.NewDecoder(strings.NewReader(text))
	for {
		tok, err := dec.Token()
		if err != nil {
			return // the end (the text was decoded whole before)
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{keys: map[string]bool{}, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			if top != nil && top.keys != nil && top.wantKey {
				k, _ := tok.(string)
				if !fn(k, top.keys) {
					return
				}
				top.keys[k], top.wantKey = true, false
				continue
			}
		}
		// A value ended: the object holding it expects a key next.
		if len(stack) > 0 && stack[len(stack)-1].keys != nil {
			stack[len(stack)-1].wantKey = true
		}
	}
}

// lookalikeKey finds a key in a decoded value's objects that is no field's name as written
// but was taken for one: every name a record's values use is plain ASCII, and encoding/json,
// with unknown fields refused, still matches a key to a field by Unicode case folding (ſ, the
// long s, is s to it; K, the Kelvin sign, k). Written after the plain key, as a canonical
// value sorts it, its value won, while the screen, which reads the key as written, showed the
// other: a funding line read "pledged" on screen and counted as disbursed. It returns the key
// and the name it stands for.
func lookalikeKey(raw []byte) (key, name string, found bool) {
	// The common case: none of the two letters that fold to ASCII, nor an escape that could
	// write one (a French value's accents alone do not make the walk).
	if !bytes.Contains(raw, []byte("\u017f")) && !bytes.Contains(raw, []byte("\u212a")) && !bytes.Contains(raw, []byte(`\u`)) {
		return "", "", false
	}
	ObjectKeys(string(raw), func(k string, _ map[string]bool) bool {
		for _, r := range k {
			if r >= 0x80 {
				key, found = k, true
				name = strings.Map(func(r rune) rune {
					for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
						if f < 0x80 {
							return unicode.ToLower(f)
						}
					}
					return unicode.ToLower(r)
				}, k)
				return false
			}
		}
		return true
	})
	return key, name, found
}
