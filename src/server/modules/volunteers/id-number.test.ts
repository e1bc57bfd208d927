import { describe, expect, it } from 'vitest';
import {
  idCheckDigit,
  idNumberSchema,
  isValidIdNumber,
  signupBodySchema,
} from '../../../contracts/alliance.ts';
import { phoneSchema } from '../../../contracts/common.ts';

describe('GB 11643 ID numbers', () => {
  it('accepts valid numbers, including ones whose check character is X', () => {
    expect(isValidIdNumber('210881199001011230')).toBe(true);
    expect(isValidIdNumber('210802198512310021')).toBe(true);
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('21088119920315108X')).toBe(true);
    expect(idCheckDigit('11010519491231002')).toBe('X');
  });

  it('refuses a wrong check digit', () => {
    expect(isValidIdNumber('210881199001011231')).toBe(false);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('refuses impossible or future birth dates and unknown provinces', () => {
    const withCheck = (first17: string) => first17 + idCheckDigit(first17);
    expect(isValidIdNumber(withCheck('21088119900230123'))).toBe(false);
    expect(isValidIdNumber(withCheck('21088119901301123'))).toBe(false);
    expect(isValidIdNumber(withCheck('21088118991231123'))).toBe(false);
    expect(isValidIdNumber(withCheck('21088120990101123'), new Date('2026-01-01'))).toBe(false);
    expect(isValidIdNumber(withCheck('99088119900101123'))).toBe(false);
    expect(isValidIdNumber(withCheck('21088120000229123'))).toBe(true);
  });

  it('refuses the wrong length and letters other than a final X', () => {
    expect(isValidIdNumber('21088119900101123')).toBe(false);
    expect(isValidIdNumber('2108811990010112300')).toBe(false);
    expect(isValidIdNumber('21088119900101A230')).toBe(false);
  });

  it('normalises a lower-case x and names the reason when it fails', () => {
    expect(idNumberSchema.parse('11010519491231002x')).toBe('11010519491231002X');
    const failed = idNumberSchema.safeParse('210881199001011231');
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.message).toBe('ID_NUMBER_FORMAT');
  });
});

describe('phone numbers', () => {
  it('accepts mainland mobile numbers and refuses the rest', () => {
    expect(phoneSchema.safeParse('13812340001').success).toBe(true);
    expect(phoneSchema.safeParse('19912340001').success).toBe(true);
    for (const bad of ['12812340001', '1381234000', '138123400011', '+8613812340001', '0417-1234567']) {
      expect(phoneSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('the pledge', () => {
  it('must be signed with the same name as the sign-up', () => {
    const base = {
      name: '张三',
      phone: '13812340001',
      idNumber: '210881199001011230',
      password: 'Volunteer1',
      availability: 'anytime',
      nodeId: 1,
    };
    expect(signupBodySchema.safeParse({ ...base, pledgeName: '张三' }).success).toBe(true);
    const wrong = signupBodySchema.safeParse({ ...base, pledgeName: '李四' });
    expect(wrong.error?.issues[0]?.message).toBe('PLEDGE_NAME_MISMATCH');
  });
});
