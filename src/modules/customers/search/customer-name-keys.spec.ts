import { nameKeys, pinyinQuery } from './customer-name-keys.js';
import { criteriaConditions, hiddenCriteria, SqlParams } from './customer-search.js';

describe('nameKeys', () => {
  it('gives the full pinyin without spaces or tones, and the initials', () => {
    expect(nameKeys('王小红')).toEqual({ namePinyin: 'wangxiaohong', nameInitials: 'wxh' });
    expect(nameKeys('欧阳娜娜')).toEqual({ namePinyin: 'ouyangnana', nameInitials: 'oynn' });
  });

  it('reads polyphonic surnames as surnames', () => {
    expect(nameKeys('单雄信').namePinyin).toBe('shanxiongxin');
    expect(nameKeys('曾小贤').namePinyin).toBe('zengxiaoxian');
    expect(nameKeys('解晓东').namePinyin).toBe('xiexiaodong');
    expect(nameKeys('仇海').namePinyin).toBe('qiuhai');
    expect(nameKeys('区志强').namePinyin).toBe('ouzhiqiang');
  });

  it('writes ü as v, as pinyin keyboards do', () => {
    expect(nameKeys('吕欣')).toEqual({ namePinyin: 'lvxin', nameInitials: 'lx' });
  });

  it('keeps Latin words of mixed names and drops punctuation', () => {
    expect(nameKeys('Amy 王')).toEqual({ namePinyin: 'amywang', nameInitials: 'aw' });
    expect(nameKeys('张·三')).toEqual({ namePinyin: 'zhangsan', nameInitials: 'zs' });
  });

  it('gives Latin names their own letters, accents dropped', () => {
    expect(nameKeys('Emily Chen')).toEqual({ namePinyin: 'emilychen', nameInitials: 'ec' });
    expect(nameKeys('José Núñez')).toEqual({ namePinyin: 'josenunez', nameInitials: 'jn' });
  });

  it('gives no keys to names in other scripts, or none', () => {
    expect(nameKeys('Анна')).toEqual({ namePinyin: null, nameInitials: null });
    expect(nameKeys('')).toEqual({ namePinyin: null, nameInitials: null });
    expect(nameKeys(null)).toEqual({ namePinyin: null, nameInitials: null });
  });
});

describe('pinyinQuery', () => {
  it('lower-cases and drops spaces and apostrophes', () => {
    expect(pinyinQuery('Wang Xiao Hong')).toBe('wangxiaohong');
    expect(pinyinQuery("xi'an")).toBe('xian');
    expect(pinyinQuery('lü')).toBe('lv');
  });

  it('is undefined for text that cannot be pinyin', () => {
    expect(pinyinQuery('王')).toBeUndefined();
    expect(pinyinQuery('5678')).toBeUndefined();
    expect(pinyinQuery('a@b')).toBeUndefined();
  });
});

describe('pinyin in the search conditions', () => {
  it('matches the keys by fragment from 3 letters, by start (or the name) below', () => {
    const long = new SqlParams();
    expect(criteriaConditions({ q: 'Xiao H' }, '2026-11-22', long)[1]).toBe('(name_pinyin LIKE $2 OR name_initials LIKE $2)');
    expect(long.values.slice(1)).toEqual(['%xiaoh%']);
    const short = new SqlParams();
    expect(criteriaConditions({ q: 'wx' }, '2026-11-22', short)[1]).toContain('OR name_pinyin LIKE $3 OR name_initials LIKE $3');
    expect(short.values.slice(1)).toEqual(['wx', 'wx%']);
  });

  it('searches Chinese characters by name only', () => {
    const params = new SqlParams();
    expect(criteriaConditions({ q: '小红' }, '2026-11-22', params)[1]).not.toContain('name_pinyin');
  });
});

describe('hiddenCriteria', () => {
  const masked = { fullContact: false };
  it('allows everything to callers who see contact data', () => {
    expect(hiddenCriteria({ phone: '+8613812345678', email: 'a@example.com', ageMin: 20, ageMax: 30, birthdayMonth: 5 }, { fullContact: true })).toEqual([]);
  });

  it('allows masked callers the last 4 digits, names, tags and the rest', () => {
    expect(hiddenCriteria({ q: 'wang', phone: '5678', tag: ['VIP'], gender: 'female', source: 'referral' }, masked)).toEqual([]);
  });

  it('names each filter on a hidden field, prefixed in a segment', () => {
    const criteria = { phone: '+8613812345678', email: 'a@example.com', ageMin: 20, ageMax: 30, birthdayMonth: 5 };
    expect(hiddenCriteria(criteria, masked).map((e) => e.field)).toEqual(['phone', 'email', 'ageMin', 'ageMax', 'birthdayMonth']);
    expect(hiddenCriteria({ birthdayMonth: 5 }, masked, 'criteria.')).toEqual([{ field: 'criteria.birthdayMonth', message: 'is not available to you: you do not see birthdays' }]);
  });
});
