import { randomBytes } from 'node:crypto';
import type { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError } from '../../../common/errors/index.js';
import { xlsxStream, xlsxToCsv } from './customer-xlsx.js';

describe('xlsxToCsv', () => {
  it('turns the first sheet into CSV text, one line per Excel row, cells as the text Excel shows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('one');
    sheet.getRow(1).values = ['name', 'phone', 'birthday', 'notes'];
    sheet.getRow(2).values = [{ richText: [{ text: '王' }, { text: '小红' }] }, 13812345678, new Date(Date.UTC(1992, 4, 12)), 'two\nlines, "quoted"'];
    sheet.getRow(4).values = ['Li', '+8613912345678', { formula: '1+1', result: 2 }, true];
    sheet.getColumn(3).numFmt = 'yyyy-mm-dd';
    workbook.addWorksheet('two').addRow(['ignored']);
    const csv = await xlsxToCsv(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(csv).toBe('name,phone,birthday,notes\r\n王小红,13812345678,1992-05-12,"two\nlines, ""quoted"""\r\n\r\nLi,+8613912345678,2,true\r\n');
  });

  it('refuses bytes that are not a workbook', async () => {
    await expect(xlsxToCsv(Buffer.from('name,phone\n'))).rejects.toBeInstanceOf(DomainError);
    await expect(xlsxToCsv(Buffer.from('PK\u0003\u0004 broken'))).rejects.toMatchObject({ code: 'customer_import.bad_xlsx' });
  });
});

describe('xlsxStream', () => {
  it('fetches the next batch only as the zip takes the rows, so a client that does not read holds the export', async () => {
    // Random text does not compress: each batch of 1,000 rows is about a megabyte of zipped sheet.
    const rows = () => Array.from({ length: 1000 }, () => randomBytes(512).toString('hex'));
    let batches = 0;
    const stream = xlsxStream(
      'S',
      [{ header: 'value', width: 60 }],
      (row: string) => [row],
      rows(),
      async () => {
        batches += 1;
        return batches < 20 ? rows() : [];
      },
    ) as PassThrough;
    // Nobody reads: the output fills…
    const deadline = Date.now() + 30_000;
    while (!stream.writableNeedDrain && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stream.writableNeedDrain).toBe(true);
    // …and the export stops fetching: without the pacing it would run through all 20 batches in a few turns.
    for (let i = 0; i < 1000; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toBeLessThan(19);

    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(batches).toBe(20);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
    expect(workbook.getWorksheet('S')!.rowCount).toBe(1 + 20_000);
  }, 60_000);
});
