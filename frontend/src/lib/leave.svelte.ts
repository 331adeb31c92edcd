// The guards that keep dirty forms from being left by accident. Each editor on the page (the
// record form, a conflict card's own value) registers one; every way out asks first: Esc and Cancel (the form calls confirmLeave), any hash
// change — links, the sidebar, Home, browser Back (router.svelte.ts calls confirmLeave) — and
// reload or window close (beforeunload, where the browser shows its own question).

export interface LeaveGuard {
  /** True while there is unsaved work. */
  dirty: () => boolean;
  /** Called once the user chose to leave: the editor drops its draft and is clean after. */
  discard: () => void;
}

const guards = new Set<LeaveGuard>();

/** The open question, shown by LeaveConfirm.svelte; null when none. */
export const leave = $state<{ asking: boolean }>({ asking: false });
let answer: ((ok: boolean) => void) | null = null;

export function setLeaveGuard(g: LeaveGuard): () => void {
  guards.add(g);
  return () => guards.delete(g);
}

export function guarded(): boolean {
  for (const g of guards) if (g.dirty()) return true;
  return false;
}

/**
 * Resolves true when the page may be left: nothing unsaved, or the user chose to discard.
 * A second call while the question is open gets the same answer.
 */
export function confirmLeave(): Promise<boolean> {
  if (!guarded()) return Promise.resolve(true);
  if (leave.asking && answer) {
    const prev = answer;
    return new Promise((res) => {
      answer = (ok) => {
        prev(ok);
        res(ok);
      };
    });
  }
  leave.asking = true;
  return new Promise((res) => {
    answer = (ok) => {
      leave.asking = false;
      answer = null;
      // Discarding makes each editor clean, so the navigation that follows passes.
      if (ok) for (const g of [...guards]) if (g.dirty()) g.discard();
      res(ok);
    };
  });
}

/** The user's answer from the dialog. */
export function answerLeave(ok: boolean): void {
  answer?.(ok);
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (e) => {
    if (!guarded()) return;
    e.preventDefault();
    e.returnValue = ''; // older engines (WebKitGTK in the window) need it set
  });
}
