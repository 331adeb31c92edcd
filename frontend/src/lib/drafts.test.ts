import { describe, expect, it } from 'vitest';
import { clearDraft, draftKey, isDirty, loadDraft, saveDraft } from './drafts';
import { answerLeave, confirmLeave, leave, setLeaveGuard } from './leave.svelte';

class MemStorage {
  m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('drafts', () => {
  it('keys a new record by kind and an edit by record id', () => {
    expect(draftKey('commitment')).toBe('dossier.draft.new.commitment');
    expect(draftKey('commitment', 'c-1')).toBe('dossier.draft.edit.c-1');
    expect(draftKey('meeting')).not.toBe(draftKey('commitment'));
  });
  it('keeps, returns and clears the values', () => {
    const s = new MemStorage();
    const k = draftKey('intervention');
    const at = new Date('2026-12-01T14:32:00Z');
    saveDraft(k, { title: 'T', points: ['Hello world'] }, at, s);
    expect(loadDraft(k, s)).toEqual({ values: { title: 'T', points: ['Hello world'] }, savedAt: '2026-12-01T14:32:00.000Z' });
    clearDraft(k, s);
    expect(loadDraft(k, s)).toBeNull();
  });
  it('says whether the draft was kept: a full quota or no storage keeps nothing', () => {
    const s = new MemStorage();
    expect(saveDraft('k', { title: 'T' }, new Date(), s)).toBe(true);
    const full = new MemStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    expect(saveDraft('k', { title: 'T' }, new Date(), full)).toBe(false);
    expect(saveDraft('k', { title: 'T' }, new Date(), null)).toBe(false);
  });
  it('drops a damaged draft instead of failing the form', () => {
    const s = new MemStorage();
    s.setItem('k', '{not json');
    expect(loadDraft('k', s)).toBeNull();
    expect(s.getItem('k')).toBeNull();
    s.setItem('k', '{"savedAt":3}');
    expect(loadDraft('k', s)).toBeNull();
  });
  it('tells changed values from the starting ones, deeply', () => {
    expect(isDirty({ a: ['x'] }, { a: ['x'] })).toBe(false);
    expect(isDirty({ a: ['x', ''] }, { a: ['x'] })).toBe(true);
    expect(isDirty({ a: [{ party: 'p', role: 'lead' }] }, { a: [{ party: 'p', role: 'member' }] })).toBe(true);
  });
});

describe('leave guard', () => {
  it('lets a clean form go without asking', async () => {
    const off = setLeaveGuard({ dirty: () => false, discard: () => {} });
    expect(await confirmLeave()).toBe(true);
    expect(leave.asking).toBe(false);
    off();
  });
  it('asks for a dirty form; staying keeps the work, leaving discards it', async () => {
    let discarded = 0;
    const off = setLeaveGuard({ dirty: () => discarded === 0, discard: () => discarded++ });
    const clean = setLeaveGuard({ dirty: () => false, discard: () => expect.fail('a clean editor is not discarded') });
    const stay = confirmLeave();
    expect(leave.asking).toBe(true);
    answerLeave(false);
    expect(await stay).toBe(false);
    expect(discarded).toBe(0);
    const go = confirmLeave();
    const again = confirmLeave(); // Esc and a hash change at once: one question, one answer
    answerLeave(true);
    expect(await go).toBe(true);
    expect(await again).toBe(true);
    expect(discarded).toBe(1);
    expect(leave.asking).toBe(false);
    expect(await confirmLeave()).toBe(true); // clean once discarded
    off();
    clean();
  });
});
