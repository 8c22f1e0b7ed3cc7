import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../electron/backend/demo/world';
import { decodeVin, withCheckDigit } from '../../../shared/vin';

// The domain guide's list of Chinese makers by WMI (../shared/DOMAIN.md, Validation): maker names, never a brand or model.
const DOMAIN_MAKERS: Record<string, string> = {
  LFV: '一汽-大众', LSV: '上汽大众', LSG: '上汽通用', LS5: '长安汽车', LGX: '比亚迪', LVV: '奇瑞', LGW: '长城汽车',
  LGB: '东风日产', LDN: '东南汽车', LHG: '广汽本田', LVG: '广汽丰田', LFM: '一汽丰田', LBV: '华晨宝马', LE4: '北京奔驰',
  LRW: '特斯拉(上海)', LBE: '北京现代', LJD: '东风悦达起亚', LZW: '上汽通用五菱', LB3: '吉利汽车', LVS: '长安福特',
};

const vinOf = (wmi: string) => withCheckDigit(`${wmi}ABCDE0RA000001`);

describe('Chinese maker names by WMI', () => {
  it('are the domain guide\'s maker names, with the brands kept apart', () => {
    for (const [wmi, maker] of Object.entries(DOMAIN_MAKERS)) {
      const decoded = decodeVin(vinOf(wmi));
      expect(decoded.maker_zh, wmi).toBe(maker);
      expect(decoded.maker, wmi).toMatch(/^[\x20-\x7e]+$/);
      // A maker's name is no brand sold by another maker (一汽-大众 is not 大众; BYD's own brand is 比亚迪).
      const otherBrands = Object.keys(DOMAIN_MAKERS).filter((w) => w !== wmi).flatMap((w) => decodeVin(vinOf(w)).brands.map(([, zh]) => zh));
      expect(otherBrands, wmi).not.toContain(maker);
      expect(decoded.brands.length, wmi).toBeGreaterThan(0);
    }
    expect(decodeVin(vinOf('LFV')).brands.map(([en]) => en)).toContain('Volkswagen');
  });

  it('name the demo\'s makers by the short form of their registered names', () => {
    for (const maker of buildWorld(1).makers) {
      const decoded = decodeVin(vinOf(maker.wmi));
      expect(maker.name, maker.wmi).toContain(decoded.maker_zh);
      expect(decoded.brands.map(([, zh]) => zh), maker.wmi).toContain(maker.brand);
    }
  });
});
