import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerLeave, confirmLeave, isQuitKey, leave, listenForWindowClose, quitRequested, setLeaveGuard, type LeaveGuard } from './leave.svelte';

// The page's side of closing the window (docs/platforms.md, "Closing the window with unsaved
// work"): Go sends dossier:close, the page answers Platform.Closing at once, asks, and calls
// Platform.Quit when the delegate chooses to close. The drafts are never discarded by it.

/** The calls the window's bridge received, as "Service.Method" and args. */
let calls: [string, unknown[]][] = [];
/** The listeners the page gave Wails' EventsOn. */
let listeners: Record<string, (() => void)[]> = {};
let stops: (() => void)[] = [];

function desktop() {
  vi.stubGlobal('go', {
    desktop: {
      Bridge: {
        Call: async (svc: string, method: string, args: unknown[]) => {
          calls.push([`${svc}.${method}`, args]);
          return null;
        },
      },
    },
  });
  vi.stubGlobal('runtime', {
    EventsOn: (name: string, cb: () => void) => {
      (listeners[name] ??= []).push(cb);
      return () => (listeners[name] = listeners[name].filter((l) => l !== cb));
    },
  });
  stops.push(listenForWindowClose());
}

/** Go's close event, and the page's work on it until it settles. */
async function closeWindow() {
  for (const l of listeners['dossier:close'] ?? []) l();
  await settle();
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const names = () => calls.map(([m, a]) => `${m}(${a.join(',')})`);

/** An editor with unsaved work or not; counts its discards. */
function editor(dirty: boolean, drafted?: boolean) {
  const g = { dirty, discarded: 0 };
  const guard: LeaveGuard = { dirty: () => g.dirty, discard: () => (g.discarded++, (g.dirty = false)) };
  if (drafted !== undefined) guard.drafted = () => drafted;
  stops.push(setLeaveGuard(guard));
  return g;
}

beforeEach(() => {
  calls = [];
  listeners = {};
});

afterEach(() => {
  answerLeave(false);
  for (const s of stops.splice(0)) s();
  vi.unstubAllGlobals();
});

describe('closing the window', () => {
  it('closes at once without unsaved work: the answer says so and nothing is asked', async () => {
    desktop();
    editor(false, true);
    await closeWindow();
    expect(names()).toEqual(['Platform.Closing(false)']);
    expect(leave.asking).toBe(false);
  });

  it('asks with unsaved work; Stay keeps the window and the work, Close quits and keeps the draft', async () => {
    desktop();
    const g = editor(true, true);
    await closeWindow();
    expect(names()).toEqual(['Platform.Closing(true)']);
    expect(leave).toEqual({ asking: true, closing: true, lost: false });

    answerLeave(false); // Stay
    await settle();
    expect(names()).toEqual(['Platform.Closing(true)']);
    expect(leave.asking).toBe(false);
    expect(g).toEqual({ dirty: true, discarded: 0 });

    await closeWindow();
    expect(leave.asking && leave.closing).toBe(true);
    answerLeave(true); // Close Dossier
    await settle();
    expect(names()).toEqual(['Platform.Closing(true)', 'Platform.Closing(true)', 'Platform.Quit()']);
    expect(g.discarded).toBe(0); // closing is not discarding: the draft is offered next time
  });

  it('says so when some unsaved work has no draft', async () => {
    desktop();
    editor(true, true);
    editor(true); // a conflict's own value being written: no draft
    await closeWindow();
    expect(leave).toEqual({ asking: true, closing: true, lost: true });
  });

  it('answers a second close while asking, and one answer settles both', async () => {
    desktop();
    editor(true, true);
    await closeWindow();
    await closeWindow();
    answerLeave(true);
    await settle();
    expect(names().filter((n) => n === 'Platform.Quit()')).toHaveLength(2);
  });

  it('takes over an open question about leaving the form: that navigation stays', async () => {
    desktop();
    const g = editor(true, true);
    const nav = confirmLeave();
    expect(leave.closing).toBe(false);
    await closeWindow();
    expect(await nav).toBe(false);
    expect(leave).toEqual({ asking: true, closing: true, lost: false });
    expect(await confirmLeave()).toBe(false); // a navigation while the close is asked stays
    answerLeave(true);
    await settle();
    expect(names()).toContain('Platform.Quit()');
    expect(g.discarded).toBe(0);
  });

  it('asks even when the answer cannot be sent (Go then closes on its own after a second)', async () => {
    desktop();
    vi.stubGlobal('go', { desktop: { Bridge: { Call: async () => Promise.reject('{"code":"failed","message":"no store"}') } } });
    editor(true, true);
    await closeWindow();
    expect(leave.asking && leave.closing).toBe(true);
  });

  it('listens to nothing in a browser', () => {
    expect(() => listenForWindowClose()()).not.toThrow();
  });
});

describe('quitting with Ctrl+Q', () => {
  const linux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)';
  const windows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/120';
  const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15';
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, ...mods });

  it('is Ctrl+Q alone on Linux and Windows, never on a Mac (Cmd+Q is the menu there)', () => {
    expect(isQuitKey(key('q'), linux)).toBe(true);
    expect(isQuitKey(key('Q'), windows)).toBe(true); // Caps Lock
    expect(isQuitKey(key('q'), mac)).toBe(false);
    expect(isQuitKey(key('q', { ctrlKey: false }), linux)).toBe(false);
    expect(isQuitKey(key('q', { altKey: true }), linux)).toBe(false); // AltGr+Q types @ on some layouts
    expect(isQuitKey(key('q', { shiftKey: true }), linux)).toBe(false);
    expect(isQuitKey(key('q', { metaKey: true }), linux)).toBe(false);
    expect(isQuitKey(key('k'), linux)).toBe(false);
  });

  it('quits at once without unsaved work', async () => {
    desktop();
    editor(false, true);
    await quitRequested();
    expect(names()).toEqual(['Platform.Quit()']);
    expect(leave.asking).toBe(false);
  });

  it('asks first with unsaved work: Stay keeps the window, Close quits and keeps the draft', async () => {
    desktop();
    const g = editor(true, true);
    const stay = quitRequested();
    await settle();
    expect(leave).toEqual({ asking: true, closing: true, lost: false });
    answerLeave(false);
    await stay;
    expect(names()).toEqual([]);
    expect(g).toEqual({ dirty: true, discarded: 0 });

    const close = quitRequested();
    await settle();
    answerLeave(true);
    await close;
    expect(names()).toEqual(['Platform.Quit()']);
    expect(g.discarded).toBe(0);
  });
});
