const SECRET_KEY = /(token|secret|password|passwd|authorization|api[-_]?key|cookie)/i;

/** A copy of a value with every secret-looking field replaced, for run records and logs. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== null && item !== undefined && item !== ''
        ? '[redacted]'
        : redact(item, depth + 1);
  }
  return out;
}
