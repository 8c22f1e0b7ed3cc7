import { WMI_MAKERS } from './wmi';

/**
 * The case stores a vehicle's maker as the WMI table's English name (vehicles.maker, flags.maker: the
 * queue sorts and filters on it). Readers of Chinese see the maker's Chinese name from the same table:
 * a Chinese WMI's name first (LFV's 一汽-大众 for FAW-Volkswagen), else the first row that has one.
 */
let chinese: Map<string, string> | null = null;

function chineseNames(): Map<string, string> {
  if (chinese) return chinese;
  chinese = new Map();
  const rows = Object.entries(WMI_MAKERS).sort(([a], [b]) => Number(b.startsWith('L')) - Number(a.startsWith('L')) || (a < b ? -1 : 1));
  for (const [, [en, zh]] of rows) if (zh !== en && !chinese.has(en)) chinese.set(en, zh);
  return chinese;
}

export function makerName(maker: string, lang: 'en' | 'zh'): string {
  return lang === 'zh' ? chineseNames().get(maker) ?? maker : maker;
}
