import { describe, expect, it } from 'vitest';
import { bylineText, ofName, sameTimeText, setToText, settledText, showsOld, textItems } from './history';

const names = { AAAAAAAAAAAAAAAA: 'Amina Benali', BBBBBBBBBBBBBBBB: 'Bruno Okafor' };

describe('sameTimeText', () => {
  it('names the author of the other change, in English and French', () => {
    const c = { concurrent: ['AAAAAAAAAAAAAAAA'] };
    expect(sameTimeText(c, names, 'en')).toBe('at the same time as Amina Benali’s change');
    expect(sameTimeText(c, names, 'fr')).toBe('en même temps que la modification d’Amina Benali');
    expect(sameTimeText({ concurrent: ['BBBBBBBBBBBBBBBB'] }, names, 'fr')).toBe('en même temps que la modification de Bruno Okafor');
  });
  it('lists several authors', () => {
    const c = { concurrent: ['AAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBB'] };
    expect(sameTimeText(c, names, 'en')).toBe('at the same time as changes by Amina Benali and Bruno Okafor');
    expect(sameTimeText(c, names, 'fr')).toBe('en même temps que les modifications d’Amina Benali et de Bruno Okafor');
  });
  it('falls back to the key id of an author the roster does not know, and says nothing without others', () => {
    expect(sameTimeText({ concurrent: ['CCCCCCCCCCCCCCCC'] }, names, 'en')).toBe('at the same time as CCCCCCCCCCCCCCCC’s change');
    expect(sameTimeText({}, names, 'en')).toBe('');
    expect(sameTimeText({ concurrent: [] }, undefined, 'fr')).toBe('');
  });
});

describe('ofName', () => {
  it('elides before a vowel, accented too, and only in French', () => {
    expect(ofName('Émile Zola', 'fr')).toBe('d’Émile Zola');
    expect(ofName('Haddad', 'fr')).toBe('de Haddad');
    expect(ofName('Amina', 'en')).toBe('Amina');
  });
});

describe('showsOld', () => {
  it('shows the value replaced, not one the change had not seen or an empty one', () => {
    expect(showsOld({ old: 'agreed' })).toBe(true);
    expect(showsOld({ old: 'agreed', unseen: true, concurrent: ['A'] })).toBe(false);
    expect(showsOld({ old: 'agreed', wrote: 'in_progress', concurrent: ['A'] })).toBe(false);
    expect(showsOld({ old: null })).toBe(false);
    expect(showsOld({ old: [] })).toBe(false);
    expect(showsOld({})).toBe(false);
  });
});

describe('setToText', () => {
  it('words a change made at the same time as another as set to its value, not as replacing a value', () => {
    // Found a value it had not seen: not "— → Done", which reads as "was empty".
    expect(setToText({ concurrent: ['A'], unseen: true }, 'en')).toBe('set to');
    expect(setToText({ concurrent: ['A'], unseen: true }, 'fr')).toBe('valeur saisie :');
    // Lost to the other change: what it wrote, "set to" as on the command line.
    expect(setToText({ concurrent: ['A'], wrote: 'in_progress' }, 'en')).toBe('set to');
    // A change that saw the value it replaced, or made alone, shows old → new.
    expect(setToText({ concurrent: ['A'] }, 'en')).toBe('');
    expect(setToText({}, 'fr')).toBe('');
  });
});

describe('textItems', () => {
  it('gives the points of a list of texts, in order', () => {
    expect(textItems('list', ['Hello world', 'Second'])).toEqual(['Hello world', 'Second']);
  });
  it('leaves other values alone', () => {
    expect(textItems('set', ['a'])).toBeNull();
    expect(textItems('list', [{ name: 'x' }])).toBeNull();
    expect(textItems('list', 'x')).toBeNull();
    expect(textItems(undefined, ['a'])).toBeNull();
  });
});

// The same facts as `record history` (TestHistorySaysWhatAResolutionSetAside in
// app/cli/synce2e): the value kept and whose it was, every value set aside with its authors.
describe('settledText', () => {
  const C = 'CCCCCCCCCCCCCCCC';
  const all = { ...names, [C]: 'Chidi Eze' };
  const label = (v: unknown) => ({ in_progress: 'In progress', delivered: 'Delivered', stalled: 'Stalled' })[v as string] ?? String(v);
  const labelFR = (v: unknown) => ({ in_progress: 'En cours', delivered: 'Réalisé', stalled: 'Au point mort' })[v as string] ?? String(v);
  const sides = [
    { value: 'in_progress', author: 'BBBBBBBBBBBBBBBB' },
    { value: 'delivered', author: 'AAAAAAAAAAAAAAAA' },
  ];
  it('says which value was kept, whose it was, and which was set aside', () => {
    expect(settledText({ settled: sides, new: 'in_progress' }, names, label, 'en')).toBe('Resolved the conflict: kept “In progress” (Bruno Okafor); set aside “Delivered” (Amina Benali).');
    expect(settledText({ settled: sides, new: 'in_progress' }, names, labelFR, 'fr')).toBe(
      'Conflit résolu : valeur retenue «\u00a0En cours\u00a0» (Bruno Okafor) ; valeur écartée : «\u00a0Réalisé\u00a0» (Amina Benali).',
    );
  });
  it('says a value of none of them is a new one, and lists every value set aside, authors of one value together', () => {
    const three = [...sides, { value: 'stalled', author: C }, { value: 'delivered', author: 'DDDDDDDDDDDDDDDD' }];
    expect(settledText({ settled: three, new: 'agreed' }, all, label, 'en')).toBe(
      'Resolved the conflict with a new value, “agreed”; set aside “In progress” (Bruno Okafor), “Delivered” (Amina Benali and DDDDDDDDDDDDDDDD) and “Stalled” (Chidi Eze).',
    );
    expect(settledText({ settled: three, new: 'agreed' }, all, labelFR, 'fr')).toBe(
      'Conflit résolu par une nouvelle valeur, «\u00a0agreed\u00a0» ; valeurs écartées : «\u00a0En cours\u00a0» (Bruno Okafor), «\u00a0Réalisé\u00a0» (Amina Benali et DDDDDDDDDDDDDDDD) et «\u00a0Au point mort\u00a0» (Chidi Eze).',
    );
  });
  // A delete or a restore that settled a conflict on "deleted" (deletionSettledWords in app/cli,
  // TestMergeRulesThroughTheBinary): which way, and what was set aside, in words, not "true".
  it('says a conflict on deleted was settled, kept deleted or restored with the changes', () => {
    const del = [
      { value: true, author: 'AAAAAAAAAAAAAAAA' },
      { value: false, author: 'BBBBBBBBBBBBBBBB', edited: true },
    ];
    const v = (x: unknown) => String(x);
    expect(settledText({ field: 'deleted', settled: del, new: true }, names, v, 'en')).toBe(
      'Resolved the conflict: kept it deleted (Amina Benali); set aside the changes made without knowing of the deletion (Bruno Okafor).',
    );
    expect(settledText({ field: 'deleted', settled: del, new: true }, names, v, 'fr')).toBe(
      'Conflit résolu : suppression maintenue (Amina Benali) ; écarté : les modifications faites sans savoir qu’elle était supprimée (Bruno Okafor).',
    );
    expect(settledText({ field: 'deleted', settled: del, new: false }, names, v, 'en')).toBe(
      'Resolved the conflict: restored it with the changes made without knowing of the deletion (Bruno Okafor); set aside the deletion (Amina Benali).',
    );
    expect(settledText({ field: 'deleted', settled: del, new: false }, names, v, 'fr')).toBe(
      'Conflit résolu : fiche restaurée avec les modifications faites sans savoir qu’elle était supprimée (Bruno Okafor) ; écarté : la suppression (Amina Benali).',
    );
    const restore = [del[0], { value: false, author: 'BBBBBBBBBBBBBBBB' }];
    expect(settledText({ field: 'deleted', settled: restore, new: false }, names, v, 'en')).toBe('Resolved the conflict: restored it (Bruno Okafor); set aside the deletion (Amina Benali).');
    expect(settledText({ field: 'deleted', settled: restore, new: true }, names, v, 'fr')).toBe('Conflit résolu : suppression maintenue (Amina Benali) ; écarté : la restauration (Bruno Okafor).');
  });
  it('keeps what the change wrote when the field shows another value, and says nothing of a change that settled none', () => {
    expect(settledText({ settled: sides, wrote: 'delivered', new: 'stalled' }, names, label, 'en')).toBe(
      'Resolved the conflict: kept “Delivered” (Amina Benali); set aside “In progress” (Bruno Okafor).',
    );
    expect(settledText({ new: 'stalled' }, names, label, 'en')).toBe('');
    expect(settledText({ settled: [], new: 'stalled' }, names, label, 'fr')).toBe('');
  });
});

describe('bylineText', () => {
  const now = new Date('2026-12-05T01:51:00Z');
  const created = { author: 'SSSSSSSSSSSSSSSS', author_name: 'Secrétariat du Processus de Rabat', at: '2026-12-05T01:15:00Z' };
  // The walk of 5 December 2026: a framework made by one change read « … · modifiée par
  // Secrétariat du Processus de Rabat il y a 36 minutes ».
  it('says who changed a record last only when a change followed its creation', () => {
    const once = bylineText({ created, updated: created }, 1, 'fr', now);
    expect(once).toContain('Créée par Secrétariat du Processus de Rabat');
    expect(once).not.toContain('modifiée');
    const updated = { author: 'BBBBBBBBBBBBBBBB', author_name: 'Bruno Okafor', at: '2026-12-05T01:48:00Z' };
    const twice = bylineText({ created, updated }, 2, 'fr', now);
    expect(twice).toMatch(/^Créée par Secrétariat du Processus de Rabat, .* · modifiée par Bruno Okafor il y a 3 minutes$/);
    expect(bylineText({ created, updated }, 2, 'en', now)).toMatch(/ · last changed by Bruno Okafor 3 minutes ago$/);
  });
});
