import { z } from 'zod';
import type { DocumentHandlers } from '../../../shared/contract/documents';
import { documentPageImage, documentsNamingVin, listDocumentPages } from '../documents/document-pages';
import { acceptProposedRecord, listProposedRecords, rejectProposedRecord, reopenProposedRecord } from '../import/proposed-records';
import { analystArg, sessionAnalyst } from './analyst';
import { searchDocuments } from '../documents/search-documents';
import { defineHandlers } from './handler-table';

const id = z.number().int().positive();
const fieldValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const documentHandlers = defineHandlers<DocumentHandlers>({
  'documents:search': {
    mode: 'read',
    args: z.object({ q: z.string().min(1).max(500), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    run: (ctx, { q, limit }) => searchDocuments(ctx.caseFile().db, q, limit === undefined ? {} : { limit }),
  },
  'documents:pages': {
    mode: 'read',
    args: z.object({ document_id: id }).strict(),
    run: (ctx, { document_id }) => listDocumentPages(ctx.caseFile().db, document_id),
  },
  'documents:page-image': {
    mode: 'read',
    args: z.object({ document_id: id, page: id }).strict(),
    run: (ctx, { document_id, page }) => documentPageImage(ctx.caseFile().db, document_id, page, { signal: ctx.signal }),
  },
  'documents:for-vin': {
    mode: 'read',
    args: z.object({ vin: z.string().min(1).max(40) }).strict(),
    run: (ctx, { vin }) => documentsNamingVin(ctx.caseFile().db, vin.trim().toUpperCase()),
  },
  'proposed:list': {
    mode: 'read',
    args: z.object({ document_id: id.optional(), status: z.enum(['proposed', 'accepted', 'rejected']).optional() }).strict(),
    run: (ctx, args) => listProposedRecords(ctx.caseFile().db, {
      ...(args.document_id === undefined ? {} : { documentId: args.document_id }),
      ...(args.status === undefined ? {} : { status: args.status }),
    }),
  },
  'proposed:accept': {
    mode: 'write',
    args: z.object({ id, corrections: z.record(z.string().max(100), fieldValue).optional(), marks_seen: z.boolean().optional() }).strict(),
    run: (ctx, { id: proposedId, corrections, marks_seen }) => {
      const accepted = acceptProposedRecord(ctx.caseFile().db, proposedId, corrections ?? {}, { marksSeen: marks_seen === true });
      ctx.emit({ type: 'case-changed', what: 'records' });
      return accepted;
    },
  },
  'proposed:reject': {
    mode: 'write',
    args: z.object({ id, reason: z.string().max(2000).optional(), ...analystArg }).strict(),
    run: (ctx, { id: proposedId, reason, analyst }) => {
      rejectProposedRecord(ctx.caseFile().db, proposedId, reason ?? null, sessionAnalyst(ctx, analyst));
      return { rejected: true as const };
    },
  },
  'proposed:reopen': {
    mode: 'write',
    args: z.object({ id, ...analystArg }).strict(),
    run: (ctx, { id: proposedId, analyst }) => {
      reopenProposedRecord(ctx.caseFile().db, proposedId, sessionAnalyst(ctx, analyst));
      return { reopened: true as const };
    },
  },
});
