import type { Receipt } from './receipt.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A printable page (80 mm receipt printers and A4 alike): everything escaped, no script, no outside resource. */
export function receiptHtml(receipt: Receipt): string {
  const lines = receipt.lines
    .map(
      (line) =>
        `<tr><td>${esc(line.name)}${line.staff ? `<div class="staff">服务人员：${esc(line.staff)}</div>` : ''}${line.discount ? `<div class="staff">优惠 ${esc(line.discount)}</div>` : ''}</td>` +
        `<td class="n">${line.quantity}</td><td class="n">${esc(line.unitPrice)}</td><td class="n">${esc(line.amount)}</td></tr>`,
    )
    .join('\n');
  const totals = receipt.totals.map(([label, amount]) => `<tr><th>${esc(label)}</th><td class="n">${esc(amount)}</td></tr>`).join('\n');
  const payments = receipt.payments.length
    ? receipt.payments
        .map(
          (p) =>
            `<tr><td>${esc(p.method)}</td><td class="n">${esc(p.amount)}</td><td class="n">${p.tendered ? `实收 ${esc(p.tendered)}` : ''}${p.change ? ` 找零 ${esc(p.change)}` : ''}</td><td class="n">${esc(p.at)}</td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="4">尚无付款</td></tr>';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(receipt.title)} ${esc(receipt.number)}</title>
<style>
  body { font-family: "PingFang SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; max-width: 80mm; margin: 0 auto; font-size: 12px; }
  h1, h2 { text-align: center; margin: 4px 0; } h1 { font-size: 16px; } h2 { font-size: 14px; }
  table { width: 100%; border-collapse: collapse; margin: 6px 0; } th { text-align: left; font-weight: normal; }
  td, th { padding: 2px 0; vertical-align: top; } .n { text-align: right; white-space: nowrap; } .staff { color: #555; font-size: 11px; }
  .store { text-align: center; } hr { border: 0; border-top: 1px dashed #000; }
  @media print { @page { margin: 4mm; } }
</style>
</head>
<body>
<h1>${esc(receipt.store.name)}</h1>
<div class="store">${esc(receipt.store.address)}<br>电话：${esc(receipt.store.phone)}</div>
<h2>${esc(receipt.title)}</h2>
<div>单号：${esc(receipt.number)}</div>
<div>时间：${esc(receipt.at)}</div>
<hr>
<table><thead><tr><th>项目</th><th class="n">数量</th><th class="n">单价</th><th class="n">金额</th></tr></thead>
<tbody>
${lines}
</tbody></table>
<hr>
<table><tbody>
${totals}
</tbody></table>
<hr>
<table><thead><tr><th>付款方式</th><th class="n">金额</th><th class="n"></th><th class="n">时间</th></tr></thead>
<tbody>
${payments}
</tbody></table>
<hr>
<div class="store">谢谢惠顾，欢迎再次光临</div>
</body>
</html>
`;
}
