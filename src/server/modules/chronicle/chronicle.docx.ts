import { zipStore } from '../archives/index.ts';

export interface DocxParagraph {
  text: string;
  /** Font size in points. */
  size?: number;
  bold?: boolean;
  grey?: boolean;
  /** Space after the paragraph, in points. */
  after?: number;
}

/** Drops what XML 1.0 forbids (C0 controls other than tab, newline, carriage return) and escapes markup. */
function xmlText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') || code === 0xfffe || code === 0xffff)
      continue;
    out += ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch;
  }
  return out;
}

function paragraph(p: DocxParagraph): string {
  const run = [
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="SimSun"/>',
    p.bold ? '<w:b/>' : '',
    p.grey ? '<w:color w:val="666666"/>' : '',
    `<w:sz w:val="${Math.round((p.size ?? 10.5) * 2)}"/>`,
    '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>',
  ].join('');
  return `<w:p><w:pPr><w:spacing w:after="${Math.round((p.after ?? 4) * 20)}"/></w:pPr><w:r><w:rPr>${run}</w:rPr><w:t xml:space="preserve">${xmlText(p.text)}</w:t></w:r></w:p>`;
}

/**
 * A .docx of plain paragraphs, written as the three OOXML parts Word, WPS and LibreOffice need
 * (decision 0504): no template, no styles part, direct run formatting, so the editors of a
 * chronicle can take it on in a word processor. Each line of a paragraph's text becomes its own
 * paragraph, as the chronicle's lines are.
 */
export function docxDocument(paragraphs: DocxParagraph[]): Buffer {
  const body = paragraphs
    .flatMap((p) => p.text.split('\n').map((text) => paragraph({ ...p, text })))
    .join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1247" w:bottom="1440" w:left="1247" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`;
  const types = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
  return zipStore([
    { name: '[Content_Types].xml', data: Buffer.from(types) },
    { name: '_rels/.rels', data: Buffer.from(rels) },
    { name: 'word/document.xml', data: Buffer.from(document) },
  ]);
}
