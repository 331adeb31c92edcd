import { describe, expect, it } from 'vitest';
import { buildPayload, editorOf, firstInvalid, normalisePath, placeErrors, toFormValue, topField, fromFormValue, type FormValues } from './forms';
import type { Field } from './types';

const f = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({ name, label: name, type, required: false, ...extra });

const commitment: Field[] = [
  f('title', 'text', { required: true }),
  f('text', 'longtext'),
  f('partnership', 'ref', { ref: 'partnership' }),
  f('committed_by', 'set', { ref: 'party', elem: 'string' }),
  f('themes', 'set', { elem: 'string' }),
  f('status', 'enum', { required: true, options: [{ value: 'agreed', label: 'Agreed' }] }),
  f('due', 'date'),
  f('indicators', 'list'),
];

describe('placing field errors', () => {
  it('puts each message on its field', () => {
    const p = placeErrors({ due: 'is not a date', title: 'is required' }, commitment.map((x) => x.name));
    expect(p.byPath).toEqual({ due: 'is not a date', title: 'is required' });
    expect([...p.fields].sort()).toEqual(['due', 'title']);
    expect(p.general).toEqual([]);
  });

  it('places nested paths and marks their field', () => {
    const p = placeErrors({ 'indicators[0].unit': 'is required when…', 'indicators.1.name': 'is required' }, ['indicators']);
    expect(p.byPath).toEqual({ 'indicators[0].unit': 'is required when…', 'indicators[1].name': 'is required' });
    expect(p.fields.has('indicators')).toBe(true);
  });

  it('keeps messages for fields the form does not have as general', () => {
    const p = placeErrors({ kind: 'not a kind', '0.title': 'is required' }, ['title']);
    expect(p.byPath).toEqual({});
    expect(p.general).toEqual(['kind: not a kind', '0.title: is required']);
  });

  it('finds the first invalid field in form order', () => {
    const order = commitment.map((x) => x.name);
    expect(firstInvalid(placeErrors({ due: 'x', title: 'y' }, order), order)).toBe('title');
    expect(firstInvalid(placeErrors({}, order), order)).toBeNull();
  });

  it('normalises paths', () => {
    expect(normalisePath('parties.2.party')).toBe('parties[2].party');
    expect(normalisePath('points.3')).toBe('points[3]');
    expect(normalisePath('title')).toBe('title');
    expect(topField('sessions[0].end')).toBe('sessions');
  });
});

describe('editing values', () => {
  it('chooses an editor per schema type', () => {
    expect(editorOf(f('parties', 'set', { elem: 'party_role' }))).toBe('roles');
    expect(editorOf(f('themes', 'set', { elem: 'string' }))).toBe('chips');
    expect(editorOf(f('points', 'list'))).toBe('points');
    expect(editorOf(f('sessions', 'list'))).toBe('rows');
    expect(editorOf(f('due', 'date'))).toBe('date');
  });

  it('shows indicator numbers in the reader’s locale and reads them back', () => {
    const ind = f('indicators', 'list');
    const v = toFormValue(ind, [{ name: 'Returns', unit: 'people', actual: 53000 }], 'fr') as Record<string, string>[];
    expect(v[0].actual).toBe('53 000');
    expect(v[0].target).toBe('');
    const back = fromFormValue(ind, v, 'fr', 'NaN');
    expect(back.value).toEqual([{ name: 'Returns', unit: 'people', actual: 53000 }]);
    expect(back.errors).toEqual({});
  });

  it('reports a number that is not one, at its path', () => {
    const c = fromFormValue(f('indicators', 'list'), [{ name: 'X', target: 'lots' }], 'en', 'is not a number');
    expect(c.errors).toEqual({ 'indicators[0].target': 'is not a number' });
  });

  it('drops empty rows and empty points', () => {
    expect(fromFormValue(f('sessions', 'list'), [{ title: '', start: '', end: '' }], 'en', '').value).toEqual([]);
    expect(fromFormValue(f('points', 'list'), ['First', '  ', 'Second '], 'en', '').value).toEqual(['First', 'Second']);
  });

  it('adds the meeting’s offset to session times', () => {
    const c = fromFormValue(f('sessions', 'list'), [{ title: 'Roundtable 4', start: '2020-11-13 13:30', end: '' }], 'en', '', 'Europe/Zurich');
    expect(c.value).toEqual([{ title: 'Roundtable 4', start: '2020-11-13T13:30:00+01:00' }]);
  });
});

describe('buildPayload', () => {
  const values = (): FormValues => ({
    title: ' Pilot scheme ',
    text: '',
    partnership: '',
    committed_by: ['p1', 'p2'],
    themes: [],
    status: 'agreed',
    due: '2026-12-31',
    indicators: [],
  });

  it('sends every non-empty field for a new record', () => {
    const p = buildPayload(commitment, values(), null, 'en', '');
    expect(p.fields).toEqual({ title: 'Pilot scheme', committed_by: ['p1', 'p2'], status: 'agreed', due: '2026-12-31' });
  });

  it('sends only what changed for an edit', () => {
    const original = { title: 'Pilot scheme', committed_by: ['p2', 'p1'], status: 'proposed', due: '2026-12-31' };
    const p = buildPayload(commitment, values(), original, 'en', '');
    // committed_by is the same set in another order: not sent.
    expect(p.fields).toEqual({ status: 'agreed' });
  });

  it('sends an empty value to clear a field', () => {
    const original = { title: 'Pilot scheme', committed_by: ['p1', 'p2'], status: 'agreed', due: '2026-12-31', text: 'old' };
    const p = buildPayload(commitment, { ...values(), due: '' }, original, 'en', '');
    expect(p.fields).toEqual({ due: '', text: '' });
  });

  it('compares objects whatever the order of their keys', () => {
    const ind = [{ unit: 'people', name: 'Returns', actual: 53000 }];
    const p = buildPayload(commitment, { ...values(), indicators: toFormValue(commitment[7], ind, 'en') }, { ...values(), title: 'Pilot scheme', indicators: ind }, 'en', '');
    expect(p.fields.indicators).toBeUndefined();
  });

  it('collects conversion errors instead of sending', () => {
    const p = buildPayload(commitment, { ...values(), indicators: [{ name: 'X', baseline: 'abc' }] }, null, 'en', 'not a number');
    expect(p.errors).toEqual({ 'indicators[0].baseline': 'not a number' });
  });
});
