import { writeFileSync } from 'node:fs';
import { withCheckDigit } from '../../../shared/vin';

/** A vehicles CSV of `rows` valid vehicles (plus `bad` rows with broken VINs at the end). */
export function writeVehiclesCsv(path: string, rows: number, bad = 0): void {
  const lines = ['VIN,品牌,车型,燃料种类,生产日期'];
  for (let i = 0; i < rows; i++) {
    const serial = String(i).padStart(6, '0');
    lines.push(`${withCheckDigit(`LGXCE4CB0NA${serial}`)},BYD,Seal,BEV,2024-03-05`);
  }
  for (let i = 0; i < bad; i++) lines.push(`NOTAVIN${i},BYD,Seal,BEV,2024-03-05`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}
