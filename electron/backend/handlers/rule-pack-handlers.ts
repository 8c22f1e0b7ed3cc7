import { z } from 'zod';
import type { PackView, RemovedPackView, RulePackHandlers } from '../../../shared/contract/rule-packs';
import { ZeroMileError } from '../../../shared/errors';
import { clauseState, type RulePack } from '../../../shared/rule-packs';
import {
  currentRulePacks, existingPack, packFlagCount, parsePackFile, removedRulePacks, removeRulePack, restoreRulePack, saveRulePack, type StoredPack,
} from '../casefile/rule-packs';
import { defineHandlers, noArgs } from './handler-table';

/** A pack file is a few KB; anything near this is not one. */
const MAX_PACK_BYTES = 1_000_000;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

function viewOf(stored: StoredPack, today: string): PackView {
  const pack = JSON.parse(stored.content) as RulePack;
  return {
    // currentRulePacks never gives a removal.
    id: stored.pack_id, revision: stored.revision, sha256: stored.sha256, origin: stored.origin as PackView['origin'], saved_at: stored.saved_at, pack,
    states: Object.fromEntries(pack.clauses.map((c) => [c.id, clauseState(c, today)])),
  };
}

function removedView(stored: StoredPack): RemovedPackView {
  return { id: stored.pack_id, revision: stored.revision, removed_at: stored.saved_at, pack: JSON.parse(stored.content) as RulePack };
}

const packId = z.object({ pack_id: z.string().regex(/^[A-Z]{2}$/) }).strict();

export const rulePackHandlers = defineHandlers<RulePackHandlers>({
  'packs:list': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => {
      const today = new Date().toISOString().slice(0, 10);
      const { db } = ctx.caseFile();
      return { today, packs: currentRulePacks(db).map((p) => viewOf(p, today)), removed: removedRulePacks(db).map(removedView) };
    },
  },
  'packs:flag-count': {
    mode: 'read',
    args: packId,
    run: (ctx, { pack_id: id }) => packFlagCount(ctx.caseFile().db, id),
  },
  'packs:remove': {
    mode: 'write',
    args: packId,
    run: (ctx, { pack_id: id }) => {
      const removed = removeRulePack(ctx.caseFile().db, id);
      ctx.emit({ type: 'case-changed', what: 'packs' });
      return removed;
    },
  },
  'packs:restore': {
    mode: 'write',
    args: packId,
    run: (ctx, { pack_id: id }) => {
      const stored = restoreRulePack(ctx.caseFile().db, id);
      ctx.emit({ type: 'case-changed', what: 'packs' });
      return { pack_id: stored.pack_id, revision: stored.revision, changed: true };
    },
  },
  'packs:save-clause': {
    mode: 'write',
    args: z.object({
      pack_id: z.string().regex(/^[A-Z]{2}$/),
      clause_id: z.string().min(1).max(64),
      // The pack schema checks every parameter by the clause's rule.
      params: z.record(z.string(), z.unknown()),
      effective_from: isoDate.nullable(),
      effective_to: isoDate.nullable(),
    }).strict(),
    run: (ctx, args) => {
      const { db } = ctx.caseFile();
      const current = existingPack(db, args.pack_id);
      if (current.origin === 'removed') throw new ZeroMileError('bad_argument', `Rule pack ${args.pack_id} was removed; restore it before editing its clauses.`);
      const pack = JSON.parse(current.content) as RulePack;
      if (!pack.clauses.some((c) => c.id === args.clause_id)) throw new ZeroMileError('not_found', `Rule pack ${args.pack_id} has no clause ${args.clause_id}.`);
      const edited = {
        ...pack,
        clauses: pack.clauses.map((c) => (c.id === args.clause_id ? { ...c, params: args.params, effective_from: args.effective_from, effective_to: args.effective_to } : c)),
      };
      const { stored, changed } = saveRulePack(db, edited, 'edited', `clause ${args.clause_id} of pack ${args.pack_id}`);
      if (changed) ctx.emit({ type: 'case-changed', what: 'packs' });
      return { pack_id: stored.pack_id, revision: stored.revision, changed };
    },
  },
  'packs:import': {
    mode: 'write',
    args: z.object({ file_name: z.string().min(1).max(255), content: z.string().max(MAX_PACK_BYTES) }).strict(),
    run: (ctx, { file_name: fileName, content }) => {
      const { stored, changed } = saveRulePack(ctx.caseFile().db, parsePackFile(fileName, content), 'imported', fileName);
      if (changed) ctx.emit({ type: 'case-changed', what: 'packs' });
      return { pack_id: stored.pack_id, revision: stored.revision, changed };
    },
  },
  'packs:export': {
    mode: 'read',
    args: z.object({ pack_id: z.string().regex(/^[A-Z]{2}$/) }).strict(),
    run: (ctx, { pack_id: packId }) => {
      const stored = existingPack(ctx.caseFile().db, packId);
      return { file_name: `rule-pack-${packId}-r${stored.revision}.json`, content: `${JSON.stringify(JSON.parse(stored.content), null, 2)}\n` };
    },
  },
});
