import { decodeVin, isAllDigits } from '../../../../shared/vin';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

export const vinCommand: CliCommand = {
  name: 'vin',
  usage: 'vin VIN... [--json]',
  summary: 'check VINs (length, alphabet, check digit) and decode maker and model year',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('give at least one VIN');
    const decoded = positionals.map((raw) => {
      const d = decodeVin(raw);
      // The check digit of seventeen digits may hold, but that is an invoice or ID number, not a VIN.
      const digits = isAllDigits(d.vin);
      return { vin: d.vin, valid: d.valid && !digits, reason: digits ? 'all_digits' : d.reason, wmi: d.wmi, maker: d.maker, model_year: d.model_year };
    });
    if (values.json) {
      io.out(JSON.stringify(decoded));
    } else {
      for (const d of decoded) {
        io.out(`${d.vin}  ${d.valid ? 'valid' : `INVALID (${d.reason})`}  WMI ${d.wmi ?? '-'}  maker ${d.maker ?? 'unknown'}  model year ${d.model_year ?? '-'}`);
      }
    }
    return 0;
  },
};
