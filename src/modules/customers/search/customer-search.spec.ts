import { compactCriteria, criteriaConditions, DEFAULT_STATUSES, isPhoneSuffix, SqlParams, type CustomerCriteria } from './customer-search.js';

const TODAY = '2026-11-22';

describe('criteriaConditions', () => {
  it('shows active and blocked customers when no status is asked', () => {
    const params = new SqlParams();
    expect(criteriaConditions({}, TODAY, params)).toEqual(['status = ANY($1::text[])']);
    expect(params.values).toEqual([DEFAULT_STATUSES]);
  });

  it('writes every filter as a numbered parameter, never inside the SQL', () => {
    const criteria: Required<CustomerCriteria> = {
      q: "王'; DROP TABLE customer; --",
      phone: '+8613812345678',
      email: 'a@example.com',
      tag: ['VIP', '敏感肌'],
      gender: 'female',
      ageMin: 25,
      ageMax: 35,
      birthdayMonth: 5,
      source: 'referral',
      homeStoreId: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10',
      createdFrom: '2026-01-01T00:00:00+08:00',
      createdTo: '2026-12-01T00:00:00+08:00',
      status: ['merged'],
    };
    const params = new SqlParams();
    const where = criteriaConditions(criteria, TODAY, params).join(' AND ');
    for (const value of params.values.flat().filter((v) => typeof v === 'string' && v.length > 3)) expect(where).not.toContain(String(value));
    expect(where).not.toContain('DROP');
    expect(params.values).toEqual([
      ['merged'],
      criteria.q,
      '+8613812345678',
      'a@example.com',
      ['VIP', '敏感肌'],
      'female',
      '2001-11-22',
      '1990-11-22',
      5,
      'referral',
      criteria.homeStoreId,
      criteria.createdFrom,
      criteria.createdTo,
    ]);
    expect(where).toContain('customer_name_grams(name) @> customer_fragment_grams($2) AND strpos(lower(name), lower($2)) <> 0');
    expect(where).toContain('customer_phone WHERE number = $3');
    expect(where).toContain('birthday <= $7::date AND birthday > $8::date');
    expect(where).toContain('created_at >= $12::timestamptz AND created_at < $13::timestamptz');
  });

  it('matches 4 digits as the end of any of the numbers, anything else as a whole number', () => {
    const suffix = new SqlParams();
    expect(criteriaConditions({ phone: '5678' }, TODAY, suffix)[1]).toBe('customer.id IN (SELECT customer_id FROM customer_phone WHERE right(number, 4) = $2)');
    const whole = new SqlParams();
    expect(criteriaConditions({ phone: '+8613812345678' }, TODAY, whole)[1]).toBe('customer.id IN (SELECT customer_id FROM customer_phone WHERE number = $2)');
  });

  it('continues numbering after parameters already taken', () => {
    const params = new SqlParams(['x']);
    expect(criteriaConditions({ gender: 'male' }, TODAY, params)).toEqual(['status = ANY($2::text[])', 'gender = $3']);
  });
});

describe('the other pure parts', () => {
  it('tells a phone suffix from a whole number', () => {
    expect(isPhoneSuffix('5678')).toBe(true);
    expect(isPhoneSuffix('05678')).toBe(false);
    expect(isPhoneSuffix('+8613812345678')).toBe(false);
  });

  it('keeps only the criteria given, in the documented order', () => {
    expect(Object.keys(compactCriteria({ status: ['active'], q: '王', ageMin: undefined, gender: 'female' }))).toEqual(['q', 'gender', 'status']);
  });
});
