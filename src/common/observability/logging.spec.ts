import { QueryFailedError } from 'typeorm';
import { errorSerializer } from './logging.js';

describe('error serializer', () => {
  it('logs a failed query by code and message, never its parameters nor the refused value', () => {
    const driverError = Object.assign(new Error('invalid input value for enum gender: "王小红 +8613912345678"'), {
      code: '22P02',
      detail: 'Key (phone)=(+8613912345678) already exists.',
    });
    const error = new QueryFailedError('INSERT INTO customer (name, phone) VALUES ($1, $2)', ['王小红', '+8613912345678'], driverError);
    const logged = JSON.stringify(errorSerializer(error));
    expect(logged).toContain('22P02');
    expect(logged).toContain('invalid input value for enum gender');
    expect(logged).not.toContain('13912345678');
    expect(logged).not.toContain('王小红');
  });

  it('does not print what was thrown when it is not an Error', () => {
    expect(errorSerializer({ phone: '+8613912345678' })).toEqual({ message: 'non-error thrown' });
  });
});
