package bundle

import (
	"bytes"
	"sync"

	"dossier/app/identity"
)

// DecodeCard is identity.DecodeCard with a memory of the cards accepted recently. A card's
// checks cost several curve operations, and the same few cards (exporters, trust
// statements) are decoded on every import; a card is immutable, so an accepted text stays
// accepted. Refusals are not remembered.
func DecodeCard(data []byte) (identity.Card, error) {
	cardCache.Lock()
	c, ok := cardCache.m[string(data)]
	cardCache.Unlock()
	if ok {
		c.PublicKey = bytes.Clone(c.PublicKey)
		c.Signature = bytes.Clone(c.Signature)
		return c, nil
	}
	c, err := identity.DecodeCard(data)
	if err != nil {
		return c, err
	}
	cardCache.Lock()
	if len(cardCache.m) >= 256 {
		clear(cardCache.m)
	}
	cardCache.m[string(data)] = c
	cardCache.Unlock()
	return DecodeCard(data)
}

var cardCache = struct {
	sync.Mutex
	m map[string]identity.Card
}{m: map[string]identity.Card{}}
