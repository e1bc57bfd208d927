import { pinyin } from 'pinyin-pro';

/** Lower-case initials and full pinyin of a name, for searches such as `gz` → 盖州市. */
export function pinyinKeys(name: string): { initials: string; pinyin: string } {
  return {
    initials: pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase(),
    pinyin: pinyin(name, { toneType: 'none', type: 'array' }).join('').toLowerCase(),
  };
}
