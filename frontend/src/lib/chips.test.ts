import { describe, expect, it } from 'vitest';
import { addChip, backspace, fold, joinApostrophes, matchOptions, move, removeChip, removeRoleAt, roleKey, setRole, setRoleAt, splitPasted, toggleChip } from './chips';

describe('chips', () => {
  it('adds once, trims, ignores empty', () => {
    expect(addChip(['a'], 'b')).toEqual(['a', 'b']);
    expect(addChip(['a'], 'a')).toEqual(['a']);
    expect(addChip(['a'], '  ')).toEqual(['a']);
    expect(addChip([], ' LBY ')).toEqual(['LBY']);
  });

  it('does not mutate its input', () => {
    const list = ['a'];
    addChip(list, 'b');
    removeChip(list, 'a');
    expect(list).toEqual(['a']);
  });

  it('removes and toggles', () => {
    expect(removeChip(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
    expect(toggleChip(['a'], 'a')).toEqual([]);
    expect(toggleChip(['a'], 'b')).toEqual(['a', 'b']);
  });

  it('backspace in an empty input removes the last chip only', () => {
    expect(backspace(['a', 'b'], '')).toEqual(['a']);
    expect(backspace(['a', 'b'], 'x')).toEqual(['a', 'b']);
    expect(backspace([], '')).toEqual([]);
  });

  it('splits pasted lists', () => {
    expect(splitPasted('LBY; TUN, MAR\nLBY')).toEqual(['LBY', 'TUN', 'MAR']);
  });

  it('reorders', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('matching picker options', () => {
  const countries = [
    { value: 'CIV', label: "Côte d'Ivoire", hint: 'CIV' },
    { value: 'LBY', label: 'Libya', hint: 'LBY' },
    { value: 'LBN', label: 'Lebanon', hint: 'LBN' },
    { value: 'TUR', label: 'Türkiye', hint: 'TUR' },
  ];

  it('ignores accents and case', () => {
    expect(fold('Côte d’Ivoire')).toBe('cote d’ivoire');
    expect(matchOptions(countries, 'cote', []).map((o) => o.value)).toEqual(['CIV']);
    expect(matchOptions(countries, 'turk', []).map((o) => o.value)).toEqual(['TUR']);
  });

  it('finds a name typed with either apostrophe or without it (domain.JoinApostrophes)', () => {
    expect(joinApostrophes("côte d’ivoire, l'union, rock'n'roll")).toBe('côte divoire, lunion, rocknroll');
    expect(joinApostrophes("'quoted' d' ivoire l''union")).toBe("'quoted' d' ivoire l''union");
    const fr = [
      { value: 'CIV', label: 'Côte d’Ivoire', hint: 'CIV', keys: "Côte d'Ivoire" },
      { value: 'LAO', label: 'République démocratique populaire lao', hint: 'LAO', keys: 'Lao People’s Democratic Republic Laos' },
    ];
    for (const q of ["côte d'ivoire", 'cote d’ivoire', 'cote divoire', 'Cote dIvoire', 'ivoire', "d'ivoire", 'divoire']) {
      expect(matchOptions(fr, q, []).map((o) => o.value), q).toEqual(['CIV']);
    }
    for (const q of ["côte d'ivoire", 'cote divoire', 'Cote dIvoire', "d'ivoire"]) {
      expect(matchOptions(countries, q, []).map((o) => o.value), q).toEqual(['CIV']);
    }
    expect(matchOptions(fr, 'lao peoples', []).map((o) => o.value)).toEqual(['LAO']);
    expect(matchOptions(fr, 'cotedivoire', []).map((o) => o.value)).toEqual([]);
  });

  it('matches codes and puts prefixes first', () => {
    expect(matchOptions(countries, 'lb', []).map((o) => o.value)).toEqual(['LBY', 'LBN']);
    expect(matchOptions(countries, 'an', []).map((o) => o.value)).toEqual(['LBN']);
  });

  it('ranks a name starting with the text before one containing it, in the UI language', () => {
    const en = [
      { value: 'COM', label: 'Comoros', hint: 'COM' },
      { value: 'MAR', label: 'Morocco', hint: 'MAR' },
      { value: 'MHL', label: 'Marshall Islands', hint: 'MHL' },
    ];
    expect(matchOptions(en, 'Mor', [])[0].value).toBe('MAR');
    expect(matchOptions(en, 'Mor', []).map((o) => o.value)).toEqual(['MAR', 'COM']);
    const fr = [
      { value: 'COM', label: 'Comores', hint: 'COM' },
      { value: 'MHL', label: 'Îles Marshall', hint: 'MHL' },
      { value: 'MAR', label: 'Maroc', hint: 'MAR' },
    ];
    expect(matchOptions(fr, 'Maroc', []).map((o) => o.value)).toEqual(['MAR']);
    expect(matchOptions(fr, 'mar', []).map((o) => o.value)).toEqual(['MAR', 'MHL']);
    expect(matchOptions(fr, 'marsh', []).map((o) => o.value)).toEqual(['MHL']);
  });

  it('finds a country by its other names, which are not shown (Meta.Schema().countries[].aliases)', () => {
    const fr = [
      { value: 'LAO', label: 'République démocratique populaire lao', hint: 'LAO', keys: "Lao People’s Democratic Republic Laos Lao, République démocratique populaire" },
      { value: 'RUS', label: 'Fédération de Russie', hint: 'RUS', keys: 'Russian Federation Russie, Fédération de Russia Russie' },
      { value: 'SYR', label: 'République arabe syrienne', hint: 'SYR', keys: 'Syrian Arab Republic Syria Syrienne, République arabe Syrie' },
    ];
    expect(matchOptions(fr, 'laos', []).map((o) => o.value)).toEqual(['LAO']);
    expect(matchOptions(fr, 'russia', []).map((o) => o.value)).toEqual(['RUS']);
    expect(matchOptions(fr, 'syria', []).map((o) => o.value)).toEqual(['SYR']);
    expect(matchOptions(fr, 'republique', []).map((o) => o.value)).toEqual(['LAO', 'SYR']);
    expect(matchOptions(fr, 'federation', []).map((o) => o.value)).toEqual(['RUS']);
  });

  it('ranks the exact ISO code first, then codes starting with the text', () => {
    const cs = [
      { value: 'MDA', label: 'Moldova', hint: 'MDA' },
      { value: 'MAR', label: 'Morocco', hint: 'MAR' },
      { value: 'SOM', label: 'Somalia', hint: 'SOM' },
    ];
    expect(matchOptions(cs, 'mar', []).map((o) => o.value)).toEqual(['MAR']);
    expect(matchOptions(cs, 'm', []).map((o) => o.value)).toEqual(['MDA', 'MAR', 'SOM']);
    expect(matchOptions(cs, 'so', []).map((o) => o.value)).toEqual(['SOM']);
    const withCode = [
      { value: 'COM', label: 'Comoros', hint: 'COM' },
      { value: 'MDA', label: 'Moldova (MOL)', hint: 'MDA' },
    ];
    expect(matchOptions(withCode, 'mda', []).map((o) => o.value)).toEqual(['MDA']);
  });

  it('leaves out what is chosen and honours the limit', () => {
    expect(matchOptions(countries, '', ['LBY']).map((o) => o.value)).toEqual(['CIV', 'LBN', 'TUR']);
    expect(matchOptions(countries, '', [], 2)).toHaveLength(2);
  });

  it('needs every word', () => {
    const themes = [
      { value: 'a', label: 'Return, readmission and reintegration' },
      { value: 'b', label: 'Legal and circular migration and mobility' },
    ];
    expect(matchOptions(themes, 'mig mob', []).map((o) => o.value)).toEqual(['b']);
    expect(matchOptions(themes, 'readm reint', []).map((o) => o.value)).toEqual(['a']);
  });
});

describe('party roles', () => {
  it('adds a party or changes its role', () => {
    let l = setRole([], 'eu', 'lead');
    l = setRole(l, 'lby', 'member');
    expect(l).toEqual([
      { party: 'eu', role: 'lead' },
      { party: 'lby', role: 'member' },
    ]);
    l = setRole(l, 'lby', 'observer');
    expect(l).toEqual([
      { party: 'eu', role: 'lead' },
      { party: 'lby', role: 'observer' },
    ]);
    expect(removeRoleAt(l, 0)).toEqual([{ party: 'lby', role: 'observer' }]);
  });
  it('edits each entry by its place when a merge left one party with two roles', () => {
    // Two delegates gave Tunisia a role at the same time: the set holds both.
    const both = [
      { party: 'tun', role: 'lead' },
      { party: 'tun', role: 'member' },
    ];
    expect(new Set(both.map(roleKey)).size).toBe(2); // keys stay unique for the keyed lists
    expect(removeRoleAt(both, 1)).toEqual([{ party: 'tun', role: 'lead' }]);
    expect(removeRoleAt(both, 0)).toEqual([{ party: 'tun', role: 'member' }]);
    expect(setRoleAt(both, 1, 'observer')).toEqual([
      { party: 'tun', role: 'lead' },
      { party: 'tun', role: 'observer' },
    ]);
    // Given the other entry's role, an entry becomes it: the set holds it once.
    expect(setRoleAt(both, 1, 'lead')).toEqual([{ party: 'tun', role: 'lead' }]);
    expect(setRoleAt(both, 0, 'lead')).toBe(both);
  });
});
