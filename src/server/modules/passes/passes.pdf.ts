import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFonts,
} from 'pdf-lib';
import QRCode from 'qrcode';
import type { Pass } from '../../../contracts/passes.ts';

let fontBytes: Buffer | undefined;
function cjkFont(): Buffer {
  if (!fontBytes) {
    fontBytes = readFileSync(join(process.cwd(), 'data/fonts/DroidSansFallback.ttf'));
    padSubsetGlyphs(fontBytes);
  }
  return fontBytes;
}

interface TtfSubset {
  _addGlyph(gid: number): number;
  glyf: Uint8Array[];
  offset: number;
}

/**
 * @pdf-lib/fontkit's TrueType subsetter writes a short `loca` table (offsets halved) whenever the
 * subset is under 128 kB, but copies glyphs at their own length: after the first odd-length glyph
 * (most of Droid Sans Fallback's) every later offset points mid-glyph and viewers draw nothing.
 * Padding each glyph to an even length keeps the halved offsets exact.
 */
function padSubsetGlyphs(bytes: Buffer) {
  const proto = Object.getPrototypeOf(fontkit.create(bytes).createSubset()) as TtfSubset;
  const addGlyph = proto._addGlyph;
  if ((addGlyph as { padded?: boolean }).padded) return;
  const padded = function (this: TtfSubset, gid: number) {
    const index = addGlyph.call(this, gid);
    const glyph = this.glyf[index]!;
    if (glyph.length % 2 === 1) {
      // fontkit's bundled Buffer class, which its encoder insists on.
      const even = (glyph.constructor as typeof Buffer).alloc(glyph.length + 1);
      even.set(glyph);
      this.glyf[index] = even;
      this.offset += 1;
    }
    return index;
  };
  proto._addGlyph = Object.assign(padded, { padded: true });
}

const QUIET = 4;

/**
 * The QR as a 1-pixel-per-module greyscale image: a few hundred bytes per card instead of a PNG to
 * decode, so a 1,000-household sheet builds in seconds. Viewers scale it without smoothing.
 */
export function qrPixels(text: string): { size: number; pixels: Uint8Array } {
  // A fixed mask skips scoring all eight: a valid code, and most of the cost of making one.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: 2 });
  const n = qr.modules.size;
  const size = n + QUIET * 2;
  const pixels = new Uint8Array(size * size).fill(255);
  for (let y = 0; y < n; y += 1) {
    for (let x = 0; x < n; x += 1) {
      if (qr.modules.data[y * n + x]) pixels[(y + QUIET) * size + x + QUIET] = 0;
    }
  }
  return { size, pixels };
}

function drawQr(
  doc: PDFDocument,
  page: PDFPage,
  name: string,
  text: string,
  x: number,
  y: number,
  side: number,
) {
  const { size, pixels } = qrPixels(text);
  // Node's zlib, not pdf-lib's JavaScript deflate: thousands of images per sheet.
  const image = doc.context.stream(deflateSync(pixels), {
    Filter: 'FlateDecode',
    Type: 'XObject',
    Subtype: 'Image',
    Width: size,
    Height: size,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 8,
    Interpolate: false,
  });
  const ref = doc.context.register(image);
  const key = page.node.newXObject(name, ref);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(side, 0, 0, side, x, y),
    drawObject(key),
    popGraphicsState(),
  );
}

const A4: [number, number] = [595.28, 841.89];
const COLS = 2;
const ROWS = 4;
const MARGIN = 24;

function day(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Droid Sans Fallback has no Latin glyphs (digits, letters, punctuation), so Latin-1 runs are set in
 * the standard Helvetica every viewer carries and the rest in the embedded CJK subset.
 */
interface Fonts {
  cjk: PDFFont;
  latin: PDFFont;
}

function runs(text: string): { ascii: boolean; text: string }[] {
  const out: { ascii: boolean; text: string }[] = [];
  for (const ch of text) {
    const ascii = ch.charCodeAt(0) < 0x100;
    const last = out[out.length - 1];
    if (last && last.ascii === ascii) last.text += ch;
    else out.push({ ascii, text: ch });
  }
  return out;
}

function widthOf(fonts: Fonts, text: string, size: number): number {
  return runs(text).reduce(
    (w, r) => w + (r.ascii ? fonts.latin : fonts.cjk).widthOfTextAtSize(r.text, size),
    0,
  );
}

interface TextOptions {
  x: number;
  y: number;
  size: number;
  color?: ReturnType<typeof rgb>;
}

function drawMixed(page: PDFPage, fonts: Fonts, text: string, o: TextOptions) {
  let x = o.x;
  for (const r of runs(text)) {
    const font = r.ascii ? fonts.latin : fonts.cjk;
    page.drawText(r.text, { x, y: o.y, size: o.size, font, ...(o.color ? { color: o.color } : {}) });
    x += font.widthOfTextAtSize(r.text, o.size);
  }
}

function fitText(fonts: Fonts, text: string, size: number, width: number): string {
  let t = text;
  while (t.length > 1 && widthOf(fonts, t, size) > width) t = t.slice(0, -1);
  return t;
}

async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  return {
    cjk: await doc.embedFont(cjkFont(), { subset: true }),
    latin: await doc.embedFont(StandardFonts.Helvetica),
  };
}

/**
 * The parts every card of a kind shares (frame, compound name, title, footer), drawn once in a
 * separate document and placed on each card as a form XObject: CJK text layout is the costly step.
 */
async function cardTemplates(compoundName: string, width: number, height: number) {
  const tpl = await PDFDocument.create();
  const fonts = await embedFonts(tpl);
  const pages = (['居民出入证', '车辆通行证'] as const).map((title) => {
    const p = tpl.addPage([width, height]);
    p.drawRectangle({
      x: 4,
      y: 4,
      width: width - 8,
      height: height - 8,
      borderColor: rgb(0.7, 0.1, 0.1),
      borderWidth: 1,
    });
    drawMixed(p, fonts, fitText(fonts, compoundName, 15, width - 150), {
      x: 14,
      y: height - 34,
      size: 15,
      color: rgb(0.7, 0.1, 0.1),
    });
    drawMixed(p, fonts, title, { x: 14, y: height - 58, size: 12 });
    drawMixed(p, fonts, '凭码出入 · 扫码核验', { x: 14, y: 20, size: 8, color: rgb(0.4, 0.4, 0.4) });
    return p;
  });
  // Subset fonts are written at flush: without it the copied pages point at a font never written.
  await tpl.flush();
  return pages;
}

/** An A4 sheet of pass cards, eight to a page, with the CJK font subset embedded. */
export async function passSheet(compoundName: string, passes: Pass[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  doc.setTitle(`${compoundName} 通行证`);
  doc.setCreator('Xinghuo 星火');
  const cardW = (A4[0] - MARGIN * 2) / COLS;
  const cardH = (A4[1] - MARGIN * 2) / ROWS;
  const pages = await cardTemplates(compoundName, cardW, cardH);
  const [personCard, vehicleCard] = await doc.embedPages(pages);
  const textW = cardW - 150;
  let page: PDFPage | undefined;
  passes.forEach((pass, i) => {
    const slot = i % (COLS * ROWS);
    if (slot === 0) page = doc.addPage(A4);
    const p = page!;
    const x = MARGIN + (slot % COLS) * cardW;
    const top = A4[1] - MARGIN - Math.floor(slot / COLS) * cardH;
    p.drawPage(pass.kind === 'person' ? personCard! : vehicleCard!, { x, y: top - cardH });
    const textX = x + 14;
    drawMixed(p, fonts, fitText(fonts, pass.household, 11, textW), { x: textX, y: top - 82, size: 11 });
    drawMixed(p, fonts, pass.holder, { x: textX, y: top - 100, size: 11 });
    // The code to type when the QR will not scan, large enough to read at arm's length.
    drawMixed(p, fonts, `短码 ${pass.shortCode}`, { x: textX, y: top - 144, size: 12 });
    drawMixed(p, fonts, `有效期 ${day(pass.validFrom)} 至 ${day(pass.validUntil)}  No.${pass.id}`, {
      x: textX,
      y: top - 124,
      size: 8,
    });
    drawQr(doc, p, `QR${pass.id}`, pass.code, x + cardW - 136, top - cardH / 2 - 62, 124);
  });
  if (passes.length === 0)
    drawMixed(doc.addPage(A4), fonts, `${compoundName}：暂无有效通行证`, {
      x: MARGIN,
      y: A4[1] - 60,
      size: 14,
    });
  return doc.save({ useObjectStreams: true });
}
