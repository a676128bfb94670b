import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Receipt } from './receipt.js';

/**
 * Noto Sans SC (SIL Open Font License) from the `@embedpdf/fonts-sc` package, so a clean `npm ci` has it;
 * pdfkit embeds only the glyphs a receipt uses (a few kB), with a ToUnicode map so its text can be copied.
 */
const FONT_FILE = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
let font: fontkit.Font | undefined;
/**
 * Opened once, on the first receipt (not at boot): fontkit reads a CFF font's glyph programs lazily, so the
 * first subset costs over a second and later ones on the same object a fraction of that.
 */
const cjkFont = () => (font ??= fontkit.create(readFileSync(FONT_FILE)) as fontkit.Font);

/** 80 mm wide, as counter receipt printers print; tall enough for the lines. */
const WIDTH = 227;
const MARGIN = 12;

/** The receipt as a PDF: the same content as its HTML. */
export function receiptPdf(receipt: Receipt): Promise<Buffer> {
  const rows = receipt.lines.length * 2 + receipt.totals.length + Math.max(1, receipt.payments.length) * 2 + 14;
  const doc = new PDFDocument({ size: [WIDTH, 40 + rows * 15], margin: MARGIN, info: { Title: `${receipt.title} ${receipt.number}`, Author: receipt.store.name } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const inner = WIDTH - 2 * MARGIN;
  // pdfkit takes a fontkit font as it is (anything with `layout`); its types name only files and buffers.
  doc.registerFont('cjk', cjkFont() as unknown as Buffer).font('cjk');
  doc.fontSize(13).text(receipt.store.name, { align: 'center', width: inner });
  doc.fontSize(8).text(receipt.store.address, { align: 'center', width: inner });
  doc.text(`电话：${receipt.store.phone}`, { align: 'center', width: inner });
  doc.moveDown(0.5).fontSize(11).text(receipt.title, { align: 'center', width: inner });
  doc.fontSize(8).text(`单号：${receipt.number}`).text(`时间：${receipt.at}`);
  const rule = () => {
    doc.moveDown(0.3);
    doc
      .moveTo(MARGIN, doc.y)
      .lineTo(WIDTH - MARGIN, doc.y)
      .dash(2, { space: 2 })
      .stroke()
      .undash();
    doc.moveDown(0.3);
  };
  /** Text on the left, an amount on the right of the same row. */
  const row = (left: string, right: string) => {
    const y = doc.y;
    doc.text(left, MARGIN, y, { width: inner * 0.62 });
    const after = doc.y;
    doc.text(right, MARGIN + inner * 0.62, y, { width: inner * 0.38, align: 'right' });
    doc.x = MARGIN;
    doc.y = Math.max(after, doc.y);
  };
  rule();
  for (const line of receipt.lines) {
    row(line.name, line.amount);
    doc.fillColor('#444');
    row(`  ${line.quantity} × ${line.unitPrice}${line.staff ? `  服务人员：${line.staff}` : ''}`, line.discount ? `优惠 ${line.discount}` : '');
    doc.fillColor('#000');
  }
  rule();
  for (const [label, amount] of receipt.totals) row(label, amount);
  rule();
  if (receipt.payments.length === 0) doc.text('尚无付款');
  for (const payment of receipt.payments) {
    row(`${payment.method}  ${payment.at}`, payment.amount);
    if (payment.tendered || payment.change) row(`  ${payment.tendered ? `实收 ${payment.tendered}` : ''}`, payment.change ? `找零 ${payment.change}` : '');
  }
  rule();
  doc.text('谢谢惠顾，欢迎再次光临', { align: 'center', width: inner });
  doc.end();
  return done;
}
