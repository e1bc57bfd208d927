/**
 * Search tokens for Chinese and mixed text (decision 0502): every run of Han characters gives its
 * overlapping character bigrams (口罩发放 → 口罩, 罩发, 发放) — a lone character stands for itself —
 * and every run of Latin letters or digits gives the lower-cased word. A query matches a record
 * holding all of the query's tokens; the candidates are then confirmed by a substring match.
 */
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const HAN = /^\p{Script=Han}/u;
const MAX_TOKENS_PER_RECORD = 20_000;

export function tokenize(text: string): string[] {
  const out = new Set<string>();
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(RUN)) {
    const run = match[0];
    if (HAN.test(run)) {
      const chars = [...run];
      if (chars.length === 1) out.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i += 1) out.add(chars[i]! + chars[i + 1]!);
    } else if (run.length <= 40) {
      out.add(run);
    }
    if (out.size >= MAX_TOKENS_PER_RECORD) break;
  }
  return [...out];
}
