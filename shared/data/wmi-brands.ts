// The brands sold under a Chinese WMI, kept apart from the maker's name in wmi.ts: a maker
// (一汽-大众) builds several brands (大众, 奥迪, 捷达), and a brand (丰田) comes from several makers.
// [English, Chinese] per brand; only WMIs whose brands the domain guide's makers sell.
export const WMI_BRANDS: Readonly<Record<string, readonly (readonly [en: string, zh: string])[]>> = {
  LFV: [['Volkswagen', '大众'], ['Audi', '奥迪'], ['Jetta', '捷达']],
  LSV: [['Volkswagen', '大众'], ['Škoda', '斯柯达']],
  LSG: [['Buick', '别克'], ['Chevrolet', '雪佛兰'], ['Cadillac', '凯迪拉克']],
  LS5: [['Changan', '长安'], ['Deepal', '深蓝']],
  LGX: [['BYD', '比亚迪']],
  LVV: [['Chery', '奇瑞']],
  LGW: [['Great Wall', '长城'], ['Haval', '哈弗'], ['WEY', '魏牌'], ['Tank', '坦克']],
  LGB: [['Nissan', '日产'], ['Venucia', '启辰']],
  LDN: [['Soueast', '东南'], ['Mitsubishi', '三菱']],
  LHG: [['Honda', '本田']],
  LVG: [['Toyota', '丰田']],
  LFM: [['Toyota', '丰田']],
  LBV: [['BMW', '宝马']],
  LE4: [['Mercedes-Benz', '奔驰']],
  LRW: [['Tesla', '特斯拉']],
  LBE: [['Hyundai', '现代']],
  LJD: [['Kia', '起亚']],
  LZW: [['Wuling', '五菱'], ['Baojun', '宝骏']],
  LB3: [['Geely', '吉利']],
  LVS: [['Ford', '福特']],
};
