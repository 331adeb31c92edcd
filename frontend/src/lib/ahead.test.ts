import { describe, expect, it, beforeEach } from 'vitest';
import { ahead, arrived, forgetAll, pending } from './ahead';

describe('ahead', () => {
  beforeEach(forgetAll);

  it('hands over an answer of the same revision only', async () => {
    let calls = 0;
    ahead('home', 0, async () => ++calls);
    ahead('home', 0, async () => ++calls); // already coming: not asked twice
    expect(pending('home', 1)).toBeUndefined(); // another revision
    expect(await pending<number>('home', 0)).toBe(1);
    expect(pending('home', 0)).toBeUndefined(); // handed over once
    expect(calls).toBe(1);
    ahead('list', 0, async () => 7);
    await Promise.resolve();
    expect(arrived<number>('list', 1)).toBeUndefined();
    expect(arrived<number>('list', 0)).toBe(7);
    expect(arrived<number>('list', 0)).toBeUndefined();
  });

  it('is not arrived before it settles, and forgets a failure', async () => {
    let fail!: (e: Error) => void;
    ahead('list', 3, () => new Promise((_, rej) => (fail = rej)));
    expect(arrived('list', 3)).toBeUndefined();
    fail(new Error('down'));
    await Promise.resolve();
    await Promise.resolve();
    expect(pending('list', 3)).toBeUndefined();
  });
});
