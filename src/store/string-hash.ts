// The 32-bit hash of an id that the read model's open-addressing tables key by (message ids,
// thread ids): FNV-1a over the UTF-16 units, then mixed.
export function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  return Math.imul(h, 0x45d9f3b) ^ (h >>> 13);
}
