/** A message in both languages. `{name}` placeholders are filled from `t`'s params. */
export type Catalog = Record<string, { en: string; vi: string }>;
