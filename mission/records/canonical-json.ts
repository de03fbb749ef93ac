/**
 * Canonical JSON: object keys sorted by code point, no whitespace, `undefined` members dropped,
 * non-finite numbers refused. The same value always gives the same string, so it can be hashed
 * (audit chain, record hash) and re-checked years later.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(v: unknown, where: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`canonicalJson: ${where} is ${v}, not a finite number`);
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x, i) => write(x ?? null, `${where}[${i}]`)).join(',')}]`;
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k], `${where}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: ${where} has type ${typeof v}, which JSON cannot hold`);
  }
}
