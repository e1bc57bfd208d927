import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pages read per PDF: the text of a long scanned report past this adds little to search. */
const MAX_PAGES = 300;
const MAX_CHARS = 200_000;

let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;
let assets: { cMapUrl: string; standardFontDataUrl: string } | undefined;

/** Loaded on the first PDF only: pdf.js is large, and most servers never see a PDF upload. */
function load() {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  if (!assets) {
    const root = dirname(
      dirname(dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs')))),
    );
    assets = { cMapUrl: `${join(root, 'cmaps')}/`, standardFontDataUrl: `${join(root, 'standard_fonts')}/` };
  }
  return { pdfjs, assets };
}

/**
 * The text of a PDF, page by page, with pdf.js (decision 0503): pure JavaScript, so it works on a
 * fresh machine without poppler, and it maps CJK glyphs back to characters through the fonts'
 * ToUnicode tables and Adobe's CMaps, which the package ships. A PDF without a text layer (a scan)
 * gives an empty string; a damaged one throws.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { pdfjs: lib, assets: paths } = load();
  const { getDocument } = await lib;
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: paths.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: paths.standardFontDataUrl,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES) && length < MAX_CHARS; n += 1) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('');
      pages.push(text);
      length += text.length;
      page.cleanup();
    }
    return pages.join('\n').slice(0, MAX_CHARS);
  } finally {
    await doc.destroy();
  }
}
