import { describe, expect, it } from 'vitest';
import { sniff } from './sniff.ts';

describe('text sniffing', () => {
  it('takes UTF-8 Chinese text whatever byte the sniffed head ends on', () => {
    const bytes = Buffer.from('营口市疫情防控指挥部通知：请各村做好排查。\n'.repeat(200));
    for (let cut = 1; cut <= 64; cut += 1)
      expect(sniff(bytes.subarray(0, 4096 + cut), 'txt'), `cut ${cut}`).toBe('text');
  });

  it('still refuses bytes that are not UTF-8 text', () => {
    expect(sniff(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x63]), 'txt')).toBeNull();
    expect(sniff(Buffer.from('abc\u0000def'), 'txt')).toBeNull();
    expect(sniff(Buffer.from('中文', 'utf16le'), 'txt')).toBeNull();
  });
});
