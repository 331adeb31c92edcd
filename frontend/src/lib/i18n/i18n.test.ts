import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { catalogs, interpolate, nestQuotes, translate, tn } from './index.svelte';
import { countryIn } from '../brief';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('every English key exists in French and vice versa', () => {
    const ek = Object.keys(en).sort();
    const fk = Object.keys(fr).sort();
    expect(ek.filter((k) => !(k in fr))).toEqual([]);
    expect(fk.filter((k) => !(k in en))).toEqual([]);
    expect(fk).toEqual(ek);
  });

  it('no message is empty', () => {
    for (const [name, cat] of Object.entries(catalogs)) {
      for (const [k, v] of Object.entries(cat)) {
        expect(v.trim(), `${name}: ${k}`).not.toBe('');
      }
    }
  });

  it('both languages use the same placeholders in each message', () => {
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fr[k]), k).toEqual(placeholders(en[k]));
    }
  });

  it('counted messages come in .one/.other pairs', () => {
    const keys = Object.keys(en);
    for (const k of keys.filter((x) => !x.startsWith('opt.'))) {
      if (k.endsWith('.one')) expect(keys, k).toContain(k.replace(/\.one$/, '.other'));
      if (k.endsWith('.other')) expect(keys, k).toContain(k.replace(/\.other$/, '.one'));
    }
  });

  it("the charts' summaries count in the plural they need", () => {
    // "1 GCM objectives are named" and "1 thèmes sont cités" were read on the country page.
    const say = (key: string, n: number, L: 'en' | 'fr') =>
      tn(key, n, { label: 'X', top: tn('brief.n_commitments', n, undefined, L), list: 'y' }, L);
    expect(say('chart.summary_objective', 1, 'en')).toBe('1 GCM objective is named: X (1 commitment).');
    expect(say('chart.summary_theme', 2, 'en')).toBe('2 themes are named; the most common is X (2 commitments).');
    expect(say('chart.summary_theme', 1, 'fr')).toBe('1 thème est cité : « X » (1 engagement).');
    expect(say('chart.summary_objective', 3, 'fr')).toBe('3 objectifs du PMM sont cités ; le plus cité est « X » (3 engagements).');
    expect(say('chart.summary_money', 1, 'en')).toBe('Money is recorded in 1 currency; the largest figure: y.');
    expect(say('chart.summary_money', 1, 'fr')).toBe('Les montants sont enregistrés en 1 devise ; le plus élevé : y.');
  });

  it('French is French where the e2e test looks', () => {
    expect(fr['nav.commitments']).toBe('Engagements');
    expect(fr['nav.settings']).toBe('Paramètres');
    expect(fr['nav.home']).toBe('Accueil');
    expect(en['nav.commitments']).toBe('Commitments');
  });

  it('every theme, status, type and role has a label in both languages', () => {
    const lists = {
      theme: 13,
      commitment_status: 6,
      partnership_status: 4,
      commitment_type: 7,
      partnership_type: 6,
      party_type: 6,
      party_role: 5,
    };
    for (const [list, n] of Object.entries(lists)) {
      expect(Object.keys(en).filter((k) => k.startsWith(`opt.${list}.`)).length, list).toBe(n);
    }
  });

  it('the 23 GCM objectives and 5 JVAP domains are translated', () => {
    for (let i = 1; i <= 23; i++) expect(fr[`ref.GCM-${i}` as keyof typeof fr]).toBeTruthy();
    for (let i = 1; i <= 5; i++) expect(fr[`ref.JVAP-${i}` as keyof typeof fr]).toBeTruthy();
  });
});

describe('French typography', () => {
  // French writes the apostrophe ’ (U+2019): one straight ' among the curly ones reads as a
  // slip. The PDF's French is held to the same (TestFrenchHasNoStraightApostrophe in app/brief).
  it('every French message writes its apostrophes ’, never \'', () => {
    const straight = Object.entries(fr).filter(([, m]) => m.includes("'"));
    expect(straight).toEqual([]);
    expect(Object.values(fr).filter((m) => m.includes('’')).length).toBeGreaterThan(100);
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(interpolate('Show all {n}', { n: 12 })).toBe('Show all 12');
    expect(interpolate('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(translate('fr', 'record.created_by', { name: 'A. Benali', when: 'hier' })).toBe('Créée par A. Benali, hier');
  });

  it('picks plural forms by the language’s rules', () => {
    expect(tn('list.count', 1, {}, 'en')).toBe('1 record');
    expect(tn('list.count', 0, {}, 'en')).toBe('0 records');
    expect(tn('list.count', 0, {}, 'fr')).toBe('0 fiche');
    expect(tn('list.count', 2, {}, 'fr')).toBe('2 fiches');
    expect(tn('list.count', 10000, {}, 'en')).toBe('10,000 records');
    expect(tn('list.count', 10000, {}, 'fr')).toBe('10 000 fiches');
  });
});

describe('French elision', () => {
  it('elides “de” before a value starting with a vowel, not before a consonant or an h', () => {
    expect(translate('fr', 'conflict.keep', { name: 'Amina Benali' })).toBe('Garder la valeur d’Amina Benali');
    expect(translate('fr', 'conflict.keep', { name: 'Karim Haddad' })).toBe('Garder la valeur de Karim Haddad');
    expect(translate('fr', 'conflict.keep', { name: 'Hassan' })).toBe('Garder la valeur de Hassan');
    expect(translate('en', 'conflict.keep', { name: 'Amina Benali' })).toBe(interpolate(en['conflict.keep'], { name: 'Amina Benali' }));
  });
});

describe('French country names with their article', () => {
  // {country} is given with its article (« le Maroc », « les Pays-Bas »): a message that puts
  // « à » or « de » before it would print « à le Maroc », which French contracts to « au Maroc ».
  it('no message puts « à » or « de » before {country}', () => {
    const bad = Object.entries(fr).filter(([, m]) => /(^|\s)(à|de) \{country\}/.test(m));
    expect(bad).toEqual([]);
  });
  it('an intervention tagged with the country reads as the PDF prints it', () => {
    const said = (name: string, article: string) =>
      translate('fr', 'brief.why.tagged', { country: countryIn('', { name, named: true, article_fr: article }, 'fr') });
    expect(said('Maroc', 'le')).toBe('tous les éléments (l’intervention concerne le Maroc)');
    expect(said('Pays-Bas', 'les')).toBe('tous les éléments (l’intervention concerne les Pays-Bas)');
    expect(said('Égypte', 'l’')).toBe('tous les éléments (l’intervention concerne l’Égypte)');
  });
});

describe('quotes within quotes', () => {
  it('gives a quoted title its own quotes in the inner pair, as the PDF does', () => {
    const nb = '\u00a0';
    expect(translate('fr', 'record.deleted_toast', { title: `Intervention de «${nb}Amina Diallo${nb}»` })).toBe(
      '« Intervention de “Amina Diallo” » supprimé.',
    );
    expect(translate('en', 'record.deleted_toast', { title: 'the “Rabat” process' })).toBe('“the ‘Rabat’ process” deleted.');
  });
  it.each([
    ['fr', '« a « b « c » » »', '« a “b “c”” »'],
    ['fr', '« a » et « b »', '« a » et « b »'],
    ['fr', '« a « b', '« a “b'],
    ['fr', '» « a « b » »', '» « a “b” »'],
    ['en', '“the “Rabat” process”', '“the ‘Rabat’ process”'],
    ['en', '« a « b » »', '« a « b » »'],
  ] as const)('%s %s', (locale, input, want) => {
    expect(nestQuotes(locale, input)).toBe(want);
  });
});

// The walk of 5 December 2026: the French Settings' keyboard card and the quick search showed
// the key caps "Enter" and "Esc", where every French hint says « Entrée » and « Échap ».
describe('key caps', () => {
  it('name Enter and Esc as the hints of the same language do', () => {
    for (const [L, cat] of [['en', en], ['fr', fr]] as const) {
      expect(cat['list.keys_hint'], L).toContain(translate(L, 'key.enter'));
      expect(cat['form.keys_hint'], L).toContain(translate(L, 'key.esc'));
    }
    expect(translate('fr', 'key.esc')).toBe('Échap');
  });

  it('are never written in English in a screen', () => {
    const sources = import.meta.glob<string>(['../../components/*.svelte', '../../screens/*.svelte'], { query: '?raw', import: 'default', eager: true });
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    for (const [f, text] of Object.entries(sources)) expect(text.match(/<kbd>(Enter|Esc|Escape)<\/kbd>/g), f).toBeNull();
  });
});
