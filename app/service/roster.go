package service

// Names and roles come from the roster (docs/trust.md, "Names and roles"): the card trusted
// for a key, never the card a bundle header carries.

import (
	"strings"

	"dossier/app/identity"
	"dossier/app/store"
)

// trustedPeer names a key as this installation's roster knows it: the name, role, delegation
// and fingerprint of the card trusted for it (also when revoked; for this installation, its
// own card). A key with no trusted card (unknown, or conflicting cards) keeps the name last
// learned from a card trusted here, if any, else its key id; its role stays empty. Reports
// and history use it so that a card a bundle carries never renames or promotes anyone.
func (s *Sync) trustedPeer(k string, ts *trustState) PeerView {
	v := PeerView{KeyID: k, Name: k, Trust: TrustUnknown}
	if ts != nil {
		st := ts.Status(k)
		v.Trust = st.State
		if c := st.Card; c != nil {
			v.Name, v.Role, v.Delegation, v.Fingerprint = c.Name, c.Role, c.Delegation, identity.Fingerprint(c.PublicKey)
			return v
		}
	}
	// The store's names are only ever set from trusted cards (trust add, import's roster).
	v.Name = s.App.Store.Name(k)
	return v
}

// bundleOrigin splits the origin the store keeps for a change that came in a bundle,
// "bundle <id> from <exporter key id>". Origins written before key ids were recorded carry
// the exporter's name instead; they are not split (ok false) and are shown as they are.
func bundleOrigin(origin string) (bundle, exporter string, ok bool) {
	rest, ok := strings.CutPrefix(origin, "bundle ")
	if !ok {
		return "", "", false
	}
	bundle, exporter, ok = strings.Cut(rest, " from ")
	if !ok || bundle == "" || !keyIDRE.MatchString(exporter) {
		return "", "", false
	}
	return bundle, exporter, true
}

// HistoryEntry is one change in a record's history, its author and the installation whose
// bundle brought it named by the roster.
type HistoryEntry struct {
	store.Entry
	AuthorRole string `json:"author_role,omitempty"`
	// Bundle and From: the bundle that brought the change and who exported it, as the roster
	// knows them; empty for local changes, restores, and origins recorded by older versions
	// (Origin shows those as they were written).
	Bundle string    `json:"bundle,omitempty"`
	From   *PeerView `json:"from,omitempty"`
	// Names: the people an add_wins, a concurrent or a settled of the changes names, by key
	// id, as the roster knows them.
	Names map[string]string `json:"names,omitempty"`
	// RefNames: the titles of the records its changes' values refer to, by id, as Get's
	// names are (an id the store no longer holds is left out).
	RefNames map[string]string `json:"ref_names,omitempty"`
}

// historyView names the authors and exporters of a record's history from the roster. Origin
// becomes "bundle <id> from <name> (<role>)" for a known exporter, "bundle <id> from <key
// id>" for one unknown here.
func (s *Sync) historyView(entries []store.Entry) ([]HistoryEntry, error) {
	nm, err := s.historyNames()
	if err != nil {
		return nil, err
	}
	return nm.view(entries), nil
}

// historyNames reads the roster once for the histories of many records (the audit file).
type historyNames struct {
	s     *Sync
	ts    *trustState
	peers map[string]PeerView
}

func (s *Sync) historyNames() (*historyNames, error) {
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	return &historyNames{s: s, ts: ts, peers: map[string]PeerView{}}, nil
}

func (nm *historyNames) peer(k string) PeerView {
	p, ok := nm.peers[k]
	if !ok {
		p = nm.s.trustedPeer(k, nm.ts)
		nm.peers[k] = p
	}
	return p
}

func (nm *historyNames) view(entries []store.Entry) []HistoryEntry {
	peer := nm.peer
	out := make([]HistoryEntry, 0, len(entries))
	for _, e := range entries {
		a := peer(e.Author)
		h := HistoryEntry{Entry: e, AuthorRole: a.Role}
		h.AuthorName = a.Name
		if id, k, ok := bundleOrigin(e.Origin); ok {
			p := peer(k)
			h.Bundle, h.From = id, &p
			h.Origin = "bundle " + id + " from " + peerWords(p)
		}
		for _, c := range e.Changes {
			for _, aw := range c.AddWins {
				if h.Names == nil {
					h.Names = map[string]string{}
				}
				h.Names[aw.Adder], h.Names[aw.Remover] = peer(aw.Adder).Name, peer(aw.Remover).Name
			}
			for _, k := range c.Concurrent {
				if h.Names == nil {
					h.Names = map[string]string{}
				}
				h.Names[k] = peer(k).Name
			}
			for _, sd := range c.Settled {
				if h.Names == nil {
					h.Names = map[string]string{}
				}
				h.Names[sd.Author] = peer(sd.Author).Name
			}
		}
		out = append(out, h)
	}
	return out
}

// peerWords is "Name (role)", or the key id alone when the roster does not know it.
func peerWords(p PeerView) string {
	switch {
	case p.Role != "":
		return p.Name + " (" + p.Role + ")"
	case p.Name != p.KeyID:
		return p.Name + " (" + p.KeyID + ")"
	}
	return p.KeyID
}
