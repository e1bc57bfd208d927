import { createHash } from 'node:crypto';
import { formatShortCode, parseShortCode } from '../../../contracts/passes.ts';

/** The first 15 bits of SHA-256 of the full signed code: known only to whoever holds that code. */
function tagOf(code: string): number {
  const digest = createHash('sha256').update(code).digest();
  return ((digest[0]! << 8) | digest[1]!) >> 1;
}

/** The 10-character code printed on the card and shown on the resident's phone (XXXXX-XXXXX). */
export function shortCodeOf(passId: number, code: string): string {
  return formatShortCode(passId, tagOf(code));
}

/**
 * The pass id a typed short code names, when its tag matches that pass's stored code; null when
 * the text is not a short code. A wrong tag answers `false`, so the gate reports a forgery.
 */
export function matchShortCode(
  text: string,
  storedCode: (passId: number) => Promise<string | undefined>,
): Promise<string | null | false> {
  const short = parseShortCode(text);
  if (!short) return Promise.resolve(null);
  return storedCode(short.passId).then((code) => (code && tagOf(code) === short.tag ? code : false));
}
