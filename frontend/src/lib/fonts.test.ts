import { describe, expect, it } from 'vitest';
import { onLinux } from './fonts';

describe('onLinux', () => {
  it('knows the Linux window and browsers', () => {
    expect(onLinux('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) wails.io')).toBe(true);
    expect(onLinux('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36')).toBe(true);
  });
  it('leaves Windows, macOS and Android to their named faces', () => {
    expect(onLinux('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Edg/120')).toBe(false);
    expect(onLinux('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko)')).toBe(false);
    expect(onLinux('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile')).toBe(false);
  });
});
