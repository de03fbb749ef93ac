import type { z } from 'zod';

/** One problem found in an input, with where it is (e.g. "products[1].ratePerHa"). */
export interface Issue {
  where: string;
  message: string;
}

/**
 * Thrown when a dose, tank mix, product or drone profile is refused. The message lists every
 * issue as "where: what".
 */
export class InputError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[], subject = 'input') {
    super(
      `${subject} refused:\n${issues.map((i) => (i.where ? `  ${i.where}: ${i.message}` : `  ${i.message}`)).join('\n')}`,
    );
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** Formats a zod path as `a.b[2].c`. */
export function pathToString(path: readonly PropertyKey[], prefix = ''): string {
  let s = prefix;
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s || '(top level)';
}

/** Parses `value` with `schema`, or throws an InputError listing every issue with its path. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  subject: string,
  prefix = '',
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new InputError(
    r.error.issues.map((i) => ({ where: pathToString(i.path, prefix), message: i.message })),
    subject,
  );
}
