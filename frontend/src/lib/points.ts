// What a key does in a talking point. Kept apart from PointsInput.svelte so that the rules are
// tested with key events without a DOM.

export interface PointKey {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
}

export interface Caret {
  value: string;
  selectionStart: number | null;
  selectionEnd: number | null;
}

/**
 * `next`: Enter with the caret at the end of the point (nothing selected) starts the next
 * point. Shift+Enter, or Enter elsewhere in the text, breaks the line as usual. `up`/`down`:
 * Alt+arrow moves the point. null: the key types as usual.
 */
export function pointAction(e: PointKey, at: Caret): 'next' | 'up' | 'down' | null {
  if (e.isComposing) return null; // an input method is still composing a character
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    if (e.key === 'ArrowUp') return 'up';
    if (e.key === 'ArrowDown') return 'down';
    return null;
  }
  if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return null;
  const end = at.value.length;
  return at.selectionStart === end && at.selectionEnd === end ? 'next' : null;
}

/** A new empty point after point i; returns the points and the new point's index. */
export function insertAfter(points: string[], i: number): [string[], number] {
  const j = Math.min(Math.max(i + 1, 0), points.length);
  return [[...points.slice(0, j), '', ...points.slice(j)], j];
}

/** The element id of point i: the first point carries the field's own id (its label's target). */
export function pointId(id: string, i: number): string {
  return i === 0 ? id : `${id}-${i}`;
}
