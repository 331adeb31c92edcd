// The guard that keeps a dirty form from being left by accident. One form at a time registers
// a guard; every way out asks first: Esc and Cancel (the form calls confirmLeave), any hash
// change — links, the sidebar, Home, browser Back (router.svelte.ts calls confirmLeave) — and
// reload or window close (beforeunload, where the browser shows its own question).

export interface LeaveGuard {
  /** True while there is unsaved work. */
  dirty: () => boolean;
  /** Called once the user chose to leave: the form drops its draft. */
  discard: () => void;
}

let guard: LeaveGuard | null = null;

/** The open question, shown by LeaveConfirm.svelte; null when none. */
export const leave = $state<{ asking: boolean }>({ asking: false });
let answer: ((ok: boolean) => void) | null = null;

export function setLeaveGuard(g: LeaveGuard): () => void {
  guard = g;
  return () => {
    if (guard === g) guard = null;
  };
}

export function guarded(): boolean {
  return !!guard && guard.dirty();
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
      if (ok) {
        guard?.discard();
        guard = null;
      }
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
