import { describe, expect, it } from 'vitest';
import { insertAfter, pointAction, pointId, type PointKey } from './points';

const key = (k: string, mods: Partial<PointKey> = {}): PointKey => ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });
const caretAt = (value: string, pos = value.length, end = pos) => ({ value, selectionStart: pos, selectionEnd: end });

describe('pointAction', () => {
  it('starts the next point on Enter at the end of the text', () => {
    expect(pointAction(key('Enter'), caretAt('Hello world'))).toBe('next');
    expect(pointAction(key('Enter'), caretAt(''))).toBe('next');
  });
  it('breaks the line on Shift+Enter, even at the end', () => {
    expect(pointAction(key('Enter', { shiftKey: true }), caretAt('Hello world'))).toBeNull();
  });
  it('breaks the line on Enter inside the text or over a selection', () => {
    expect(pointAction(key('Enter'), caretAt('Hello world', 5))).toBeNull();
    expect(pointAction(key('Enter'), caretAt('Hello world', 6, 11))).toBeNull();
  });
  it('leaves Ctrl+Enter to the form (save) and composition to the input method', () => {
    expect(pointAction(key('Enter', { ctrlKey: true }), caretAt('x'))).toBeNull();
    expect(pointAction(key('Enter', { metaKey: true }), caretAt('x'))).toBeNull();
    expect(pointAction(key('Enter', { isComposing: true }), caretAt('x'))).toBeNull();
  });
  it('types a space and letters as text', () => {
    for (const k of [' ', 'H', 'w']) expect(pointAction(key(k), caretAt('Hello'))).toBeNull();
  });
  it('moves points with Alt+arrows', () => {
    expect(pointAction(key('ArrowUp', { altKey: true }), caretAt('x', 0))).toBe('up');
    expect(pointAction(key('ArrowDown', { altKey: true }), caretAt('x', 0))).toBe('down');
    expect(pointAction(key('ArrowDown'), caretAt('x', 0))).toBeNull();
  });
});

describe('insertAfter', () => {
  it('puts an empty point right after the current one', () => {
    expect(insertAfter(['a', 'b', 'c'], 0)).toEqual([['a', '', 'b', 'c'], 1]);
    expect(insertAfter(['a', 'b'], 1)).toEqual([['a', 'b', ''], 2]);
    expect(insertAfter([], -1)).toEqual([[''], 0]);
  });
});

describe('pointId', () => {
  it('gives the first point the field id, so that a new first point can be focused', () => {
    expect(pointId('f-points', 0)).toBe('f-points');
    expect(pointId('f-points', 2)).toBe('f-points-2');
  });
});
