import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web's two import rules (docs/ARCHITECTURE.md): a feature folder never imports another one
 * (they share src/web/lib and src/contracts), and only src/web/lib talks to the network, so the
 * CSRF header, multipart bodies and error messages are handled in one place (decision 1110).
 */
const ROOT = resolve(import.meta.dirname, '..');
const WEB = 'src/web';
// The service worker proxies the page's own requests; it runs outside the page and has no client.
const FETCH_ALLOWED = ['src/web/lib/', 'src/web/public/'];

type Files = Map<string, string>;

function webFiles(): Files {
  const files: Files = new Map();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|js)$/.test(entry.name)) files.set(path, readFileSync(join(ROOT, path), 'utf8'));
    }
  };
  walk(WEB);
  return files;
}

function featureOf(path: string): string | undefined {
  return /^src\/web\/features\/([^/]+)\//.exec(path)?.[1];
}

/** Every rule broken in `files` (repository-relative path → source), one line each. */
function violations(files: Files): string[] {
  const found: string[] = [];
  for (const [path, source] of files) {
    const own = featureOf(path);
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
      const target = relative(ROOT, resolve(ROOT, dirname(path), match[1]!)).replaceAll('\\', '/');
      const other = featureOf(`${target}/`);
      if (own && other && other !== own) found.push(`${path} imports feature ${other} (${match[1]})`);
    }
    if (FETCH_ALLOWED.some((prefix) => path.startsWith(prefix))) continue;
    for (const line of source.split('\n')) {
      if (/(?<![\w.$])fetch\s*\(/.test(line)) found.push(`${path} calls fetch: ${line.trim()}`);
    }
  }
  return found;
}

describe('web boundaries', () => {
  it('no feature folder imports another, and only src/web/lib calls fetch', () => {
    const files = webFiles();
    expect(files.size).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it('catches a feature importing another feature and a feature calling fetch', () => {
    const files = webFiles();
    files.set(
      'src/web/features/gate/pages/bad-page.tsx',
      [
        "import { useRegionNode } from '../../../lib/regions.ts';",
        "import { useTasks } from '../../fieldwork/api/fieldwork.ts';",
        "const res = await fetch('/api/gate/scans');",
        'void query.refetch();',
      ].join('\n'),
    );
    expect(violations(files)).toEqual([
      'src/web/features/gate/pages/bad-page.tsx imports feature fieldwork (../../fieldwork/api/fieldwork.ts)',
      "src/web/features/gate/pages/bad-page.tsx calls fetch: const res = await fetch('/api/gate/scans');",
    ]);
  });
});
