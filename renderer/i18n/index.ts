export type Language = 'en' | 'vi';

import type { Catalog } from './catalog.js';

export type { Catalog } from './catalog.js';

const messages: Catalog = {};
let language: Language = 'en';
const listeners = new Set<() => void>();

/** Adds an area's messages (each area keeps its own catalog file). */
export function registerMessages(catalog: Catalog): void {
  Object.assign(messages, catalog);
}

/** The system language if Vietnamese, else English. */
export function systemLanguage(): Language {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return langs.some((l) => l?.toLowerCase().startsWith('vi')) ? 'vi' : 'en';
}

export function setLanguage(lang: Language | 'auto'): void {
  const next = lang === 'auto' ? systemLanguage() : lang;
  if (next === language && document.documentElement.lang === next) return;
  language = next;
  document.documentElement.lang = next;
  for (const l of listeners) l();
}

export const currentLanguage = (): Language => language;

/** Locale for number formatting (vi uses a decimal comma). */
export const numberLocale = (): string => (language === 'vi' ? 'vi-VN' : 'en-GB');

export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Translates `key`; a missing key shows itself (and is caught by the catalog test). */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const m = messages[key];
  const text = m ? m[language] : key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}
