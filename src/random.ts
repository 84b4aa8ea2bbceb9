/**
 * mulberry32: a tiny seeded generator of numbers in [0, 1). Share-based faults, verify's generated
 * cases, the soak mix and the crash test use it so that the same seed repeats the same run on any
 * machine (faker's generator is reserved for data, in fake.ts).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
