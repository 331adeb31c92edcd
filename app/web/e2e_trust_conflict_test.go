//go:build e2e

package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// conflictJS makes the page see two keys under one key id, which real keys reach only by a
// deliberate search of about 2^32 keys (docs/trust.md, "Two keys under one key id"): a
// refusal of an unknown author becomes a trust_conflict one, as the service words it, and
// the trust list's row of the key becomes one row per card, each with who vouches for it.
// Only what the service sends is rewritten; the screens are the real ones.
const conflictJS = `(() => {
  const orig = window.fetch;
  const fix = (v, key) => {
    if (Array.isArray(v)) return v.map((x) => fix(x, key));
    if (v && typeof v === 'object') {
      if (v.problem === 'unknown_author') {
        const who = (v.params && v.params.who) || '';
        return { ...v, problem: 'trust_conflict', params: { who },
          message: 'author ' + who + ': two different keys are vouched for under this key id, so Dossier cannot tell which of them signed these changes: nothing was imported; …' };
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x, key)]));
    }
    return v;
  };
  window.fetch = async (url, init) => {
    const res = await orig(url, init);
    let call = {};
    try { call = JSON.parse(init && init.body || '{}'); } catch {}
    if (call.service !== 'Sync') return res;
    const body = JSON.parse(await res.text());
    if (call.method === 'TrustList' && Array.isArray(body.result)) {
      body.result = body.result.flatMap((c) => c.name !== 'Xavier Dupont' ? [c] : [
        { ...c, trust: 'conflict', via_you: true },
        { ...c, trust: 'conflict', via_you: false, via: 'Secretariat Dakar', fingerprint: '40213 88310 05527 61984 20776 13052 98841 30517', created_at: '2026-11-30T09:12:44Z' },
      ]);
    } else {
      body.result = fix(body.result);
    }
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  };
  return '';
})()`

// TestBrowserTrustConflictWords: a secretariat whose import is refused for two keys under
// one key id is given the procedure (the fingerprint the person reads from their own screen,
// a new identity), not an unknown author's advice; the trust list shows each card under the
// key id with its fingerprint and who vouches for it; in English and in French.
func TestBrowserTrustConflictWords(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	sec, x := t.TempDir(), t.TempDir()
	runCLI(t, bin, "init", "--name", "Secretariat Rabat", "--role", "secretariat", "--data", sec)
	runCLI(t, bin, "init", "--name", "Xavier Dupont", "--role", "delegate", "--data", x)
	card := filepath.Join(t.TempDir(), "xavier.card")
	runCLI(t, bin, "identity", "--card", card, "--data", x)
	cliStdin(t, bin, `{"title": "Reception centres", "status": "agreed"}`, "record", "add", "commitment", "--data", x)
	bundle := filepath.Join(t.TempDir(), "xavier.dossier")
	runCLI(t, bin, "export", "--out", bundle, "--data", x)

	srv := startServe(t, bin, sec)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1280, 1000))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.eval("two keys under one key id", conflictJS)
	language := func(lang string) {
		p.click("nav-settings")
		p.choose("settings-language", lang)
		p.wait(lang, `document.documentElement.lang === `+js(lang))
	}
	refusal := func(lang string, want ...string) {
		p.click("nav-sync")
		p.wait("sync page", p.exists(tid("page-sync")))
		p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-import-input")), []string{bundle}))
		p.wait("refused "+lang, p.exists(`[data-testid="sync-report"][data-status="refused"] [data-testid="sync-refusal-todo"]`))
		got := p.eval("refusal "+lang, `(() => { const r = document.querySelector('[data-testid="sync-refusal"]');
			return [r.querySelector('[data-testid="sync-refusal-title"]'), r.querySelector('[data-testid="sync-refusal-why"]'), r.querySelector('[data-testid="sync-refusal-todo"]')].map(e => e ? e.textContent.trim() : '').join(' | '); })()`)
		for _, w := range want {
			if !strings.Contains(got, w) {
				p.fail("refusal "+lang, &mismatch{got, "… " + w + " …"})
			}
		}
		p.eval("scroll", `(() => { document.querySelector('[data-testid="sync-report"]').scrollIntoView({block: 'start'}); return ''; })()`)
		p.shot("trust-conflict-refusal-" + lang)
	}
	list := func(lang string, want ...string) {
		p.click("nav-trust")
		p.wait("trust page", p.exists(`[data-testid="trust-row"][data-trust="conflict"]`))
		got := p.eval("rows "+lang, `[...document.querySelectorAll('[data-testid="trust-row"][data-trust="conflict"]')].map(r => r.textContent.replace(/\s+/g, ' ').trim()).join(' | ')`)
		for _, w := range want {
			if !strings.Contains(got, w) {
				p.fail("trust list "+lang, &mismatch{got, "… " + w + " …"})
			}
		}
		// The two cards under one key id are one identity, listed twice.
		count := p.eval("count "+lang, `document.querySelector('[data-testid="trust-count"]').textContent.trim()`)
		keys := p.eval("key ids "+lang, `String(new Set([...document.querySelectorAll('[data-testid="trust-row"]:not([data-trust="self"])')].map(r => r.dataset.key)).size)`)
		if !strings.HasPrefix(count, keys+" ") {
			p.fail("count "+lang, fmt.Errorf("%q for %s key ids", count, keys))
		}
		p.shot("trust-conflict-list-" + lang)
	}

	refusal("en", "Two keys under one key id", "Dossier cannot tell which of them signed these changes",
		"ask them to read the fingerprint on their own Identity & trust screen", "make a new identity")
	language("fr")
	refusal("fr", "Deux clés sous un même identifiant", "Dossier ne peut pas savoir laquelle a signé ces modifications",
		"lire l’empreinte affichée sur son propre écran « Identité et confiance »", "créer une nouvelle identité")

	text, err := os.ReadFile(card)
	if err != nil {
		t.Fatal(err)
	}
	apiCall(t, srv, "Sync", "TrustCardData", "xavier.card", string(text))
	list("fr", "garantie par vous", "garantie par Secretariat Dakar", "40213 88310 05527 61984 20776 13052 98841 30517")
	language("en")
	list("en", "vouched for by you", "vouched for by Secretariat Dakar", "40213 88310 05527 61984 20776 13052 98841 30517")
}
