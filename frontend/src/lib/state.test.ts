import { afterEach, describe, expect, it } from 'vitest';
import { recordTitle, optionLabel, statusLabel, listOf, statusTone, errorText } from './state.svelte';
import { ApiError } from './api';
import { isBlank } from './blank';
import { setLocale } from './i18n/index.svelte';

describe('labels of values', () => {
  afterEach(() => setLocale('en'));

  it('translates closed lists by value', () => {
    expect(optionLabel('commitment_status', 'in_progress')).toBe('In progress');
    setLocale('fr');
    expect(optionLabel('commitment_status', 'in_progress')).toBe('En cours');
    expect(statusLabel('party', 'eu_institution')).toBe('Institution ou service de l’UE');
    expect(optionLabel('theme', 'unknown_theme', 'Fallback')).toBe('Fallback');
  });

  it('knows which list a field uses', () => {
    expect(listOf('party', 'type')).toBe('party_type');
    expect(listOf('commitment', 'type')).toBe('commitment_type');
    expect(listOf('partnership', 'status')).toBe('partnership_status');
    expect(listOf('meeting', 'title')).toBeNull();
    expect(statusTone('stalled')).toBe('warn');
  });

  it('gives no title for a title stored blank, so that screens show it as untitled', () => {
    for (const blank of ['', '   ', '\r\n', '\t', '\u00a0', '\u202f', '\u3000', '\u200b', '\ufeff', ' \u2028\u0085 ']) {
      expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
      expect(recordTitle({ kind: 'commitment', title: blank })).toBe('');
      expect(recordTitle({ kind: 'party', title: blank })).toBe('');
    }
    expect(recordTitle({ kind: 'intervention', title: '', parts: { speaker: '\u00a0', session: ' ' } })).toBe('Intervention');
    for (const text of ['a', ' Rabat Process ', '\u00a0x', '·']) expect(isBlank(text), text).toBe(false);
    expect(recordTitle({ kind: 'commitment', title: ' Rabat Process ' })).toBe(' Rabat Process ');
  });

  it('composes the titles of interventions from their parts, in the language of the reader', () => {
    const iv = (speaker?: string, session?: string) => ({ kind: 'intervention', title: '', parts: { speaker, session } });
    expect(recordTitle(iv('EEAS', 'Roundtable 4'))).toBe('Intervention by EEAS (Roundtable 4)');
    expect(recordTitle(iv('Morocco'))).toBe('Intervention by Morocco');
    expect(recordTitle(iv(undefined, 'Opening'))).toBe('Intervention (Opening)');
    expect(recordTitle(iv())).toBe('Intervention');
    setLocale('fr');
    // A speaker that is not a country's name is quoted after "de", as the PDF does (partyIn).
    expect(recordTitle(iv('EEAS and European Commission services', 'Roundtable 4'))).toBe(
      'Intervention de «\u00a0EEAS and European Commission services\u00a0» (Roundtable 4)',
    );
    expect(recordTitle(iv('A. Benali'))).toBe('Intervention de «\u00a0A. Benali\u00a0»');
    expect(recordTitle(iv(undefined, 'Ouverture'))).toBe('Intervention (Ouverture)');
    expect(recordTitle(iv())).toBe('Intervention');
    // A title of its own is data, whatever it says; no English title is re-worded.
    expect(recordTitle({ kind: 'commitment', title: 'Intervention by nobody' })).toBe('Intervention by nobody');
    expect(recordTitle({ kind: 'intervention', title: 'Intervention by EEAS' })).toBe('Intervention by EEAS');
    expect(recordTitle(undefined)).toBe('');
    setLocale('en');
  });
});

describe('a refused path in words', () => {
  afterEach(() => setLocale('en'));

  it('is one sentence in the reader’s language, naming the folder and what to do', () => {
    const err = new ApiError('invalid', 'path: the folder "/media/usb" does not exist: choose another folder, or create it first (no such file or directory)',
      { path: 'the folder "/media/usb" does not exist: choose another folder, or create it first' },
      { path: { code: 'path_folder_missing', params: { path: '/media/usb/x.csv', folder: '/media/usb' } } });
    expect(errorText(err)).toBe('The folder “/media/usb” does not exist: choose another folder, or create it first');
    setLocale('fr');
    expect(errorText(err)).toBe('Le dossier « /media/usb » n’existe pas : choisissez un autre dossier, ou créez-le d’abord');
    const denied = new ApiError('invalid', 'out: …', { out: '…' }, { out: { code: 'path_denied', params: { path: '/x/b.dossier', folder: '/x' } } });
    expect(errorText(denied)).toBe('Dossier n’a pas le droit d’écrire dans le dossier « /x » : choisissez un autre dossier');
  });
});

describe('a refusal with a problem in words', () => {
  afterEach(() => setLocale('en'));

  it('words a revoked key in the reader’s language, not the English message', () => {
    const err = new ApiError('refused', 'A. Benali\'s key 0123456789ABCDEF was revoked by Secretariat: …', { card: '…' },
      { card: { code: 'card_key_revoked', params: { name: 'A. Benali', key_id: '0123456789ABCDEF', revoked_by: 'Secretariat' } } });
    expect(errorText(err)).toBe('A. Benali’s key 0123456789ABCDEF was revoked by Secretariat: a revoked key cannot be trusted again; ask them for a new identity card');
    setLocale('fr');
    expect(errorText(err)).toBe('La clé 0123456789ABCDEF de A. Benali a été révoquée par Secretariat : une clé révoquée ne peut plus recevoir de confiance ; demandez-lui une nouvelle carte d’identité');
  });
});
