import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, errorFromObject, parseError, parseResponse, rpc } from './api';

describe('parseError', () => {
  it('parses the JSON string the Wails bridge rejects with', () => {
    const e = parseError('{"code":"invalid","message":"due: not a date","fields":{"due":"not a date"}}');
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('invalid');
    expect(e.message).toBe('due: not a date');
    expect(e.fields).toEqual({ due: 'not a date' });
  });

  it('keeps plain strings from Wails itself as failed', () => {
    const e = parseError('error parsing arguments: json: cannot unmarshal');
    expect(e.code).toBe('failed');
    expect(e.message).toBe('error parsing arguments: json: cannot unmarshal');
    expect(e.fields).toEqual({});
  });

  it('falls back when the string looks like JSON but is not', () => {
    const e = parseError('{not json');
    expect(e.code).toBe('failed');
    expect(e.message).toBe('{not json');
  });

  it('reads an Error whose message is the JSON of the typed error', () => {
    const e = parseError(new Error('{"code":"not_found","message":"no such record"}'));
    expect(e.code).toBe('not_found');
    expect(e.message).toBe('no such record');
  });

  it('accepts objects, wrapped or not', () => {
    expect(parseError({ code: 'conflict', message: 'x' }).code).toBe('conflict');
    expect(parseError({ error: { code: 'locked', message: 'busy' } }).code).toBe('locked');
  });

  it('never throws on odd input', () => {
    for (const v of [null, undefined, 42, [], '', {}]) {
      const e = parseError(v);
      expect(e).toBeInstanceOf(ApiError);
      expect(e.code).toBe('failed');
      expect(typeof e.message).toBe('string');
    }
  });

  it('returns an ApiError unchanged', () => {
    const a = new ApiError('invalid', 'm', { a: 'b' });
    expect(parseError(a)).toBe(a);
  });

  it('turns non-string field messages into strings and ignores a non-object fields', () => {
    expect(errorFromObject({ code: 'invalid', message: 'm', fields: { n: 3 } }).fields).toEqual({ n: '3' });
    expect(errorFromObject({ code: 'invalid', message: 'm', fields: 'x' }).fields).toEqual({});
  });
});

describe('parseResponse', () => {
  it('returns the result', () => {
    expect(parseResponse<number>(200, '{"result":42}')).toBe(42);
    expect(parseResponse<null>(200, '{"result":null}')).toBeNull();
  });

  it('throws the typed error of the body', () => {
    try {
      parseResponse(400, '{"error":{"code":"invalid","message":"title: is required","fields":{"title":"is required"}}}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe('invalid');
      expect((e as ApiError).fields.title).toBe('is required');
    }
  });

  it('maps bare HTTP failures by status', () => {
    expect(() => parseResponse(403, 'forbidden')).toThrowError(ApiError);
    try {
      parseResponse(403, 'forbidden');
    } catch (e) {
      expect((e as ApiError).code).toBe('unauthorized');
    }
    try {
      parseResponse(404, '{}');
    } catch (e) {
      expect((e as ApiError).code).toBe('not_found');
    }
    try {
      parseResponse(502, '<html>bad gateway</html>');
    } catch (e) {
      expect((e as ApiError).code).toBe('failed');
    }
  });
});

describe('call', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses the Wails bridge when window.go exists and parses its rejection', async () => {
    const Call = vi.fn().mockRejectedValueOnce('{"code":"invalid","message":"bad","fields":{"x":"y"}}').mockResolvedValueOnce({ ok: 1 });
    vi.stubGlobal('go', { desktop: { Bridge: { Call } } });
    await expect(call('Records', 'Add', ['commitment', {}])).rejects.toMatchObject({ code: 'invalid', fields: { x: 'y' } });
    await expect(call('Records', 'Get', ['id'])).resolves.toEqual({ ok: 1 });
    expect(Call).toHaveBeenCalledWith('Records', 'Get', ['id']);
  });

  it('posts to /api/call with the token otherwise', async () => {
    const fetch = vi.fn().mockResolvedValue({ status: 200, text: async () => '{"result":{"total":0,"items":[]}}' });
    vi.stubGlobal('fetch', fetch);
    const r = await call('Records', 'List', [{ kind: 'party' }]);
    expect(r).toEqual({ total: 0, items: [] });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/call');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ service: 'Records', method: 'List', args: [{ kind: 'party' }] });
    expect(init.headers['X-Dossier-Token']).toBeDefined();
    // Browser mode refuses any other body type (text/plain is what another site could send).
    expect(init.headers['Content-Type']).toBe('application/json');
  });

  it('rpc calls "Service.Method" with the arguments in order', async () => {
    const Call = vi.fn().mockResolvedValue({ id: 'x' });
    vi.stubGlobal('go', { desktop: { Bridge: { Call } } });
    await rpc('Records.Update', 'x', { title: 't' });
    await rpc('Meta.Schema');
    expect(Call.mock.calls).toEqual([
      ['Records', 'Update', ['x', { title: 't' }]],
      ['Meta', 'Schema', []],
    ]);
  });

  it('reports a network failure as one typed error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(call('Meta', 'Schema', [])).rejects.toMatchObject({ code: 'network' });
  });
});
