import { randomBytes } from 'node:crypto';

/**
 * MongoDB-style ids (24 hex digits: seconds, a per-process random part, a counter), the
 * form Gleap and Gleantap ids take. They sort by creation time, like the real ones.
 */
const processPart = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

export function newObjectId(at: Date = new Date()): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(at.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${processPart}${counter.toString(16).padStart(6, '0')}`;
}

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);
}
