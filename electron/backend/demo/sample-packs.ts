import type { RulePack } from '../../../shared/rule-packs';

/**
 * Filled rule packs the demo writes beside its documents and the demo case imports: the shipped
 * RU and JO-style clauses with values filled in, so that their rules have something to find. The
 * values are illustrative, not the law, and each clause's source says so. The ground truth is
 * evaluated with these packs (truth.ts), so the demo's pack flags are known in advance.
 */
const SAMPLE = 'SAMPLE for the ZeroMile demo: illustrative values, not a regulation.';

export const SAMPLE_PACKS: readonly RulePack[] = [
  {
    format: 1, id: 'RU', version: 2,
    name: { en: 'Russia (importing country), demo sample', zh: '俄罗斯（进口国）演示样例' },
    clauses: [{
      id: 'RU-2023-official-brands', rule: 'destination_brand_restriction',
      title: { en: 'No "used" imports of brands that have an official distribution network in Russia', zh: '在俄罗斯已有官方经销网络的品牌不得以“二手车”名义进口' },
      params: { brands: ['奇瑞', 'Chery', '哈弗', 'Haval', '长安', 'Changan'] },
      // Inside the demo's export period, so declarations before it must not be flagged.
      effective_from: '2024-09-01', effective_to: null,
      source: `${SAMPLE} Modelled on Russia's 2023 restriction on "used" imports of brands with domestic distribution networks.`,
    }],
  },
  {
    format: 1, id: 'AE', version: 1,
    name: { en: 'United Arab Emirates (importing country), demo sample', zh: '阿联酋（进口国）演示样例' },
    clauses: [{
      id: 'AE-minimum-use', rule: 'destination_min_use',
      title: { en: 'A car counts as used only after a minimum period of use in the country of origin', zh: '车辆须在原产国使用满最低期限后方可视为二手车' },
      params: { min_days: 120, min_km: null },
      effective_from: '2024-03-01', effective_to: '2026-06-30',
      source: `${SAMPLE} Modelled on the minimum in-country use that Jordan and other Middle Eastern markets require.`,
    }],
  },
];

export const samplePackFile = (pack: RulePack): string => `rule-pack-${pack.id}-sample.json`;
