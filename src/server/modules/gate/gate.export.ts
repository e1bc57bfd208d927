import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Locale } from '../../../contracts/common.ts';
import type { Entry } from '../../../contracts/gate.ts';
import { passReasonText } from '../../../contracts/passes.ts';

const HEADER = ['时间', '小区', '门岗', '类别', '通道', '方向', '结果', '通行证', '房屋', '访客', '体温'];

function row(e: Entry, locale: Locale) {
  return [
    new Date(e.at + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19),
    e.compoundName,
    e.gate ?? '',
    e.kind === 'pass' ? '通行证' : '访客',
    e.lane === 'person' ? '人行' : '车行',
    e.direction === 'in' ? '进' : '出',
    passReasonText(e.result, locale),
    e.passId ?? '',
    e.household ?? '',
    e.visitor ?? '',
    e.temperature ?? '',
  ];
}

/**
 * The entry register as a streamed workbook. The first page is read before anything is returned,
 * so an access error still becomes an error answer rather than a broken download.
 */
export async function entriesWorkbook(pages: AsyncGenerator<Entry[]>, locale: Locale): Promise<Readable> {
  const first = await pages.next();
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = book.addWorksheet('出入登记');
  sheet.addRow(HEADER).commit();
  const write = async () => {
    let page = first;
    while (!page.done) {
      for (const e of page.value) sheet.addRow(row(e, locale)).commit();
      page = await pages.next();
    }
    sheet.commit();
    await book.commit();
  };
  write().catch((err) => out.destroy(err as Error));
  return out;
}
