import { DomainError } from '../../../common/errors/index.js';
import { cleanCell, columnOf, decodeCsv, detectDelimiter, firstRowByPhone, mapColumns, normaliseDate, parseCsv, readImportText, rowInput } from './customer-csv.js';

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
  return undefined;
};

describe('decodeCsv', () => {
  it('reads UTF-8, with or without a BOM', () => {
    expect(decodeCsv(Buffer.from('姓名,手机号\n王小红,13812345678\n'))).toBe('姓名,手机号\n王小红,13812345678\n');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,phone')]))).toBe('name,phone');
  });

  it('reads GB18030/GBK (what Excel on Chinese Windows saves as "CSV") and UTF-16 with a BOM', () => {
    // 姓名,手机号 in GBK
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xca, 0xd6, 0xbb, 0xfa, 0xba, 0xc5]);
    expect(decodeCsv(gbk)).toBe('姓名,手机号');
    // 㐀 (outside GBK) in GB18030's four-byte form
    expect(decodeCsv(Buffer.from([0x81, 0x39, 0xee, 0x39]))).toBe('㐀');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名,phone', 'utf16le')]))).toBe('姓名,phone');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('姓名,phone', 'utf16le').swap16()]))).toBe('姓名,phone');
  });

  it('refuses UTF-16 without a BOM (it reads as text full of NULs)', () => {
    expect(codeOf(() => decodeCsv(Buffer.from('name,phone', 'utf16le')))).toBe('415 customer_import.bad_encoding');
  });
});

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, numbering rows as a spreadsheet does', () => {
    const text = 'name,notes\r\n"Wang, Xiaohong","says ""hi""\nand bye"\r\n\r\nLi,plain\n';
    expect(parseCsv(text)).toEqual([
      { rowNumber: 1, cells: ['name', 'notes'] },
      { rowNumber: 2, cells: ['Wang, Xiaohong', 'says "hi"\nand bye'] },
      { rowNumber: 4, cells: ['Li', 'plain'] },
    ]);
  });

  it('skips blank rows and rows of empty cells but keeps their numbers; a last line without a break counts', () => {
    expect(parseCsv('a,b\n,\n\n x , y ').map((r) => r.rowNumber)).toEqual([1, 4]);
    expect(parseCsv('a,b\n1,""')).toEqual([
      { rowNumber: 1, cells: ['a', 'b'] },
      { rowNumber: 2, cells: ['1', ''] },
    ]);
  });

  it('takes a stray quote inside a cell literally, and refuses a quote that never closes', () => {
    expect(parseCsv('a,b\n5"2,x')[1].cells).toEqual(['5"2', 'x']);
    expect(codeOf(() => parseCsv('a,b\n1,2\n"open,3\n4,5'))).toBe('400 customer_import.malformed_csv');
    expect(() => parseCsv('a,b\n1,2\n"open,3\n4,5')).toThrow(expect.objectContaining({ options: expect.objectContaining({ extensions: { rowNumber: 3 } }) }));
  });

  it('uses the delimiter of the header row: comma, semicolon or tab', () => {
    expect(detectDelimiter('name;phone\n"a,b";1')).toBe(';');
    expect(detectDelimiter('name\tphone')).toBe('\t');
    expect(detectDelimiter('name')).toBe(',');
    expect(detectDelimiter('"name; full; legal",phone')).toBe(',');
    expect(parseCsv('name;phone\n"a,b";1')[1].cells).toEqual(['a,b', '1']);
    expect(parseCsv('name\tphone\r\na b\t1\rc\t2')).toEqual([
      { rowNumber: 1, cells: ['name', 'phone'] },
      { rowNumber: 2, cells: ['a b', '1'] },
      { rowNumber: 3, cells: ['c', '2'] },
    ]);
  });
});

describe('mapColumns', () => {
  it('maps English and Chinese names whatever their case, spacing and width, and reports unknown columns', () => {
    expect(mapColumns(['姓名', ' 手机号 ', '邮箱', '性别', '生日', '来源', '标签', '备注', 'Home Store ID', 'SMS_Consent', 'member level', ''])).toEqual({
      fields: ['name', 'phone', 'email', 'gender', 'birthday', 'source', 'tags', 'notes', 'home_store_id', 'sms_consent', null, null],
      ignored: ['member level'],
    });
    expect(mapColumns(['ＮＡＭＥ', 'Mobile']).fields).toEqual(['name', 'phone']);
    // our own export's header: id, status… are ignored, homeStoreId is read
    expect(mapColumns(['id', 'name', 'phone', 'homeStoreId', 'status']).ignored).toEqual(['id', 'status']);
  });

  it('recognises every header name salons use for each field', () => {
    const headers: Record<string, string[]> = {
      name: ['Name', 'Full Name', 'Customer Name', '姓名', '名字', '客户姓名', '顾客姓名'],
      phone: ['Phone', 'Mobile', 'Mobile Phone', 'Phone Number', 'Cell-Phone', '手机', '手机号', '手机号码', '电话', '联系电话', '电话号码'],
      email: ['Email', 'E-mail', 'Mail', 'Email Address', '邮箱', '电子邮箱', '电子邮件', '邮件'],
      gender: ['Gender', 'Sex', '性别'],
      birthday: ['Birthday', 'Birth Date', 'Date of Birth', 'D.O.B.', '生日', '出生日期'],
      source: ['Source', 'Channel', '来源', '客户来源', '渠道'],
      tags: ['Tags', 'Tag', 'Labels', '标签'],
      notes: ['Notes', 'Note', 'Remarks', '备注'],
      home_store_id: ['Home Store ID', 'Home Store', 'Store ID', '门店ID', '所属门店ID'],
      sms_consent: ['SMS Consent', '短信同意', '接收短信'],
      email_consent: ['Email Consent', '邮件同意', '接收邮件'],
      wechat_consent: ['WeChat Consent', '微信同意', '接收微信'],
    };
    for (const [field, names] of Object.entries(headers)) {
      for (const header of names) {
        // Each header next to the two required columns (or standing for one of them).
        const others = ['name', 'phone'].filter((required) => required !== field).map((required) => (required === 'name' ? '姓名' : '手机号'));
        expect([header, mapColumns([header, ...others]).fields[0]]).toEqual([header, field]);
      }
    }
  });

  it('refuses a header without name or phone, naming what is missing', () => {
    let error: DomainError | undefined;
    try {
      mapColumns(['姓名', 'email']);
    } catch (caught) {
      error = caught as DomainError;
    }
    expect(error).toMatchObject({ code: 'customer_import.missing_columns', status: 400 });
    expect(error?.options.errors).toEqual([{ field: 'phone', message: 'column is required' }]);
    expect(error?.detail).toContain('phone');
  });

  it('refuses a field given by two columns', () => {
    expect(codeOf(() => mapColumns(['name', 'phone', '手机号']))).toBe('400 customer_import.duplicate_columns');
  });
});

describe('readImportText', () => {
  it('refuses an empty file, a header without rows, and too many rows', () => {
    expect(codeOf(() => readImportText(''))).toBe('400 customer_import.empty_file');
    expect(codeOf(() => readImportText('\r\n \n'))).toBe('400 customer_import.empty_file');
    expect(codeOf(() => readImportText('name,phone\n\n'))).toBe('400 customer_import.empty_file');
    expect(codeOf(() => readImportText('name,phone\na,1\nb,2\nc,3', 2))).toBe('413 customer_import.too_many_rows');
    expect(readImportText('name,phone\na,1\n\nb,2', 2).rows.map((r) => r.rowNumber)).toEqual([2, 4]);
  });
});

describe('rowInput', () => {
  const fields = mapColumns(['name', 'phone', 'gender', 'birthday', 'tags', 'sms_consent', 'wechat_consent', 'source', 'home_store_id', 'notes']).fields;
  const row = (cells: string[]) => rowInput({ rowNumber: 2, cells }, fields);

  it('turns a row into CreateCustomerDto input, leaving empty cells out', () => {
    expect(row([' 王小红 ', "'+8613812345678", '女', '1992/5/12', 'VIP; 烫发|VIP ;', '是', 'no', '转介绍', '', ''])).toEqual({
      input: {
        name: '王小红',
        phone: '+8613812345678',
        gender: 'female',
        birthday: '1992-05-12',
        tags: ['VIP', '烫发', 'VIP'],
        consents: { sms: { granted: true, method: 'import' }, wechat: { granted: false, method: 'import' } },
        source: 'referral',
      },
      problems: [],
    });
  });

  it('passes unknown values on for the DTO to refuse, and reports a consent that is neither yes nor no', () => {
    const { input, problems } = row(['a', '1', 'Robot', '', '', 'maybe', '', 'Walk-In', 'x', 'n']);
    expect(input).toMatchObject({ gender: 'robot', source: 'walk_in', homeStoreId: 'x', notes: 'n' });
    expect(problems).toEqual([{ field: 'sms_consent', message: 'must be yes or no (是/否)' }]);
  });

  it('reads a birthday in the formats salons type, and names those formats when it is none of them', () => {
    for (const written of ['1992-05-12', '1992/5/12', '1992.5.12', '1992年5月12日', ' 1992 / 05 / 12 ']) {
      expect([written, row(['a', '1', '', written.trim(), '', '', '', '', '', '']).input.birthday]).toEqual([written, '1992-05-12']);
    }
    for (const written of ['yesterday', '12/05/1992', '5/12', '19920512']) {
      expect(row(['a', '1', '', written, '', '', '', '', '', '']).problems).toEqual([
        { field: 'birthday', message: 'must be a date written as 1992-05-12, 1992/5/12, 1992.5.12 or 1992年5月12日' },
      ]);
    }
    expect(row(['a', '1', '', '1992/2/30', '', '', '', '', '', '']).problems).toEqual([{ field: 'birthday', message: 'is not a real date (no such month or day)' }]);
    expect(row(['a', '1', '', '1992-13-01', '', '', '', '', '', '']).problems).toEqual([{ field: 'birthday', message: 'is not a real date (no such month or day)' }]);
  });

  it('reads genders and sources as salons write them, in English or Chinese', () => {
    const genders: Record<string, string[]> = {
      female: ['female', 'F', 'Woman', '女', '女性', '女士'],
      male: ['Male', 'm', 'man', '男', '男性', '先生'],
      other: ['Other', '其他'],
      undisclosed: ['undisclosed', '保密', '未知', '不详'],
    };
    for (const [gender, written] of Object.entries(genders)) {
      for (const cell of written) expect([cell, row(['a', '1', cell, '', '', '', '', '', '', '']).input.gender]).toEqual([cell, gender]);
    }
    const sources: Record<string, string[]> = {
      walk_in: ['walk-in', 'Walk In', '到店', '进店', '自然到店'],
      online: ['Online', '线上', '网络'],
      app: ['App'],
      phone: ['Phone', '电话'],
      referral: ['Referral', '转介绍', '推荐', '介绍'],
      partner: ['Partner', '合作', '合作方'],
      campaign: ['Campaign', '活动'],
    };
    for (const [source, written] of Object.entries(sources)) {
      for (const cell of written) expect([cell, row(['a', '1', '', '', '', '', '', cell, '', '']).input.source]).toEqual([cell, source]);
    }
  });

  it('reads every yes and no a salon writes for a consent', () => {
    const consentOf = (cell: string) => row(['a', '1', '', '', '', cell, '', '', '', '']).input.consents;
    for (const yes of ['yes', 'Y', 'TRUE', '1', '是', '同意', 'x', '✓', 'ＹＥＳ']) expect([yes, consentOf(yes)]).toEqual([yes, { sms: { granted: true, method: 'import' } }]);
    for (const no of ['no', 'N', 'False', '0', '否', '不同意']) expect([no, consentOf(no)]).toEqual([no, { sms: { granted: false, method: 'import' } }]);
    // Each consent column fills its own channel.
    const all = rowInput({ rowNumber: 2, cells: ['a', '1', 'yes', 'no', '是'] }, mapColumns(['name', 'phone', 'email_consent', 'sms_consent', 'wechat_consent']).fields);
    expect(all.input.consents).toEqual({ email: { granted: true, method: 'import' }, sms: { granted: false, method: 'import' }, wechat: { granted: true, method: 'import' } });
  });

  it('reports cells beyond the header', () => {
    expect(row(['a', '1', '', '', '', '', '', '', '', '', 'extra', '']).problems).toEqual([{ field: null, message: 'has 1 more cell than the header has columns' }]);
    expect(row(['a', '1', '', '', '', '', '', '', '', '', 'extra', ' ', 'more']).problems).toEqual([{ field: null, message: 'has 2 more cells than the header has columns' }]);
    expect(row(['a', '1', '', '', '', '', '', '', '', '', '', '']).problems).toEqual([]);
  });
});

describe('small helpers', () => {
  it('un-defuses cells a CSV export protected from formulas', () => {
    expect(cleanCell("'+8613812345678")).toBe('+8613812345678');
    expect(cleanCell("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(cleanCell("'quoted")).toBe("'quoted");
  });

  it('normalises spreadsheet dates and names the column of a DTO error', () => {
    expect(['1992-5-1', '1992.05.12', '1992年5月12日', '12/05/1992'].map(normaliseDate)).toEqual(['1992-05-01', '1992-05-12', '1992-05-12', null]);
    expect(['homeStoreId', 'consents.sms.granted', 'tags[3]', 'name', 'careNotes'].map(columnOf)).toEqual(['home_store_id', 'sms_consent', 'tags', 'name', null]);
  });

  it('finds the first row of each phone, whatever way it is written', () => {
    const rows = [
      { rowNumber: 2, cells: ['a', '138 1234 5678'] },
      { rowNumber: 3, cells: ['b', '+86 13812345678'] },
      { rowNumber: 5, cells: ['c', 'not a phone'] },
      { rowNumber: 6, cells: ['d', '13912345678'] },
    ];
    expect([...firstRowByPhone(rows, ['name', 'phone']).entries()]).toEqual([
      ['+8613812345678', 2],
      ['+8613912345678', 6],
    ]);
  });
});
