import { existsSync, readFileSync } from 'node:fs';
import { writeGuardedBytes } from '../../files/guarded-write';
import { basename } from 'node:path';
import { ZeroMileError } from '../../../../shared/errors';
import { checkRulePack, clauseState, type RulePack } from '../../../../shared/rule-packs';
import { openCaseFile } from '../../casefile/open-case-file';
import { currentRulePacks, packRefused, packRevision, parsePackFile, removedRulePacks, removeRulePack, restoreRulePack, saveRulePack } from '../../casefile/rule-packs';
import { type CliCommand, UsageError, counted, parseCommandArgs } from '../command';

function readPackFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ZeroMileError('file_not_found', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  return parsePackFile(file, text);
}

/**
 * `zeromile packs CASE [--import FILE | --export ID --out FILE | --remove ID | --restore ID] [--json]`:
 * the case's rule packs and their clauses; a pack removed (the next rule run leaves it out, the
 * flags of earlier runs stay as evidence) or restored, audited.
 */
export const packsCommand: CliCommand = {
  name: 'packs',
  usage: 'packs CASE [--import FILE | --export ID --out FILE | --remove ID | --restore ID] [--json]',
  summary: 'rule packs (the law of exporting and importing countries): list, import or export a pack file, remove a pack or restore a removed one',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      import: { type: 'string' }, export: { type: 'string' }, out: { type: 'string' }, remove: { type: 'string' }, restore: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    const actions = (['import', 'export', 'remove', 'restore'] as const).filter((name) => values[name] !== undefined);
    if (actions.length > 1) throw new UsageError(`give one of --import, --export, --remove or --restore, not ${actions.map((a) => `--${a}`).join(' and ')}`);
    if ((values.export === undefined) !== (values.out === undefined)) throw new UsageError('--export ID needs --out FILE, and --out only goes with --export');
    if (values.remove !== undefined || values.restore !== undefined) {
      const id = (values.remove ?? values.restore)!.toUpperCase();
      const caseFile = openCaseFile(positionals[0]!);
      try {
        if (values.remove !== undefined) {
          const removed = removeRulePack(caseFile.db, id);
          if (values.json) io.out(JSON.stringify(removed));
          else {
            io.out(`removed pack ${id} (revision ${removed.revision}): the next rule run does not use it`);
            io.out(`  ${counted(removed.flags, 'flag', 'flags')} of ${counted(removed.runs, 'earlier run', 'earlier runs')} name it and stay as evidence; undo with --restore ${id}`);
          }
        } else {
          const stored = restoreRulePack(caseFile.db, id);
          io.out(values.json ? JSON.stringify({ pack_id: id, revision: stored.revision }) : `restored pack ${id} as revision ${stored.revision}: the next rule run uses it`);
        }
      } finally {
        caseFile.close();
      }
      return 0;
    }
    if (values.import !== undefined) {
      const pack = readPackFile(values.import);
      // Refused under the path as given, as a file that is not JSON is (saveRulePack names it by its base name, for the audit).
      const checked = checkRulePack(pack);
      if (!checked.ok) throw packRefused(values.import, checked.problems);
      const caseFile = openCaseFile(positionals[0]!);
      try {
        const { stored, changed } = saveRulePack(caseFile.db, pack, 'imported', basename(values.import));
        if (values.json) io.out(JSON.stringify({ pack_id: stored.pack_id, revision: stored.revision, changed, sha256: stored.sha256 }));
        else io.out(changed ? `imported pack ${stored.pack_id} as revision ${stored.revision}` : `pack ${stored.pack_id} unchanged (revision ${stored.revision} is the same)`);
      } finally {
        caseFile.close();
      }
      return 0;
    }
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      if (values.export !== undefined) {
        const stored = packRevision(caseFile.db, values.export.toUpperCase());
        if (!stored) throw new ZeroMileError('not_found', `The case has no rule pack ${values.export}.`);
        // Never over an existing file (a case file above all); the guarded writer checks the rest.
        if (existsSync(values.out!)) throw new ZeroMileError('bad_argument', `${values.out} exists: packs --export never overwrites a file; give a new name.`);
        await writeGuardedBytes(values.out!, `${JSON.stringify(JSON.parse(stored.content), null, 2)}\n`);
        io.out(values.json ? JSON.stringify({ pack_id: stored.pack_id, revision: stored.revision, out: values.out }) : `wrote pack ${stored.pack_id} (revision ${stored.revision}) to ${values.out}`);
        return 0;
      }
      const today = new Date().toISOString().slice(0, 10);
      const packs = currentRulePacks(caseFile.db).map((stored) => ({ stored, pack: JSON.parse(stored.content) as RulePack }));
      const removed = removedRulePacks(caseFile.db).map((stored) => ({ stored, pack: JSON.parse(stored.content) as RulePack }));
      if (values.json) {
        io.out(JSON.stringify({
          today,
          packs: packs.map(({ stored, pack }) => ({
            id: pack.id, version: pack.version, revision: stored.revision, sha256: stored.sha256, origin: stored.origin,
            clauses: pack.clauses.map((c) => ({ ...c, state: clauseState(c, today) })),
          })),
          removed: removed.map(({ stored, pack }) => ({
            id: pack.id, version: pack.version, revision: stored.revision, removed_at: stored.saved_at, clauses: pack.clauses.map((c) => c.id),
          })),
        }));
        return 0;
      }
      for (const { stored, pack } of packs) {
        io.out(`${pack.id}  ${pack.name.en}  version ${pack.version}, revision ${stored.revision} (${stored.origin})`);
        for (const clause of pack.clauses) {
          const period = `${clause.effective_from ?? 'always'} to ${clause.effective_to ?? 'open'}`;
          io.out(`  ${clause.id}  ${clause.rule}  ${clauseState(clause, today)}  ${period}  ${JSON.stringify(clause.params)}`);
          io.out(`    source: ${clause.source}`);
        }
      }
      for (const { stored, pack } of removed) {
        io.out(`${pack.id}  ${pack.name.en}  removed ${stored.saved_at} (revision ${stored.revision}): rule runs do not use it; --restore ${pack.id} brings it back`);
        for (const clause of pack.clauses) io.out(`  ${clause.id}  ${clause.rule}  removed`);
      }
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
