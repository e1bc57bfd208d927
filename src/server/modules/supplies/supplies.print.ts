import ExcelJS from 'exceljs';
import type { Movement, Waybill } from '../../../contracts/supplies.ts';
import { TextPdf } from '../../core/pdf/index.ts';

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const KIND_LABEL: Record<Movement['kind'], string> = {
  receive: '入库',
  transfer_out: '调出',
  transfer_in: '调入',
  allocate: '分配',
  dispatch: '发运',
  deliver: '签收',
  adjust: '盘点调整',
  write_off: '报损',
  correct: '更正',
  release: '取消分配',
};

/**
 * The waybill that travels with the goods: what, how many, from where to whom, the six-digit
 * sign-off code and a QR opening the receiver's sign-off page, with lines to sign on paper.
 */
export async function waybillPdf(
  data: { waybill: Waybill; needSource: string; storeAddress: string },
  url: string,
): Promise<Uint8Array> {
  const w = data.waybill;
  const pdf = await TextPdf.create(`物资运单 No.${w.id}`, `星火 · 物资运单 No.${w.id}`);
  pdf.heading(`营口市捐赠物资运单 No.${w.id}`, 18);
  pdf.paragraph(`发运时间 ${beijing(w.createdAt)}`, 10, { grey: true });
  pdf.gap(6);
  pdf.table(
    [
      ['物资', '数量', '发出仓库', '接收单位'],
      [w.itemName, `${w.quantity} ${w.unit}`, w.storeName, w.requester],
    ],
    [0.3, 0.2, 0.25, 0.25],
    11,
  );
  pdf.gap(6);
  pdf.paragraph(`仓库地址：${data.storeAddress || '—'}`);
  pdf.paragraph(`需求来源：${data.needSource}`);
  pdf.gap(10);
  pdf.qr(url, 120, ['收货方扫码签收', `签收码 ${w.code ?? ''}`, '或在下方签字后拍照上传']);
  pdf.gap(24);
  pdf.paragraph('收货人签字：____________________    日期：____________');
  pdf.gap(16);
  pdf.paragraph('送货人签字：____________________    电话：____________');
  return pdf.save();
}

export interface CertificateData {
  donor: { id: number; name: string; kind: string };
  lines: Array<{
    itemName: string;
    unit: string;
    standard: string;
    quantity: number;
    first: number;
    last: number;
  }>;
  place: string;
}

/** 捐赠证明: what the ledger holds as received from this donor, corrections included. */
export async function certificatePdf(data: CertificateData): Promise<Uint8Array> {
  const pdf = await TextPdf.create('捐赠证明', `星火 · 捐赠证明 No.D${data.donor.id}`);
  pdf.heading('捐 赠 证 明', 22);
  pdf.gap(8);
  pdf.paragraph(`${data.donor.name}：`, 13);
  pdf.gap(4);
  pdf.paragraph(
    `感谢您在新冠肺炎疫情防控期间向${data.place}捐赠下列物资。以下数量为登记入库的实收数量（已计入更正），特此证明。`,
    12,
  );
  pdf.gap(8);
  pdf.table(
    [
      ['物资', '标准', '数量', '入库日期'],
      ...data.lines.map((l) => [
        l.itemName,
        l.standard || '—',
        `${l.quantity} ${l.unit}`,
        l.first === l.last
          ? beijing(l.first).slice(0, 10)
          : `${beijing(l.first).slice(0, 10)} 至 ${beijing(l.last).slice(0, 10)}`,
      ]),
    ],
    [0.28, 0.24, 0.2, 0.28],
    11,
  );
  pdf.gap(24);
  pdf.paragraph(`${data.place}疫情防控指挥部`, 12);
  pdf.paragraph(`开具日期 ${beijing(Date.now()).slice(0, 10)}`, 10, { grey: true });
  return pdf.save();
}

/** The ledger as a workbook: one row per movement, signed effect on the balance beside it. */
export async function ledgerWorkbook(rows: Movement[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.columns = [
    { header: '流水号', key: 'id', width: 10 },
    { header: '时间', key: 'at', width: 18 },
    { header: '类型', key: 'kind', width: 10 },
    { header: '仓库', key: 'store', width: 20 },
    { header: '物资', key: 'item', width: 20 },
    { header: '数量', key: 'quantity', width: 10 },
    { header: '库存变化', key: 'onHand', width: 10 },
    { header: '分配变化', key: 'allocated', width: 10 },
    { header: '需求', key: 'need', width: 8 },
    { header: '更正', key: 'corrects', width: 8 },
    { header: '原因', key: 'reason', width: 24 },
  ];
  for (const m of rows)
    ws.addRow({
      id: m.id,
      at: beijing(m.createdAt),
      kind: KIND_LABEL[m.kind],
      store: m.storeName,
      item: m.itemName,
      quantity: m.quantity,
      onHand: m.onHandDelta,
      allocated: m.allocatedDelta,
      need: m.needId,
      corrects: m.correctsId,
      reason: m.reason,
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
