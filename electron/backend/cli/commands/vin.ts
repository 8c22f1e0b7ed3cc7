import { decodeVin, isAllDigits } from '../../../../shared/vin';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

export const vinCommand: CliCommand = {
  name: 'vin',
  usage: 'vin VIN... [--json]',
  summary: 'check VINs (length, alphabet, check digit) and decode maker and model year; exits 1 when one is invalid',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('give at least one VIN');
    const decoded = positionals.map((raw) => {
      const d = decodeVin(raw);
      // The check digit of seventeen digits may hold, but that is an invoice or ID number, not a VIN.
      const digits = isAllDigits(d.vin);
      const reason = digits ? 'all_digits' : d.reason;
      // Nothing is decoded from a VIN of the wrong length or alphabet (its WMI is no WMI); a VIN whose
      // only fault is its check digit is decoded, marked as a guess (one character may be misread).
      const decodes = reason === null || reason === 'check_digit';
      return {
        vin: d.vin, valid: reason === null, reason, guess: reason === 'check_digit',
        wmi: decodes ? d.wmi : null, maker: decodes ? d.maker : null, model_year: decodes ? d.model_year : null,
      };
    });
    if (values.json) {
      io.out(JSON.stringify(decoded));
    } else {
      for (const d of decoded) {
        if (d.valid || d.guess) {
          const decoded = `WMI ${d.wmi ?? '-'}  maker ${d.maker ?? 'unknown'}  model year ${d.model_year ?? '-'}`;
          io.out(`${d.vin}  ${d.valid ? `valid  ${decoded}` : `INVALID (${d.reason})  a guess, since the check digit fails: ${decoded}`}`);
        } else {
          io.out(`${d.vin}  INVALID (${d.reason})  nothing decoded`);
        }
      }
    }
    // A script checking VINs reads the exit code: 1 once any VIN is invalid (each was printed with why).
    return decoded.every((d) => d.valid) ? 0 : 1;
  },
};
