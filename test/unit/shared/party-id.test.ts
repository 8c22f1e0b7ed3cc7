import { describe, expect, it } from 'vitest';
import { checkPartyId, isValidPersonId, isValidUscc, maskPersonId, withUsccCheck } from '../../../shared/party-id';

describe('USCC', () => {
  it('accepts published codes and rejects a changed check character', () => {
    // Published USCCs of well-known companies (BYD Co., Ltd.; Huawei Technologies Co., Ltd.).
    expect(isValidUscc('91440300192317458F')).toBe(true);
    expect(isValidUscc('914403001922038216')).toBe(true);
    expect(isValidUscc('91440300192317458G')).toBe(false);
    expect(isValidUscc('91440300192317458')).toBe(false);
    expect(isValidUscc('9144030019231745IF')).toBe(false);
  });
  it('maps a check value of 31 to 0 and builds valid codes', () => {
    const code = withUsccCheck('91310000MA1FL0000');
    expect(isValidUscc(code)).toBe(true);
  });
  it('classifies identifiers and keeps invalid ones marked', () => {
    expect(checkPartyId('91440300192317458f')).toEqual({ id: '91440300192317458F', kind: 'uscc', valid: true });
    expect(checkPartyId('110101199003071234').kind).toBe('person_id');
    expect(checkPartyId('91440300192317458G')).toMatchObject({ kind: 'uscc', valid: false });
  });
});

describe('person id', () => {
  it('checks the GB 11643 check character and masks', () => {
    expect(isValidPersonId('11010519491231002X')).toBe(true);
    expect(isValidPersonId('110105194912310021')).toBe(false);
    expect(maskPersonId('11010519491231002X')).toBe('110105***********X');
  });
});
