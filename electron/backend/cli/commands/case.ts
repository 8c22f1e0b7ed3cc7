import { CASE_PROPERTIES, type CaseProperties, type CaseProperty } from '../../../../shared/contract/case';
import { caseProperties, setCaseProperties } from '../../casefile/case-properties';
import { readCaseMeta } from '../../casefile/meta';
import { openCaseFile } from '../../casefile/open-case-file';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

/** `--set key=value` pairs; nothing after `=` clears the property. */
function parseSets(sets: readonly string[]): CaseProperties {
  const values: CaseProperties = {};
  for (const set of sets) {
    const at = set.indexOf('=');
    const key = at < 0 ? set : set.slice(0, at);
    if (at < 0 || !(CASE_PROPERTIES as readonly string[]).includes(key)) {
      throw new UsageError(`--set takes key=value with a key among ${CASE_PROPERTIES.join(', ')}: "${set}"`);
    }
    values[key as CaseProperty] = set.slice(at + 1);
  }
  return values;
}

export const caseCommand: CliCommand = {
  name: 'case',
  usage: `case CASE [--set key=value]... [--json]   (keys: ${CASE_PROPERTIES.join(', ')})`,
  summary: 'shows or sets the case properties printed on evidence and reports',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, set: { type: 'string', multiple: true } });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    const sets = parseSets(values.set ?? []);
    const checked = caseProperties.safeParse(sets);
    if (!checked.success) throw new UsageError(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const changing = Object.keys(sets).length > 0;
    const caseFile = openCaseFile(positionals[0]!, { readonly: !changing });
    try {
      if (changing) setCaseProperties(caseFile.db, checked.data);
      const meta = readCaseMeta(caseFile.db);
      const shown = Object.fromEntries(CASE_PROPERTIES.map((key) => [key, meta[key] ?? null]));
      if (values.json) io.out(JSON.stringify(shown));
      else io.out(CASE_PROPERTIES.map((key) => `${key.padEnd(15)} ${meta[key] || '—'}`).join('\n'));
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
