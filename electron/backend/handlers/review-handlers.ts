import { z } from 'zod';
import { REVIEW_STATUSES } from '../../../shared/contract/flags';
import type { ReviewHandlers } from '../../../shared/contract/review';
import { readCaseMeta } from '../casefile/meta';
import { addNote, listNotes, listTags, setReview, setTags } from '../queries/review-queries';
import { defineHandlers, type HandlerContext } from './handler-table';

const subject = { subject_type: z.enum(['vehicle', 'party']), subject_id: z.string().min(1).max(200) };

function analyst(ctx: HandlerContext): string | null {
  return readCaseMeta(ctx.caseFile().db).analyst ?? null;
}

export const reviewHandlers = defineHandlers<ReviewHandlers>({
  'review:set': {
    mode: 'write',
    args: z.object({ flag_key: z.string().min(1).max(300), status: z.enum(REVIEW_STATUSES), reason: z.string().max(2000).optional() }).strict(),
    run: (ctx, args) => {
      const review = setReview(ctx.caseFile().db, args, analyst(ctx));
      ctx.emit({ type: 'case-changed', what: 'reviews' });
      return review;
    },
  },
  'notes:list': {
    mode: 'read',
    args: z.object(subject).strict(),
    run: (ctx, args) => listNotes(ctx.caseFile().db, args.subject_type, args.subject_id),
  },
  'notes:add': {
    mode: 'write',
    args: z.object({ ...subject, body: z.string().min(1).max(20_000) }).strict(),
    run: (ctx, args) => addNote(ctx.caseFile().db, args.subject_type, args.subject_id, args.body, analyst(ctx)),
  },
  'tags:list': {
    mode: 'read',
    args: z.object(subject).strict(),
    run: (ctx, args) => listTags(ctx.caseFile().db, args.subject_type, args.subject_id),
  },
  'tags:set': {
    mode: 'write',
    args: z.object({ ...subject, tags: z.array(z.string().max(100)).max(100) }).strict(),
    run: (ctx, args) => setTags(ctx.caseFile().db, args.subject_type, args.subject_id, args.tags),
  },
});
