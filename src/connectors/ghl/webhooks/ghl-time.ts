/**
 * Epoch ms of a GHL time: ISO 8601, or the appointments' `YYYY-MM-DD HH:mm:ss`, which is UTC
 * (JavaScript would read that form as local time). NaN when it is not a time.
 */
export function ghlTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return Number.NaN;
  const spaced = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(value);
  return Date.parse(spaced ? `${spaced[1]}T${spaced[2]}Z` : value);
}
