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

let fontBytes: Buffer | undefined;
/** The CJK font the pass sheets embed (DroidSansFallback, Apache-2.0); subset per document. */
function cjkFont(): Buffer {
  fontBytes ??= readFileSync(join(process.cwd(), 'data/fonts/DroidSansFallback.ttf'));
  return fontBytes;
}

/**
 * Droid Sans Fallback has no Latin glyphs, so digits and Latin letters vanish when set in it:
 * Latin-1 runs go to the standard Helvetica every viewer carries, the rest to the CJK subset.
 */
function runs(text: string): { latin: boolean; text: string }[] {
  const out: { latin: boolean; text: string }[] = [];
  for (const ch of text) {
    const latin = ch.charCodeAt(0) < 0x100;
    const last = out[out.length - 1];
    if (last && last.latin === latin) last.text += ch;
    else out.push({ latin, text: ch });
  }
  return out;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const GREY = rgb(0.4, 0.4, 0.4);
const ACCENT = rgb(0.8, 0.25, 0.1);

/**
 * A flowing A4 text document: headings, wrapped paragraphs, simple tables and bar strips, new
 * pages as needed. Enough for reports (dashboard, chronicle) without a layout engine.
 */
export class TextPdf {
  private page!: PDFPage;
  private y = 0;
  private pageNo = 0;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly latin: PDFFont,
    private readonly footer: string,
  ) {
    this.newPage();
  }

  static async create(title: string, footer: string): Promise<TextPdf> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    doc.setTitle(title);
    doc.setProducer('Xinghuo');
    const font = await doc.embedFont(cjkFont(), { subset: true });
    const latin = await doc.embedFont(StandardFonts.Helvetica);
    return new TextPdf(doc, font, latin, footer);
  }

  private width(text: string, size: number): number {
    return runs(text).reduce(
      (w, r) => w + (r.latin ? this.latin : this.font).widthOfTextAtSize(r.text, size),
      0,
    );
  }

  private draw(
    text: string,
    options: { x: number; y: number; size: number; color?: ReturnType<typeof rgb> },
  ): void {
    let x = options.x;
    for (const r of runs(text)) {
      const font = r.latin ? this.latin : this.font;
      this.page.drawText(r.text, { ...options, x, font });
      x += font.widthOfTextAtSize(r.text, options.size);
    }
  }

  private newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pageNo += 1;
    this.y = A4.height - MARGIN;
    this.draw(`${this.footer} · ${this.pageNo}`, {
      x: MARGIN,
      y: 24,
      size: 8,
      color: GREY,
    });
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  /** Splits text into lines that fit `width` at `size`, breaking anywhere (Chinese has no spaces). */
  private wrap(text: string, size: number, width: number): string[] {
    const out: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const ch of paragraph) {
        if (this.width(line + ch, size) > width && line) {
          out.push(line);
          line = '';
        }
        line += ch;
      }
      out.push(line);
    }
    return out;
  }

  heading(text: string, size = 16): void {
    this.ensure(size + 14);
    this.y -= size + 6;
    this.draw(text, { x: MARGIN, y: this.y, size, color: ACCENT });
    this.y -= 8;
  }

  paragraph(text: string, size = 10, options: { grey?: boolean; indent?: number } = {}): void {
    const indent = options.indent ?? 0;
    for (const line of this.wrap(text, size, A4.width - 2 * MARGIN - indent)) {
      this.ensure(size + 5);
      this.y -= size + 5;
      this.draw(line, {
        x: MARGIN + indent,
        y: this.y,
        size,
        ...(options.grey ? { color: GREY } : {}),
      });
    }
  }

  gap(points = 8): void {
    this.y -= points;
  }

  /** Rows of cells in fixed column shares of the width; the first row is the header. */
  table(rows: string[][], shares: number[], size = 9): void {
    const width = A4.width - 2 * MARGIN;
    rows.forEach((row, index) => {
      this.ensure(size + 7);
      this.y -= size + 7;
      let x = MARGIN;
      row.forEach((cell, i) => {
        const w = width * (shares[i] ?? 0);
        let text = cell;
        while (text.length > 1 && this.width(text, size) > w - 4) text = text.slice(0, -1);
        this.draw(text, {
          x,
          y: this.y,
          size,
          ...(index === 0 ? { color: GREY } : {}),
        });
        x += w;
      });
      if (index === 0) {
        this.page.drawLine({
          start: { x: MARGIN, y: this.y - 3 },
          end: { x: MARGIN + width, y: this.y - 3 },
          thickness: 0.5,
          color: GREY,
        });
      }
    });
  }

  /** A labelled strip of bars (a small trend chart), nulls left empty. */
  bars(label: string, values: Array<number | null>, caption: string): void {
    const height = 34;
    this.ensure(height + 18);
    this.y -= 12;
    this.draw(label, { x: MARGIN, y: this.y, size: 9 });
    this.draw(caption, { x: MARGIN + 300, y: this.y, size: 8, color: GREY });
    this.y -= height + 4;
    const max = Math.max(1, ...values.map((v) => v ?? 0));
    const slot = 300 / Math.max(1, values.length);
    values.forEach((v, i) => {
      if (v == null) return;
      const h = Math.max(0.5, (v / max) * height);
      this.page.drawRectangle({
        x: MARGIN + i * slot,
        y: this.y,
        width: slot * 0.7,
        height: h,
        color: ACCENT,
      });
    });
  }

  /**
   * A QR code `side` points square at the left margin, the caption lines beside it. Drawn as a
   * one-pixel-per-module greyscale image (as the pass cards are), which viewers scale unsmoothed.
   */
  qr(text: string, side: number, caption: string[] = []): void {
    this.ensure(side + 8);
    this.y -= side + 4;
    const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = code.modules.size;
    const quiet = 4;
    const size = n + quiet * 2;
    const pixels = new Uint8Array(size * size).fill(255);
    for (let y = 0; y < n; y += 1)
      for (let x = 0; x < n; x += 1)
        if (code.modules.data[y * n + x]) pixels[(y + quiet) * size + x + quiet] = 0;
    const image = this.doc.context.stream(deflateSync(pixels), {
      Filter: 'FlateDecode',
      Type: 'XObject',
      Subtype: 'Image',
      Width: size,
      Height: size,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Interpolate: false,
    });
    const key = this.page.node.newXObject(
      `QR${this.pageNo}_${Math.round(this.y)}`,
      this.doc.context.register(image),
    );
    this.page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(side, 0, 0, side, MARGIN, this.y),
      drawObject(key),
      popGraphicsState(),
    );
    caption.forEach((line, i) => {
      this.draw(line, { x: MARGIN + side + 12, y: this.y + side - 14 - i * 16, size: 11 });
    });
    this.y -= 4;
  }

  async save(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
