// The guards that keep dirty forms from being left by accident. Each editor on the page (the
// record form, a conflict card's own value) registers one; every way out asks first: Esc and Cancel (the form calls confirmLeave), any hash
// change — links, the sidebar, Home, browser Back (router.svelte.ts calls confirmLeave) — and
// reload or window close (beforeunload, where the browser shows its own question). The
// desktop window's close asks the same dialog in its close wording (windowCloseRequested;
// docs/platforms.md, "Closing the window with unsaved work").

import { api, onDesktopEvent } from './api';

export interface LeaveGuard {
  /** True while there is unsaved work. */
  dirty: () => boolean;
  /** Called once the user chose to leave: the editor drops its draft and is clean after. */
  discard: () => void;
  /** True while the unsaved work is kept as a draft (lib/drafts.ts): closing the window loses none of it. */
  drafted?: () => boolean;
}

const guards = new Set<LeaveGuard>();

/**
 * The open question, shown by LeaveConfirm.svelte. `closing`: it is about closing the window
 * (the drafts are kept), not leaving a form; `lost`: some of the unsaved work has no draft.
 */
export const leave = $state<{ asking: boolean; closing: boolean; lost: boolean }>({ asking: false, closing: false, lost: false });
let answer: ((ok: boolean) => void) | null = null;

export function setLeaveGuard(g: LeaveGuard): () => void {
  guards.add(g);
  return () => guards.delete(g);
}

export function guarded(): boolean {
  for (const g of guards) if (g.dirty()) return true;
  return false;
}

/** Asks (or joins the open question of the same kind); `done` runs once with the answer. */
function ask(closing: boolean, done: (ok: boolean) => void): Promise<boolean> {
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
  leave.closing = closing;
  leave.lost = closing && [...guards].some((g) => g.dirty() && !g.drafted?.());
  return new Promise((res) => {
    answer = (ok) => {
      leave.asking = false;
      leave.closing = false;
      answer = null;
      done(ok);
      res(ok);
    };
  });
}

/**
 * Resolves true when the page may be left: nothing unsaved, or the user chose to discard.
 * A second call while the question is open gets the same answer; while the window's close is
 * asked, the page stays.
 */
export function confirmLeave(): Promise<boolean> {
  if (!guarded()) return Promise.resolve(true);
  if (leave.asking && leave.closing) return Promise.resolve(false);
  return ask(false, (ok) => {
    // Discarding makes each editor clean, so the navigation that follows passes.
    if (ok) for (const g of [...guards]) if (g.dirty()) g.discard();
  });
}

/**
 * Resolves true when the window may close: nothing unsaved, or the user chose to close.
 * Closing is not discarding: the drafts stay, offered when the form opens again. A question
 * about leaving a form that is open gives way to this one (that navigation stays).
 */
export function confirmClose(): Promise<boolean> {
  if (!guarded()) return Promise.resolve(true);
  if (leave.asking && !leave.closing) answer?.(false);
  return ask(true, () => {});
}

/** The user's answer from the dialog. */
export function answerLeave(ok: boolean): void {
  answer?.(ok);
}

/**
 * The window was asked to close (the event `dossier:close`, platform.CloseEvent in Go). The
 * answer must reach Go within a second, or the window closes anyway: it is sent before the
 * question is asked. A failed call changes nothing here: Go closes when no answer comes.
 */
export async function windowCloseRequested(): Promise<void> {
  const unsaved = guarded();
  const sent = api.platform.closing(unsaved).catch(() => undefined);
  if (!unsaved) return void (await sent);
  if (!(await confirmClose())) return;
  await sent;
  await api.platform.quit();
}

/**
 * Ctrl+Q in the window on Linux and Windows: quit, after the same question as the window's
 * close. macOS has Wails' own menu, whose Cmd+Q reaches the window's close hook; a browser
 * keeps Ctrl+Q for itself (docs/platforms.md, "Quitting").
 */
export function isQuitKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, ua: string): boolean {
  return e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey && (e.key === 'q' || e.key === 'Q') && !/Macintosh|Mac OS X/.test(ua);
}

/** Quits the window: at once with nothing unsaved, else after the delegate chose to close. */
export async function quitRequested(): Promise<void> {
  if (!(await confirmClose())) return;
  await api.platform.quit();
}

/** Answers the window's close requests (desktop; nothing in a browser). */
export function listenForWindowClose(): () => void {
  return onDesktopEvent('dossier:close', () => void windowCloseRequested());
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (e) => {
    if (!guarded()) return;
    e.preventDefault();
    e.returnValue = ''; // older engines (WebKitGTK in the window) need it set
  });
}
