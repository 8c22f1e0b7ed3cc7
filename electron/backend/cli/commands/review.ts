import type { AcceptedRecord } from '../../../../shared/contract/documents';
import type { FieldBox, ProposedFields, ProposedRecord } from '../../../../shared/document-fields';
import { ZeroMileError } from '../../../../shared/errors';
import { describeMark } from '../../import/proposed-records';
import { dispatch, type HandlerContext } from '../../handlers/handler-table';
import { HANDLERS } from '../../handlers/index';
import { CaseSession } from '../../session/case-session';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';
import { describeOutsideChange } from './import';

/**
 * `zeromile proposed` and `zeromile review`: the review screen from a terminal. Both call the same
 * handlers as the screen (proposed:list, proposed:accept, proposed:reject, proposed:reopen) through the handler
 * table, so what is checked, written and audited is the same.
 */
async function withHandlers<T>(casePath: string, work: (call: (name: string, args: unknown) => Promise<unknown>) => Promise<T>): Promise<T> {
  const session = new CaseSession();
  session.open(casePath);
  const ctx: HandlerContext = { session, caseFile: () => session.require(), emit: () => undefined, signal: new AbortController().signal };
  try {
    return await work(async (name, args) => {
      const result = await dispatch(HANDLERS, ctx, name, args);
      if (!result.ok) throw new ZeroMileError(result.error.code, result.error.message);
      return result.value;
    });
  } finally {
    session.close();
  }
}

const boxText = (box: FieldBox | undefined) => (box ? `  [page box x ${box.x} y ${box.y} w ${box.w} h ${box.h}]` : '');

function printProposal(p: ProposedRecord, out: (text: string) => void): void {
  out(`#${p.id}  ${p.file_name} (document ${p.document_id}) page ${p.page}  ${p.layout} -> ${p.kind}  ${p.status}${p.record_id ? ` as record ${p.record_id}` : ''}`);
  const width = Math.max(0, ...Object.keys(p.fields).map((k) => k.length));
  for (const [name, value] of Object.entries(p.fields)) out(`    ${name.padEnd(width)}  ${String(value)}${boxText(p.boxes?.[name])}`);
  for (const mark of p.marks) out(`    CHECK ${describeMark(mark)}`);
}

/** `zeromile proposed CASE [--status S] [--document ID] [--json]`. */
export const proposedCommand: CliCommand = {
  name: 'proposed',
  usage: 'proposed CASE [--status proposed|accepted|rejected|all] [--document ID] [--json]',
  summary: 'records read from PDFs and scans waiting for review: fields, page, boxes, marks (OCR corrections, low confidence, failed checks, values left empty for their format)',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { status: { type: 'string', default: 'proposed' }, document: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    if (!['proposed', 'accepted', 'rejected', 'all'].includes(values.status)) throw new UsageError('--status is proposed, accepted, rejected or all');
    const documentId = values.document === undefined ? undefined : Number(values.document);
    if (documentId !== undefined && !(Number.isInteger(documentId) && documentId > 0)) throw new UsageError('--document takes a document id');
    const list = await withHandlers(positionals[0]!, (call) => call('proposed:list', {
      ...(values.status === 'all' ? {} : { status: values.status }), ...(documentId === undefined ? {} : { document_id: documentId }),
    })) as ProposedRecord[];
    if (values.json) {
      io.out(JSON.stringify({ proposed: list }));
      return 0;
    }
    if (list.length === 0) io.out(values.status === 'proposed' ? 'nothing to review' : `no ${values.status === 'all' ? '' : `${values.status} `}proposed records`);
    for (const p of list) printProposal(p, io.out);
    return 0;
  },
};

/** `--set field=value`: text as typed, `true`/`false` for yes-no fields, nothing after `=` empties the field. */
function parseSets(sets: readonly string[]): ProposedFields {
  const out: ProposedFields = {};
  for (const set of sets) {
    const at = set.indexOf('=');
    if (at < 1) throw new UsageError(`--set takes field=value, not ${JSON.stringify(set)}`);
    const name = set.slice(0, at).trim();
    const value = set.slice(at + 1).trim();
    out[name] = value === '' ? null : value === 'true' ? true : value === 'false' ? false : value;
  }
  return out;
}

/**
 * `zeromile review CASE ID accept|reject|reopen [--reason R] [--set field=value]... [--marks-seen] [--analyst NAME] [--json]`.
 * reopen puts a rejected proposal back in the queue (`zeromile proposed CASE --status rejected` lists them).
 */
export const reviewCommand: CliCommand = {
  name: 'review',
  usage: 'review CASE ID accept|reject|reopen [--reason R] [--set field=value]... [--marks-seen] [--analyst NAME] [--json]',
  summary: 'accepts (with corrections) or rejects a proposed record, as the review screen does; marked values need a correction or --marks-seen; reopen puts a rejected one back in the queue',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      reason: { type: 'string' }, analyst: { type: 'string' }, set: { type: 'string', multiple: true, default: [] }, 'marks-seen': { type: 'boolean', default: false }, json: { type: 'boolean' },
    });
    if (positionals.length !== 3) throw new UsageError('give a case file, a proposed record id and accept, reject or reopen');
    const [casePath, idText, verdict] = positionals as [string, string, string];
    const id = Number(idText);
    if (!Number.isInteger(id) || id < 1) throw new UsageError(`${idText} is not a proposed record id`);
    if (verdict !== 'accept' && verdict !== 'reject' && verdict !== 'reopen') throw new UsageError('the verdict is accept, reject or reopen');
    if (verdict !== 'accept' && (values.set.length > 0 || values['marks-seen'])) throw new UsageError('--set and --marks-seen go with accept');
    if (verdict !== 'reject' && values.reason !== undefined) throw new UsageError('--reason goes with reject');
    const corrections = parseSets(values.set);
    const by = values.analyst?.trim() ? { analyst: values.analyst.trim() } : {};
    const outcome = await withHandlers(casePath, async (call) => {
      if (verdict === 'reopen') return call('proposed:reopen', { id, ...by });
      if (verdict === 'reject') return call('proposed:reject', { id, ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}), ...by });
      return call('proposed:accept', { id, ...(Object.keys(corrections).length > 0 ? { corrections } : {}), ...(values['marks-seen'] ? { marks_seen: true } : {}) });
    }) as Partial<AcceptedRecord>;
    if (values.json) io.out(JSON.stringify({ id, verdict, ...outcome }));
    else if (verdict === 'reject') io.out(`rejected #${id}`);
    else if (verdict === 'reopen') io.out(`reopened #${id}: it waits for review again`);
    else if (outcome.further_source) io.out(`accepted #${id}: the case held this ${outcome.kind} record already (${outcome.record_id}); the page is a further source of it`);
    else io.out(`accepted #${id}: ${outcome.kind} record ${outcome.record_id} joins the case`);
    // As an import's: said to whoever accepted, on stderr beside --json's line.
    for (const change of outcome.registers_changed_outside ?? []) {
      const warning = `warning: ${describeOutsideChange(change, 'the acceptance')}`;
      if (values.json) io.err(`#${id}: ${warning}`);
      else io.out(`  ${warning}`);
    }
    return 0;
  },
};
