// runtime: node
/**
 * A fixed-size hash table from an ordered pair of codes (two non-negative 32-bit integers) to a
 * 32-bit value, in typed arrays (linear probing, no deletion). When it is half full it stops taking
 * new pairs: get then answers -1 for them and the caller computes the value itself.
 */
export class PairMemo {
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly values: Uint32Array;
  private readonly mask: number;
  private size = 0;
  private readonly limit: number;

  /** capacity: a power of two */
  constructor(capacity: number) {
    if (!(capacity >= 2 && (capacity & (capacity - 1)) === 0)) throw new Error(`PairMemo capacity ${capacity} is not a power of two.`);
    this.first = new Int32Array(capacity).fill(-1);
    this.second = new Int32Array(capacity);
    this.values = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.limit = capacity >>> 1;
  }

  /** The capacity for about `pairs` distinct pairs, at most `max`. */
  static capacityFor(pairs: number, max = 1 << 22): number {
    let c = 1024;
    while (c < 2 * pairs && c < max) c *= 2;
    return c;
  }

  private slot(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & this.mask;
  }

  /** the value kept for (a, b), or -1 */
  get(a: number, b: number): number {
    for (let s = this.slot(a, b); ; s = (s + 1) & this.mask) {
      const f = this.first[s]!;
      if (f === -1) return -1;
      if (f === a && this.second[s] === b) return this.values[s]!;
    }
  }

  /** keeps value (0 … 2^32 - 1) for (a, b) unless the table is half full */
  set(a: number, b: number, value: number): void {
    if (this.size >= this.limit) return;
    let s = this.slot(a, b);
    while (this.first[s] !== -1) {
      if (this.first[s] === a && this.second[s] === b) {
        this.values[s] = value;
        return;
      }
      s = (s + 1) & this.mask;
    }
    this.first[s] = a;
    this.second[s] = b;
    this.values[s] = value;
    this.size++;
  }
}
