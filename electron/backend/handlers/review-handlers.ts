import { z } from 'zod';
import { REVIEW_STATUSES } from '../../../shared/contract/flags';
import type { ReviewHandlers } from '../../../shared/contract/review';
import { addNote, listNotes, listTags, setReviews, setTags, tagsChanged, verdictHistory } from '../queries/review-queries';
import { analystArg, sessionAnalyst } from './analyst';
import { defineHandlers } from './handler-table';

const subject = { subject_type: z.enum(['vehicle', 'party']), subject_id: z.string().min(1).max(200) };
const verdict = z.object({ flag_key: z.string().min(1).max(300), status: z.enum(REVIEW_STATUSES), reason: z.string().max(2000).optional() }).strict();
const by = analystArg;
const analyst = sessionAnalyst;

export const reviewHandlers = defineHandlers<ReviewHandlers>({
  'review:set': {
    mode: 'write',
    args: verdict.extend(by),
    run: (ctx, { analyst: named, ...args }) => {
      const [done] = setReviews(ctx.caseFile().db, [args], analyst(ctx, named));
      ctx.emit({ type: 'case-changed', what: 'reviews' });
      return done!.review;
    },
  },
  'review:set-many': {
    mode: 'write',
    args: z.object({ verdicts: z.array(verdict).min(1).max(10_000), ...by }).strict(),
    run: (ctx, args) => {
      const done = setReviews(ctx.caseFile().db, args.verdicts, analyst(ctx, args.analyst));
      ctx.emit({ type: 'case-changed', what: 'reviews' });
      return done;
    },
  },
  'review:history': {
    mode: 'read',
    args: z.object({ flag_keys: z.array(z.string().min(1).max(300)).max(500) }).strict(),
    run: (ctx, args) => verdictHistory(ctx.caseFile().db, args.flag_keys),
  },
  'notes:list': {
    mode: 'read',
    args: z.object(subject).strict(),
    run: (ctx, args) => listNotes(ctx.caseFile().db, args.subject_type, args.subject_id),
  },
  'notes:add': {
    mode: 'write',
    args: z.object({ ...subject, body: z.string().min(1).max(20_000), ...by }).strict(),
    run: (ctx, args) => addNote(ctx.caseFile().db, args.subject_type, args.subject_id, args.body, analyst(ctx, args.analyst)),
  },
  'tags:list': {
    mode: 'read',
    args: z.object(subject).strict(),
    run: (ctx, args) => listTags(ctx.caseFile().db, args.subject_type, args.subject_id),
  },
  'tags:changed': {
    mode: 'read',
    args: z.object(subject).strict(),
    run: (ctx, args) => tagsChanged(ctx.caseFile().db, args.subject_type, args.subject_id),
  },
  'tags:set': {
    mode: 'write',
    args: z.object({ ...subject, tags: z.array(z.string().max(100)).max(100), ...by }).strict(),
    run: (ctx, args) => setTags(ctx.caseFile().db, args.subject_type, args.subject_id, args.tags, analyst(ctx, args.analyst)),
  },
});
