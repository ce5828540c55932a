/**
 * `updated_since` is a date. Which calendar Gleantap reads it in is undocumented (the sandbox
 * uses UTC); a connection may name its account's time zone (`meta.timezone`, IANA) instead.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dayOf(instant: Date, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return instant.toISOString().slice(0, 10);
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The day a `created_date` falls on: ISO date-times, or "YYYY-MM-DD HH:MM:SS" read as UTC. */
export function dayOfStamp(stamp: unknown, timeZone = 'UTC'): string | undefined {
  if (typeof stamp !== 'string') return undefined;
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(stamp) ? `${stamp.replace(' ', 'T')}Z` : stamp;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : dayOf(new Date(at), timeZone);
}
