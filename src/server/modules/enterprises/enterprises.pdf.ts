import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Certificate } from '../../../contracts/enterprises.ts';

let fontBytes: Buffer | undefined;
function cjkFont(): Buffer {
  fontBytes ??= readFileSync(join(process.cwd(), 'data/fonts/DroidSansFallback.ttf'));
  return fontBytes;
}

function day(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The page a scanned QR opens: the public verification of this number. */
export function verifyUrl(origin: string, number: string): string {
  return `${origin}/verify/fm/${encodeURIComponent(number)}`;
}

/**
 * The numbered certificate in Chinese and English with the CJK font embedded (subset), the
 * evidence digests listed, and a QR to the public verification page. The PDF is a rendering; the
 * signed record behind the QR is what a verifier trusts.
 */
export async function certificatePdf(cert: Certificate, origin: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`不可抗力事实性证明 ${cert.number ?? ''}`);
  doc.setCreator('Xinghuo 星火');
  const font = await doc.embedFont(cjkFont(), { subset: true });
  const page = doc.addPage([595.28, 841.89]);
  let y = 780;
  const line = (text: string, size = 11, x = 56) => {
    page.drawText(text, { x, y, size, font });
    y -= size + 8;
  };
  page.drawText('不可抗力事实性证明', { x: 56, y, size: 22, font, color: rgb(0.7, 0.1, 0.1) });
  y -= 26;
  line('Certificate of Force Majeure (Factual Statement)', 13);
  line(`编号 No.: ${cert.number ?? '（未出具 not issued）'}`, 11);
  y -= 6;
  line(`申请企业 Applicant: ${cert.enterpriseName}`);
  line(`合同 Contracts: ${cert.contracts.join(', ')}`);
  line(`合同相对方 Counterparty: ${cert.counterparty}（${cert.country}）`);
  line(`受影响期间 Period affected: ${day(cert.affectedFrom)} — ${day(cert.affectedUntil)}`);
  line('受影响义务 Obligation affected:');
  for (let i = 0; i < cert.obligation.length; i += 40) line(cert.obligation.slice(i, i + 40), 10, 72);
  y -= 6;
  line('证据（SHA-256 摘要） Evidence (SHA-256 digests):');
  for (const e of cert.evidence) {
    line(`· ${e.title}`, 10, 72);
    line(e.sha256, 7, 84);
  }
  y -= 6;
  if (cert.signed) {
    line(`出具机构 Issuer: ${cert.signed.credential.issuer.name}`);
    line(
      `出具日期 Issued: ${day(cert.signed.credential.validFrom)}    报备号 Council ref.: ${cert.councilReference ?? ''}`,
    );
    line(`签名 Ed25519 signature: ${cert.signed.signature.slice(0, 43)}…`, 8);
    const qr = await QRCode.toBuffer(verifyUrl(origin, cert.number!), {
      errorCorrectionLevel: 'M',
      margin: 2,
      scale: 4,
    });
    const image = await doc.embedPng(qr);
    page.drawImage(image, { x: 420, y: 60, width: 120, height: 120 });
    page.drawText('扫码核验 Scan to verify', { x: 420, y: 46, size: 9, font });
  }
  if (cert.status === 'revoked') {
    page.drawText('已撤销 REVOKED', { x: 56, y: 120, size: 28, font, color: rgb(0.8, 0, 0) });
  }
  return doc.save();
}
