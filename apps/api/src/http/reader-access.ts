import type { FastifyRequest } from 'fastify';
import { notVisible, readAccess, type ReadForm, type ReadKind, type ReadRecord } from '#application';
import type { RowScope } from '#read-models';
import { authenticatedActor } from './authentication.js';

/**
 * How every query controller applies who may see what (libs/application/src/authority/read-access.ts):
 * it hands over the request's verified reader and the kind it reads, nothing else. Lists narrow their
 * rows in SQL; details answer 404 outside the rows, else the full or the public form.
 */

/** The rows of `kind` this request's reader may list (pass as the list query's `scope`). */
export const readerRows = (request: FastifyRequest, kind: ReadKind): RowScope => readAccess(authenticatedActor(request), kind).rows;

/** A detail as the reader sees it: `view` says which form (full, or the notice board's public one). */
export type Viewed<Full, Public> = (Full & { view: 'full' }) | (Public & { view: 'public' });

/**
 * One loaded record as this request's reader may see it: throws the kind's 404 (as for an unknown id)
 * when it lies outside the reader's rows; otherwise the full detail, or `publicForm` of it.
 */
export function readerView<Full>(request: FastifyRequest, kind: ReadKind, id: string, record: ReadRecord, full: Full): Full & { view: 'full' };
export function readerView<Full, Public>(
  request: FastifyRequest, kind: ReadKind, id: string, record: ReadRecord, full: Full, publicForm: (full: Full) => Public,
): Viewed<Full, Public>;
export function readerView<Full, Public>(
  request: FastifyRequest,
  kind: ReadKind,
  id: string,
  record: ReadRecord,
  full: Full,
  publicForm?: (full: Full) => Public,
): Viewed<Full, Public> {
  const access = readAccess(authenticatedActor(request), kind);
  if (!access.sees(record)) throw notVisible(kind, id);
  const form: ReadForm = publicForm ? access.form(record) : 'full';
  return form === 'full' || !publicForm ? { ...full, view: 'full' } : { ...publicForm(full), view: 'public' };
}

/** Whether this request's reader may see `record` of `kind` at all: one row inside a detail (a challenge, read as its challenger's bid). */
export const readerSees = (request: FastifyRequest, kind: ReadKind, record: ReadRecord): boolean => readAccess(authenticatedActor(request), kind).sees(record);

/** Whether this request's reader sees `record` in full (the bids of a project, for one). */
export const readerSeesInFull = (request: FastifyRequest, kind: ReadKind, record: ReadRecord): boolean => {
  const access = readAccess(authenticatedActor(request), kind);
  return access.sees(record) && access.form(record) === 'full';
};
