import { describe, expect, it } from 'vitest';
import { catalogKeys } from './catalog';
import { en } from './en';
import { i18n, pickLanguage } from './i18n';
import { ko } from './ko';

describe('catalogues', () => {
  it('English and Korean have the same keys', () => {
    expect(catalogKeys(ko).sort()).toEqual(catalogKeys(en).sort());
  });

  it('no string is empty in either language', () => {
    const empty = (c: object) =>
      catalogKeys(c).filter((k) => {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], c);
        return typeof v !== 'string' || v.trim() === '';
      });
    expect(empty(en)).toEqual([]);
    expect(empty(ko)).toEqual([]);
  });

  it('every {{placeholder}} of an English string is in its Korean string', () => {
    const get = (c: object, k: string) =>
      k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], c) as string;
    const names = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const missing = catalogKeys(en).filter((k) => names(get(en, k)).join() !== names(get(ko, k)).join());
    expect(missing).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('prefers the address, then the remembered choice, then the browser', () => {
    expect(pickLanguage('ko', 'en', ['en-US'])).toBe('ko');
    expect(pickLanguage(null, 'ko', ['en-US'])).toBe('ko');
    expect(pickLanguage('fr', null, ['ko-KR', 'en'])).toBe('ko');
    expect(pickLanguage(null, 'xx', ['de-DE'])).toBe('en');
  });
});

describe('i18n', () => {
  it('translates a key in both languages', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('app.language')).toBe('Language');
    await i18n.changeLanguage('ko');
    expect(i18n.t('app.language')).toBe('언어');
    await i18n.changeLanguage('en');
  });
});
