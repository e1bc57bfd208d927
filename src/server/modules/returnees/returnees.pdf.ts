import type { Measure } from '../../../contracts/returnees.ts';
import { TextPdf } from '../../core/pdf/index.ts';

const MEASURE_NAMES: Record<Measure, string> = {
  central: '集中隔离',
  home: '居家隔离',
  monitoring: '健康监测',
};

export interface ReleaseCertificate {
  number: string;
  name: string;
  idNumber: string;
  nodeName: string;
  measure: Measure;
  startDay: string;
  endDay: string;
  releasedDay: string;
}

/**
 * 解除隔离证明: numbered, CJK font embedded (subset, through TextPdf), and a QR to the public check
 * carrying the Ed25519 signature; the PDF is a rendering, the signed record is what a gate trusts.
 */
export async function releaseCertificatePdf(
  cert: ReleaseCertificate,
  verifyUrl: string,
): Promise<Uint8Array> {
  const pdf = await TextPdf.create(`解除隔离证明 ${cert.number}`, `解除隔离证明 ${cert.number}`);
  pdf.heading('解除隔离证明', 22);
  pdf.paragraph('Certificate of Release from Isolation', 12, { grey: true });
  pdf.gap(6);
  pdf.paragraph(`编号 No.: ${cert.number}`, 11);
  pdf.gap(10);
  for (const [label, value] of [
    ['姓名', cert.name],
    ['身份证号', cert.idNumber],
    ['所在村（社区）', cert.nodeName],
    ['措施', MEASURE_NAMES[cert.measure]],
    ['隔离期', `${cert.startDay} 至 ${cert.endDay}`],
    ['解除日期', cert.releasedDay],
  ])
    pdf.paragraph(`${label}：${value}`, 12);
  pdf.gap(10);
  pdf.paragraph(
    `兹证明上述人员已按规定完成${MEASURE_NAMES[cert.measure]}，期间随访体温与症状正常，于 ${cert.releasedDay} 解除隔离。`,
    11,
  );
  pdf.gap(16);
  pdf.qr(verifyUrl, 120, ['扫码核验 Scan to verify', `编号 ${cert.number}`]);
  return pdf.save();
}
