import { CSV_BOM, csvCell, csvLine, customerCsvStream, exportFileName, formatMinorUnits } from './customer-csv-export.js';
import type { CustomerResponseDto } from './dto/customer-response.dto.js';

describe('CSV cells', () => {
  it('quotes per RFC 4180 only when needed, doubling quotes', () => {
    expect(csvCell('王小红')).toBe('王小红');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('+8613812345678')).toBe("'+8613812345678");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('=1,2')).toBe('"\'=1,2"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', null, 'b c'])).toBe('a,,b c\r\n');
  });
});

describe('the rest', () => {
  it('formats minor units exactly in the currency\'s digits', () => {
    expect(formatMinorUnits(12800, 'CNY')).toBe('128.00');
    expect(formatMinorUnits(5, 'CNY')).toBe('0.05');
    expect(formatMinorUnits(0, 'CNY')).toBe('0.00');
    expect(formatMinorUnits(500, 'JPY')).toBe('500');
    expect(formatMinorUnits(123456789012, 'CNY')).toBe('1234567890.12');
  });

  it('names the file after the day', () => {
    expect(exportFileName('2026-11-22')).toBe('customers-20261122.csv');
  });

  it('streams the BOM and header, then batches until an empty one', async () => {
    const customer = (name: string) =>
      ({ id: name, name, phone: null, email: null, gender: null, birthday: null, source: 'walk_in', homeStoreId: null, tags: ['VIP', 'x'], status: 'active',
        figures: { visitCount: 1, firstVisitAt: null, lastVisitAt: null, totalSpend: { amount: 100, currency: 'CNY' }, averageTicket: null, noShowCount: 0 },
        notes: null, createdAt: new Date('2026-01-01T00:00:00Z') }) as unknown as CustomerResponseDto;
    const batches = [[customer('b')], []];
    const text = (await customerCsvStream([customer('a')], async () => batches.shift() ?? []).toArray()).map(String).join('');
    const lines = text.split('\r\n');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(lines[0]).toBe(`${CSV_BOM}id,name,phone,email,gender,birthday,source,homeStoreId,tags,status,visitCount,lastVisitAt,totalSpend,currency,notes,createdAt`);
    expect(lines.slice(1)).toEqual(['a,a,,,,,walk_in,,VIP; x,active,1,,1.00,CNY,,2026-01-01T00:00:00.000Z', 'b,b,,,,,walk_in,,VIP; x,active,1,,1.00,CNY,,2026-01-01T00:00:00.000Z', '']);
    expect(batches).toEqual([]);
  });
});
