import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

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

  async save(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
