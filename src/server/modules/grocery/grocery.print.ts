import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import ExcelJS from 'exceljs';
import { type Color, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Packing, Shop } from '../../../contracts/grocery.ts';

let fontBytes: Buffer | undefined;
function cjkFont(): Buffer {
  fontBytes ??= readFileSync(join(process.cwd(), 'data/fonts/DroidSansFallback.ttf'));
  return fontBytes;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 36;
const ROW_H = 58;

interface Fonts {
  cjk: PDFFont;
  latin: PDFFont;
}

/** Runs of ASCII and of everything else: the fallback CJK font carries no Latin digits of its own. */
function runs(text: string, fonts: Fonts): Array<{ text: string; font: PDFFont }> {
  return (text.match(/[\x20-\x7e]+|[^\x20-\x7e]+/g) ?? []).map((t) => ({
    text: t,
    font: /^[\x20-\x7e]/.test(t) ? fonts.latin : fonts.cjk,
  }));
}

function widthOf(fonts: Fonts, text: string, size: number): number {
  return runs(text, fonts).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
}

function fitText(fonts: Fonts, text: string, size: number, width: number): string {
  let t = text;
  while (t.length > 1 && widthOf(fonts, t, size) > width) t = t.slice(0, -1);
  return t;
}

function drawMixed(
  page: PDFPage,
  fonts: Fonts,
  text: string,
  at: { x: number; y: number; size: number; width: number; color?: Color },
) {
  let x = at.x;
  for (const r of runs(fitText(fonts, text, at.size, at.width), fonts)) {
    page.drawText(r.text, { x, y: at.y, size: at.size, font: r.font, color: at.color ?? rgb(0, 0, 0) });
    x += r.font.widthOfTextAtSize(r.text, at.size);
  }
}

/**
 * The contact sheet posted in a compound: every shop delivering there with its phone, hours and
 * free-delivery mark, and a QR to the same directory online (it stays current after the print).
 */
export async function directorySheet(place: string, shops: Shop[], url: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`${place} 保供超市联系表`);
  doc.setCreator('Xinghuo 星火');
  const fonts: Fonts = {
    cjk: await doc.embedFont(cjkFont(), { subset: true }),
    latin: await doc.embedFont(StandardFonts.Helvetica),
  };
  const qr = await doc.embedPng(
    await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, scale: 4 }),
  );
  const width = A4[0] - MARGIN * 2;
  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const header = () => {
    drawMixed(page, fonts, `${place} 保供超市联系表`, { x: MARGIN, y: y - 22, size: 20, width: width - 110 });
    drawMixed(page, fonts, '平价保供  免费配送  扫码查看最新名录', {
      x: MARGIN,
      y: y - 44,
      size: 10,
      width,
      color: rgb(0.35, 0.35, 0.35),
    });
    page.drawImage(qr, { x: A4[0] - MARGIN - 90, y: y - 92, width: 90, height: 90 });
    y -= 110;
  };
  header();
  if (shops.length === 0)
    drawMixed(page, fonts, '暂无登记的保供超市', { x: MARGIN, y: y - 20, size: 12, width });
  for (const shop of shops) {
    if (y - ROW_H < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
      header();
    }
    page.drawLine({
      start: { x: MARGIN, y },
      end: { x: MARGIN + width, y },
      thickness: 0.5,
      color: rgb(0.7, 0.7, 0.7),
    });
    drawMixed(page, fonts, shop.name, { x: MARGIN, y: y - 20, size: 14, width: width - 160 });
    drawMixed(page, fonts, shop.phone, { x: MARGIN + width - 150, y: y - 20, size: 14, width: 150 });
    const terms = [
      shop.freeDelivery ? '免费配送' : '配送收费',
      shop.minOrder > 0 ? `起送 ${shop.minOrder} 元` : '不设起送',
      shop.hours,
    ]
      .filter(Boolean)
      .join('  ');
    drawMixed(page, fonts, `${shop.address}  ${terms}`, {
      x: MARGIN,
      y: y - 40,
      size: 10,
      width,
      color: rgb(0.3, 0.3, 0.3),
    });
    y -= ROW_H;
  }
  return doc.save({ useObjectStreams: true });
}

export async function directoryWorkbook(shops: Shop[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('保供超市');
  sheet.columns = [
    { header: '名称', key: 'name', width: 24 },
    { header: '类型', key: 'kind', width: 10 },
    { header: '地址', key: 'address', width: 32 },
    { header: '电话', key: 'phone', width: 16 },
    { header: '免费配送', key: 'free', width: 10 },
    { header: '起送金额（元）', key: 'min', width: 14 },
    { header: '营业时间', key: 'hours', width: 16 },
  ];
  for (const s of shops)
    sheet.addRow({
      name: s.name,
      kind: s.kind === 'supplier' ? '供应商' : '超市',
      address: s.address,
      phone: s.phone,
      free: s.freeDelivery ? '是' : '否',
      min: s.minOrder,
      hours: s.hours,
    });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The supplier's packing sheet for one cycle, A4: totals per product, then per product the
 * households in walking order, then the quantities per pick-up point (compound → building).
 */
export async function packingSheet(packing: Packing): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const title = `${packing.cycle.shopName} · ${packing.cycle.name} 配货单`;
  doc.setTitle(title);
  doc.setCreator('Xinghuo 星火');
  const fonts: Fonts = {
    cjk: await doc.embedFont(cjkFont(), { subset: true }),
    latin: await doc.embedFont(StandardFonts.Helvetica),
  };
  const width = A4[0] - MARGIN * 2;
  const grey = rgb(0.35, 0.35, 0.35);
  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const line = (text: string, size = 10, indent = 0, color?: Color) => {
    if (y - size - 4 < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
    y -= size + 4;
    drawMixed(page, fonts, text, { x: MARGIN + indent, y, size, width: width - indent, color });
  };
  line(title, 16);
  line(
    `订单 ${packing.totals.orders} 单  件数 ${packing.totals.units}  金额 ${packing.totals.turnover.toFixed(2)} 元`,
    10,
    0,
    grey,
  );
  y -= 6;
  line('按商品合计', 13);
  for (const p of packing.products) line(`${p.name}  ${p.quantity} ${p.unit}`, 11, 12);
  y -= 6;
  line('按商品分户', 13);
  for (const p of packing.products) {
    line(`${p.name}（共 ${p.quantity} ${p.unit}）`, 11, 0);
    for (const h of p.households) line(`#${h.orderId}  ${h.household}  ${h.quantity} ${p.unit}`, 9, 16, grey);
  }
  y -= 6;
  line('按取货点（小区 / 楼栋）', 13);
  for (const point of packing.points) {
    line(`${point.compound} ${point.building}  ${point.orders} 单`, 11, 0);
    line(point.products.map((p) => `${p.name} ${p.quantity}`).join('，'), 9, 16, grey);
  }
  return doc.save();
}
