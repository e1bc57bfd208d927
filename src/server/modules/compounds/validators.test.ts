import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  isValidIdNumber,
  isValidPlate,
  maskName,
  normalisePlate,
} from '../../../contracts/compounds.ts';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard’s worked example 11010519491231002X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it.each([
    ['440524198001010013', idCheckChar('44052419800101001') === '3'],
    ['210881199001011237', idCheckChar('21088119900101123') === '7'],
    ['11010519491231002x', false], // lower-case x is normalised by the schema, not by the check
    ['110105194912310021', false], // wrong check digit
    ['11010519491331002X', false], // month 13
    ['11010519490230002X', false], // 30 February
    ['1101051949123100', false], // too short
    ['11010518991231002X', false], // born before 1900
    ['11010519491231A02X', false], // a letter inside
  ])('%s → %s', (id, valid) => {
    expect(isValidIdNumber(id)).toBe(valid);
  });

  it('rejects every single-digit change of a valid number (the checksum catches it)', () => {
    const good = '11010519491231002X';
    for (let i = 14; i < 17; i += 1) {
      for (let d = 0; d <= 9; d += 1) {
        if (String(d) === good[i]) continue;
        expect(isValidIdNumber(good.slice(0, i) + d + good.slice(i + 1))).toBe(false);
      }
    }
  });
});

describe('Chinese number plates', () => {
  it.each([
    ['辽H12345', true],
    ['辽HA1234', true],
    ['京A0000学', true],
    ['辽H1234挂', true],
    ['辽HD12345', true], // 8-character new-energy small car
    ['辽HFA1234', true],
    ['辽HF1A234', false], // new-energy: the last four are digits
    ['辽H12345D', true], // 8-character new-energy large vehicle
    ['辽HD1234', true], // an ordinary 7-character plate whose serial starts with D
    ['辽HI2345', false], // I is never used
    ['辽HO2345', false], // O is never used
    ['辽H1234', false], // too short
    ['辽H123456', false], // 8 characters but not new-energy
    ['辽HX12345', false], // 8 characters with a non-D/F third
    ['XH12345', false], // no province
    ['辽112345', false], // issuing letter missing
  ])('%s → %s', (plate, valid) => {
    expect(isValidPlate(plate)).toBe(valid);
  });

  it('normalises case, spaces and the middle dot', () => {
    expect(normalisePlate('辽h·d 12345')).toBe('辽HD12345');
  });
});

describe('masking', () => {
  it('keeps the family name, the length and the last character', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('*');
  });
});
