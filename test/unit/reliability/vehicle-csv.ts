import { writeFileSync } from 'node:fs';
import { withCheckDigit } from '../../../shared/vin';

/** A vehicles CSV of `rows` valid vehicles numbered from `first`, plus `bad` rows with broken VINs. */
export function writeVehiclesCsv(path: string, rows: number, bad = 0, first = 0): void {
  const lines = ['VIN,品牌,车型,燃料种类,生产日期'];
  for (let i = first; i < first + rows; i++) lines.push(`${withCheckDigit(`LGXCE4CB0NA${String(i).padStart(6, '0')}`)},BYD,Seal,BEV,2024-03-05`);
  for (let i = 0; i < bad; i++) lines.push(`NOTAVIN${i},BYD,Seal,BEV,2024-03-05`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}
