/**
 * The supervision draw (双随机): which targets are visited and by whom, as a pure function of the
 * frozen target list, the frozen inspector pool and a seed committed to before the draw. The
 * same code runs on the server and in the browser on the public verify page, so anyone can re-run
 * a published round and get the same targets and inspectors. Decision 1301 is the specification.
 *
 * SHA-256 is implemented here in plain TypeScript (FIPS 180-4) rather than taken from node:crypto
 * or WebCrypto: the browser's digest is asynchronous, and one implementation on both sides leaves
 * no room for the two re-runs to differ.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 of the UTF-8 bytes of `text`. */
export function sha256(text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  const bitLength = data.length * 8;
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!);
  return out;
}

export function sha256Hex(text: string): string {
  return Array.from(sha256(text), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One entry of the frozen target list: a stable key (`node:<code>`, `enterprise:<id>`) and its node path. */
export interface DrawTarget {
  key: string;
  path: string;
}

/** One member of the frozen inspector pool: a pseudonymous key and the subtrees they may not inspect. */
export interface DrawInspector {
  key: string;
  recuse: string[];
}

export interface DrawInput {
  targets: DrawTarget[];
  pool: DrawInspector[];
  seed: string;
  /** How many targets to visit. */
  sample: number;
  /** Inspectors per visit (at least 2: 双随机 never sends one alone). */
  perTarget: number;
}

export interface DrawResult {
  /** In draw order: the target's index in the list and the pool indexes of its inspectors. */
  picks: Array<{ target: number; inspectors: number[] }>;
  /** Targets drawn but passed over: fewer than `perTarget` inspectors could go without recusal. */
  skipped: number[];
}

/** The canonical text the list hash covers: one `key<TAB>path` line per target, in list order. */
export function targetListText(targets: DrawTarget[]): string {
  return targets.map((t) => `${t.key}\t${t.path}\n`).join('');
}

/** One `key<TAB>recused paths joined by ','` line per pool member, in pool order. */
export function poolText(pool: DrawInspector[]): string {
  return pool.map((p) => `${p.key}\t${[...p.recuse].sort().join(',')}\n`).join('');
}

/** Byte order of the UTF-16 code units: the same on every engine, unlike a database collation. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TWO_48 = 2 ** 48;

/**
 * A stream of uniform integers: block i is SHA-256("<seed>:<i>"), its first 6 bytes read as a
 * big-endian 48-bit number; a value in the biased tail is thrown away (rejection), so below(m)
 * is exactly uniform on [0, m).
 */
export class SeededStream {
  private counter = 0;
  constructor(
    private readonly seed: string,
    private readonly hash: (text: string) => Uint8Array = sha256,
  ) {}

  below(m: number): number {
    if (!Number.isInteger(m) || m < 1 || m > TWO_48) throw new RangeError(`below(${m})`);
    const limit = TWO_48 - (TWO_48 % m);
    for (;;) {
      const block = this.hash(`${this.seed}:${this.counter}`);
      this.counter += 1;
      let x = 0;
      for (let i = 0; i < 6; i++) x = x * 256 + block[i]!;
      if (x < limit) return x % m;
    }
  }
}

/**
 * Partial Fisher–Yates over [0, n): step i swaps position i with a uniform position in [i, n).
 * The swaps live in a map, so a draw of 300 from 50,000 touches 300 entries, not an array of 50,000.
 */
class LazyShuffle {
  private readonly swapped = new Map<number, number>();
  private i = 0;
  constructor(
    private readonly n: number,
    private readonly rng: SeededStream,
  ) {}

  next(): number | undefined {
    if (this.i >= this.n) return undefined;
    const j = this.i + this.rng.below(this.n - this.i);
    const at = (k: number) => this.swapped.get(k) ?? k;
    const picked = at(j);
    this.swapped.set(j, at(this.i));
    this.i += 1;
    return picked;
  }
}

export function isRecused(inspector: DrawInspector, path: string): boolean {
  return inspector.recuse.some((root) => path.startsWith(root));
}

/**
 * `hash` defaults to the SHA-256 above; the server passes node:crypto's (the same function, native
 * speed). Targets in shuffled order; for each, `perTarget` inspectors shuffled from the members not
 * recused from its path (one stream for both, so the whole draw hangs on the one seed).
 */
export function drawRound(input: DrawInput, hash: (text: string) => Uint8Array = sha256): DrawResult {
  const rng = new SeededStream(input.seed, hash);
  const order = new LazyShuffle(input.targets.length, rng);
  const picks: DrawResult['picks'] = [];
  const skipped: number[] = [];
  while (picks.length < input.sample) {
    const target = order.next();
    if (target === undefined) break;
    const path = input.targets[target]!.path;
    const eligible: number[] = [];
    input.pool.forEach((member, index) => {
      if (!isRecused(member, path)) eligible.push(index);
    });
    if (eligible.length < input.perTarget) {
      skipped.push(target);
      continue;
    }
    const team = new LazyShuffle(eligible.length, rng);
    const inspectors: number[] = [];
    for (let k = 0; k < input.perTarget; k++) inspectors.push(eligible[team.next()!]!);
    picks.push({ target, inspectors });
  }
  return { picks, skipped };
}
