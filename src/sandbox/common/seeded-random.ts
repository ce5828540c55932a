/**
 * A small deterministic random source (mulberry32) so seed data is the same on every run
 * and tests can rely on it.
 */
export class SeededRandom {
  private state: number;

  constructor(seed = 20_240_601) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Cannot pick from an empty list.');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Mateo',
  'Sophia',
  'Lucas',
  'Mia',
  'Ethan',
  'Amelia',
  'James',
  'Harper',
  'Benjamin',
  'Isabella',
  'Elijah',
  'Chloe',
  'Daniel',
  'Nora',
  'Samuel',
  'Priya',
  'Kenji',
  'Fatima',
  'Jonas',
  'Léa',
  'Diego',
  'Aisha',
  'Tomás',
  'Ingrid',
  'Chen',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Garcia',
  'Martinez',
  'Brown',
  'Davis',
  'Miller',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Patel',
  'Tanaka',
  'Haddad',
  'Berg',
  'Dubois',
  'Rossi',
  'Okafor',
  'Silva',
  'Larsen',
  'Wang',
] as const;

/** A US-style phone number in E.164 from the 555-01xx range reserved for fiction. */
export function fictionalPhone(random: SeededRandom): string {
  return `+1${random.int(201, 989)}55501${String(random.int(0, 99)).padStart(2, '0')}`;
}

/** An email address on a reserved example domain. */
export function exampleEmail(first: string, last: string, n: number): string {
  const clean = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[^a-zA-Z]/g, '')
      .toLowerCase();
  return `${clean(first)}.${clean(last)}${n}@example.com`;
}
