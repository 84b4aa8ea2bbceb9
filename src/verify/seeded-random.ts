// A tiny seeded PRNG (mulberry32): the same --seed picks the same generated cases on any machine.
import { mulberry32 } from '../random.js';

export interface Random {
  readonly seed: number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** Up to n distinct elements, in a seed-determined order. */
  sample<T>(items: readonly T[], n: number): T[];
  /** Lower-case letters and digits. */
  word(length: number): string;
}

export function seededRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    int,
    sample(items, n) {
      const pool = [...items];
      const out = [];
      while (out.length < n && pool.length > 0) out.push(pool.splice(int(0, pool.length - 1), 1)[0] as (typeof items)[number]);
      return out;
    },
    word(length) {
      const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[int(0, alphabet.length - 1)];
      return s;
    },
  };
}
