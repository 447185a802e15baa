import { describe, expect, it } from 'vitest';
import { isAppError } from './app-error';
import { dataErrorOf, inputErrorOf } from './db-errors';

describe("PostgreSQL's errors caused by what a caller sent", () => {
  it('makes a data error (class 22) a 400 that says what the database refused', () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const e = dataErrorOf(nul);
    expect(isAppError(e) && e.code).toBe('BAD_INPUT');
    expect(e?.message).toBe('the database refused a value: invalid byte sequence for encoding "UTF8": 0x00');
    expect(dataErrorOf(Object.assign(new Error('numeric field overflow'), { code: '22003' }))?.code).toBe('BAD_INPUT');
  });
  it('leaves every other error alone', () => {
    expect(dataErrorOf(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }))).toBeNull();
    expect(dataErrorOf(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBeNull();
    expect(dataErrorOf(null)).toBeNull();
    const other = new Error('x');
    expect(inputErrorOf(other)).toBe(other);
    expect(
      (
        inputErrorOf(
          Object.assign(new Error('dup'), { code: '23505', detail: 'Key (id)=(x) already exists.' }),
        ) as Error
      ).message,
    ).toBe('conflicts with the inventory: Key (id)=(x) already exists.');
  });
});
