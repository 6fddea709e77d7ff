// Linear algebra for the disclosure audit (suppress.ts): is a hidden figure a linear combination of
// what is published? "Recovered by subtraction" (DESIGN §3 rule 5) is exactly this: rows, columns,
// totals and other tables are all sums of the same underlying counts, so a hidden count can be worked
// out from published ones if and only if its sum lies in the span of theirs.
//
// Arithmetic is exact modulo a prime (no rounding), with vectors kept sparse: the published sums touch
// a handful of counts each. Working modulo p can only go wrong if p divides certain determinants of the
// system; it is done modulo two different primes of 26 bits and a figure counts as recoverable if
// EITHER says so. A wrong "recoverable" only hides one figure too many; missing a real one would need
// both primes to fail on the same system.
export type Vector = Map<number, number>;

const PRIMES = [67108859, 67108837] as const;

function inverse(a: number, p: number) {
  // Extended Euclid; a and p are below 2^26, so every product stays exact in a double.
  let [r0, r1, s0, s1] = [p, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % p) + p) % p;
}

const mod = (x: number, p: number) => ((x % p) + p) % p;

/**
 * An echelon basis modulo one prime over variables 0..size-1: each stored row's first non-zero entry
 * (its pivot) is distinct and scaled to 1. Reduction walks the variables in order on a dense scratch
 * vector, so it costs O(size + the rows it touches).
 */
class ModSpan {
  private rows: ({ idx: number[]; val: number[] } | undefined)[];
  private scratch: Float64Array;
  constructor(
    private readonly p: number,
    private readonly size: number,
  ) {
    this.rows = new Array(size);
    this.scratch = new Float64Array(size);
  }

  /** Reduces `input`; returns the first variable with no pivot (the vector is outside the span), or -1. */
  private reduce(input: Vector) {
    const { p, scratch, rows, size } = this;
    let first = size;
    for (const [k, c] of input) {
      scratch[k] = mod(c, p);
      if (k < first) first = k;
    }
    for (let i = first; i < size; i++) {
      const f = scratch[i]!;
      if (f === 0) continue;
      const row = rows[i];
      if (!row) return i;
      for (let j = 0; j < row.idx.length; j++) {
        const at = row.idx[j]!;
        scratch[at] = mod(scratch[at]! - ((f * row.val[j]!) % p), p);
      }
    }
    return -1;
  }

  private clear(from: number) {
    this.scratch.fill(0, Math.max(0, from));
  }

  add(input: Vector) {
    if (input.size === 0) return;
    const pivot = this.reduce(input);
    if (pivot >= 0) {
      const scale = inverse(this.scratch[pivot]!, this.p);
      const idx: number[] = [];
      const val: number[] = [];
      for (let i = pivot; i < this.size; i++) {
        const c = this.scratch[i]!;
        if (c !== 0) {
          idx.push(i);
          val.push((c * scale) % this.p);
        }
      }
      this.rows[pivot] = { idx, val };
    }
    this.clear(0);
  }

  contains(input: Vector) {
    if (input.size === 0) return true;
    const pivot = this.reduce(input);
    this.clear(0);
    return pivot < 0;
  }
}

/** The span of a set of published sums over variables 0..size-1. */
export class Span {
  private spans: ModSpan[];
  constructor(size: number) {
    this.spans = PRIMES.map((p) => new ModSpan(p, size));
  }

  add(v: Vector) {
    for (const s of this.spans) s.add(v);
  }

  /** Whether `v` can be computed from what was added (conservatively: either prime says so). */
  contains(v: Vector) {
    return this.spans.some((s) => s.contains(v));
  }
}

/** A vector from variable → coefficient pairs, adding repeated variables. */
export function vector(entries: Iterable<readonly [number, number]>): Vector {
  const v: Vector = new Map();
  for (const [k, c] of entries) {
    const next = (v.get(k) ?? 0) + c;
    if (next) v.set(k, next);
    else v.delete(k);
  }
  return v;
}
