// Bounded lists kept per tenant: each tenant's newest `capacity` items, so that one tenant's traffic
// never pushes another's out (a tenant's count of its own request must not drop because another
// tenant was busy). Requests with no tenant (none configured, or no tenant's token) share one ring.
// The admin reads every ring merged in arrival order.

interface Sequenced {
  readonly id: number;
}

/** A fixed-size ring buffer, oldest first when read. */
class Ring<T> {
  readonly #items: (T | undefined)[];
  #next = 0;
  #count = 0;

  constructor(readonly capacity: number) {
    this.#items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    this.#count = Math.min(this.#count + 1, this.capacity);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.#count; i++) yield this.#items[(this.#next - this.#count + i + this.capacity) % this.capacity] as T;
  }
}

export class TenantRings<T extends Sequenced> {
  readonly #rings = new Map<string | null, Ring<T>>();

  constructor(readonly capacity: number) {}

  push(tenant: string | null, item: T): void {
    if (this.capacity <= 0) return;
    let ring = this.#rings.get(tenant);
    if (ring === undefined) this.#rings.set(tenant, (ring = new Ring<T>(this.capacity)));
    ring.push(item);
  }

  /** A tenant's items oldest first; with null/undefined, every ring's merged by id. */
  items(tenant?: string | null): T[] {
    if (tenant != null) return [...(this.#rings.get(tenant) ?? [])];
    const rings = [...this.#rings.values()];
    if (rings.length === 1) return [...(rings[0] as Ring<T>)];
    return rings.flatMap((ring) => [...ring]).sort((a, b) => a.id - b.id);
  }

  /** Forgets every ring, or one tenant's. */
  clear(tenant?: string | null): void {
    if (tenant == null) this.#rings.clear();
    else this.#rings.delete(tenant);
  }
}
