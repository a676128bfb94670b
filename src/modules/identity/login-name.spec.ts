import { parseLoginName } from './login-name.js';

describe('parseLoginName', () => {
  it('reads anything with an @ as an e-mail', () => {
    expect(parseLoginName('Owner@Bloom.Example')).toEqual({ kind: 'email', value: 'owner@bloom.example' });
  });
  it('reads digits as a phone', () => {
    expect(parseLoginName('138 1234 5678')).toEqual({ kind: 'phone', value: '+8613812345678' });
  });
  it('gives up on what is neither', () => {
    expect(parseLoginName('owner')).toBeUndefined();
    expect(parseLoginName('owner@')).toBeUndefined();
  });
});
