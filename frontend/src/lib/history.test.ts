import { describe, expect, it } from 'vitest';
import { ofName, sameTimeText, setToText, showsOld, textItems } from './history';

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
