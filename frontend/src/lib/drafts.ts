// Unsaved form values kept in localStorage, one per form: a new record of a kind, or the edit
// of one record. A crash or a closed window then loses nothing; the form offers the draft back.

export interface Draft<T> {
  values: T;
  /** ISO time the draft was last written, shown in the offer. */
  savedAt: string;
}

const PREFIX = 'dossier.draft.';

/** The storage key of a form: per record id when editing, per kind when creating. */
export function draftKey(kind: string, id?: string): string {
  return id ? `${PREFIX}edit.${id}` : `${PREFIX}new.${kind}`;
}

function store(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: forms still work, only without drafts
  }
}

/** Keeps the draft; false when it could not be kept (no storage, or its quota is full). */
export function saveDraft<T>(key: string, values: T, now: Date = new Date(), s: Storage | null = store()): boolean {
  if (!s) return false;
  try {
    s.setItem(key, JSON.stringify({ values, savedAt: now.toISOString() } satisfies Draft<T>));
    return true;
  } catch {
    // Quota full: the leave and close questions then say the changes would be lost.
    return false;
  }
}

export function loadDraft<T>(key: string, s: Storage | null = store()): Draft<T> | null {
  const raw = s?.getItem(key);
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Draft<T>;
    if (d && typeof d === 'object' && d.values && typeof d.savedAt === 'string') return d;
  } catch {
    // a damaged draft is dropped below
  }
  s?.removeItem(key);
  return null;
}

export function clearDraft(key: string, s: Storage | null = store()): void {
  s?.removeItem(key);
}

/** Whether form values differ from where the form started (deep, by their JSON). */
export function isDirty(values: unknown, initial: unknown): boolean {
  return JSON.stringify(values) !== JSON.stringify(initial);
}
