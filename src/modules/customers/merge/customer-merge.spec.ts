import type { CustomerAddress } from '../profile/customer.entity.js';
import { mergeAddresses, mergeCareNotes, mergeConsents, mergeNotes, mergePreferredStaff } from './customer-merge.service.js';
import { otherEmailsOf, otherPhonesOf } from '../profile/customer-phones.js';
import { applyConsents } from '../profile/customer-consents.js';

const address = (line1: string, isDefault = false): CustomerAddress => ({
  label: null,
  recipient: null,
  phone: null,
  line1,
  line2: null,
  district: null,
  city: '上海市',
  province: null,
  postalCode: null,
  country: 'CN',
  isDefault,
});

describe('merge rules', () => {
  it('unites addresses without repeats, keeping a single default', () => {
    expect(mergeAddresses([address('A', true)], [address('A'), address('B', true)])).toEqual([address('A', true), address('B')]);
    expect(mergeAddresses([address('A')], [address('B', true), address('C', true)])).toEqual([address('A'), address('B', true), address('C')]);
  });

  it('keeps every known allergy and fills empty care fields', () => {
    expect(
      mergeCareNotes({ skinType: null, hairType: 'fine', allergies: ['PPD'], other: null }, { skinType: 'oily', hairType: 'thick', allergies: ['PPD', 'latex'], other: 'x' }),
    ).toEqual({
      skinType: 'oily',
      hairType: 'fine',
      allergies: ['PPD', 'latex'],
      other: 'x',
    });
    expect(
      mergeCareNotes(
        { skinType: 'dry', hairType: null, allergies: [], other: 'Pregnant: no peels.' },
        { skinType: null, hairType: null, allergies: [], other: 'Sensitive scalp.' },
      ),
    ).toEqual({
      skinType: 'dry',
      hairType: null,
      allergies: [],
      other: 'Pregnant: no peels.\n\nSensitive scalp.',
    });
    expect(mergeCareNotes(null, null)).toBeNull();
  });

  it('keeps both free-text notes, once when they say the same', () => {
    expect(mergeNotes('Quiet room.', 'Latex allergy.')).toBe('Quiet room.\n\nLatex allergy.');
    expect(mergeNotes('Same.', 'Same.')).toBe('Same.');
    expect(mergeNotes(null, 'Only theirs.')).toBe('Only theirs.');
    expect(mergeNotes(null, null)).toBeNull();
  });

  it('lists other numbers and e-mails once, without the primary', () => {
    expect(otherPhonesOf([{ number: '+1' }, { number: '+2', label: 'work' }, { number: '+1', label: 'x' }], '+2')).toEqual([{ number: '+1', label: null }]);
    expect(otherEmailsOf(['A@x.com', 'a@x.com', 'p@x.com', 'b@x.com'], 'P@x.com')).toEqual(['a@x.com', 'b@x.com']);
  });

  it("keeps the survivor's preferred staff first, then the duplicate's, once each and at most five", () => {
    expect(mergePreferredStaff(['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(mergePreferredStaff(['a', 'b', 'c', 'd'], ['e', 'f'])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps the latest consent decision per channel', () => {
    const given = { granted: true, at: '2026-01-01T00:00:00.000Z', method: 'verbal' };
    const withdrawn = { granted: false, at: '2026-02-01T00:00:00.000Z', method: 'sms_reply' };
    expect(mergeConsents({ sms: given }, { sms: withdrawn, email: given })).toEqual({ sms: withdrawn, email: given });
    expect(mergeConsents({ sms: withdrawn }, { sms: given })).toEqual({ sms: withdrawn });
  });
});

describe('consents', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  it('records a change only when the decision changes', () => {
    const first = applyConsents({}, { sms: { granted: true, method: 'verbal' } }, now);
    expect(first.changes).toEqual([{ channel: 'sms', granted: true, method: 'verbal', occurredAt: now }]);
    expect(applyConsents(first.consents, { sms: { granted: true, method: 'in_store_form' } }, now).changes).toEqual([]);
    expect(applyConsents(first.consents, { sms: { granted: false, method: 'sms_reply' } }, now).consents.sms).toEqual({
      granted: false,
      method: 'sms_reply',
      at: now.toISOString(),
    });
  });

  it('refuses a date in the future, naming the field', () => {
    expect(() => applyConsents({}, { wechat: { granted: true, method: 'verbal', at: '2026-11-23T00:00:00Z' } }, now)).toThrow(
      expect.objectContaining({ options: expect.objectContaining({ errors: [{ field: 'consents.wechat.at', message: 'must not be in the future' }] }) }),
    );
  });
});
