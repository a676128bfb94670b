import { CSV_BOM, customerCsvCells, customerCsvStream, customerExportCells, CSV_COLUMNS, defuseFormula, exportFileName } from './customer-csv-export.js';
import type { CustomerResponseDto } from '../dto/customer-response.dto.js';

describe('formula guard', () => {
  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(defuseFormula("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(defuseFormula('-1')).toBe("'-1");
    expect(defuseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(defuseFormula('\t=1')).toBe("'\t=1");
    expect(defuseFormula('\r=1')).toBe("'\r=1");
    expect(defuseFormula('+1+cmd')).toBe("'+1+cmd");
    expect(defuseFormula('a=b')).toBe('a=b');
    expect(defuseFormula(null)).toBe('');
    expect(defuseFormula(12)).toBe('12');
  });

  it('leaves a phone number in E.164 form as it is: it is not a formula', () => {
    expect(defuseFormula('+8613812345678')).toBe('+8613812345678');
    expect(defuseFormula('+14155550123')).toBe('+14155550123');
    // anything more than digits after the + is guarded again
    expect(defuseFormula('+86 138 1234 5678')).toBe("'+86 138 1234 5678");
    expect(defuseFormula('+8613812345678+SUM(1)')).toBe("'+8613812345678+SUM(1)");
    expect(defuseFormula('+0123456789')).toBe("'+0123456789");
  });
});

describe('the rest', () => {
  it("writes the spend exactly in the currency's digits (text in CSV, a number in the workbook)", () => {
    const spent = (amount: number, currency: string) =>
      ({
        tags: [],
        consents: { sms: null, email: null, wechat: null },
        figures: { visitCount: 0, lastVisitAt: null, totalSpend: { amount, currency } },
      }) as unknown as CustomerResponseDto;
    const column = CSV_COLUMNS.indexOf('totalSpend');
    expect(customerCsvCells(spent(12800, 'CNY'))[column]).toBe('128.00');
    expect(customerCsvCells(spent(5, 'CNY'))[column]).toBe('0.05');
    expect(customerCsvCells(spent(500, 'JPY'))[column]).toBe('500');
    expect(customerCsvCells(spent(123456789012, 'CNY'))[column]).toBe('1234567890.12');
    expect(customerExportCells(spent(12850, 'CNY'))[column]).toBe(128.5);
  });

  it('names the file after the day', () => {
    expect(exportFileName('2026-11-22')).toBe('customers-20261122.csv');
    expect(exportFileName('2026-11-22', 'xlsx')).toBe('customers-20261122.xlsx');
  });

  it('streams the BOM and header, then batches until an empty one', async () => {
    const customer = (name: string) =>
      ({
        id: name,
        name,
        phone: null,
        email: null,
        gender: null,
        birthday: null,
        source: 'walk_in',
        homeStoreId: null,
        tags: ['VIP', 'x'],
        status: 'active',
        figures: {
          visitCount: 1,
          firstVisitAt: null,
          lastVisitAt: null,
          totalSpend: { amount: 100, currency: 'CNY' },
          averageTicket: null,
          noShowCount: 0,
          lateCancellationCount: 0,
        },
        consents: {
          sms: { granted: true, at: '2026-01-02T03:04:05.000Z', method: 'import' },
          email: null,
          wechat: { granted: false, at: '2026-01-03T00:00:00.000Z', method: 'in_store_form' },
        },
        notes: name === 'b' ? 'two\nlines, "quoted"' : null,
        createdAt: new Date('2026-01-01T00:00:00Z'),
      }) as unknown as CustomerResponseDto;
    const batches = [[customer('b')], []];
    const text = (await customerCsvStream([customer('a')], async () => batches.shift() ?? []).toArray()).map(String).join('');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const consents = 'yes,2026-01-02T03:04:05.000Z,,,no,2026-01-03T00:00:00.000Z';
    expect(text).toBe(
      `${CSV_BOM}id,name,phone,email,gender,birthday,source,homeStoreId,tags,smsConsent,smsConsentAt,emailConsent,emailConsentAt,wechatConsent,wechatConsentAt,` +
        'status,visitCount,lastVisitAt,totalSpend,currency,notes,createdAt\r\n' +
        `a,a,,,,,walk_in,,VIP; x,${consents},active,1,,1.00,CNY,,2026-01-01T00:00:00.000Z\r\n` +
        `b,b,,,,,walk_in,,VIP; x,${consents},active,1,,1.00,CNY,"two\nlines, ""quoted""",2026-01-01T00:00:00.000Z\r\n`,
    );
    expect(batches).toEqual([]);
  });
});
