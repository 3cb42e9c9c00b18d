// One snapshot file from its row of the snapshot file table: the operation sent through the
// session's guarded client, every page read and merged as the CLI prints it, and the row's
// NotFound and "empty" answers applied. Every collector writes its files through here.
import type { Pagination, SnapshotFile } from '../snapshot/files.js'
import { pathOf } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { mergePages, withoutMetadata } from './output.js'
import type { Fetched, ScanState } from './state.js'

export interface FileRequest {
  account: string
  /** the region of the file's folder (ignored for global files) */
  region: string
  /** the per-resource names of the file name's `<x>` parts */
  names?: string[]
  /** request parameters besides the row's fixed ones (the resource to describe) */
  input?: Record<string, unknown>
  /** where to send it when that differs from `region` (a bucket's region, for global/ files) */
  endpointRegion?: string
  /** what to make of the answer before it is written (the CLI's null for us-east-1) */
  shape?: (body: Record<string, unknown>) => Record<string, unknown>
}

/** Writes the file (or records its failure) and answers its body; undefined when not written. */
export function collectFile<T extends object>(s: ScanState, clients: Clients, file: SnapshotFile, req: FileRequest): Promise<T | undefined> {
  const path = pathOf(file, req.account, req.region, ...(req.names ?? []))
  const send = (input: object) => clients.send(file.service, req.endpointRegion ?? req.region, file.operation, input)
  return s.file<T>(
    path,
    file.action,
    async () => {
      const fetched = await fetchPages(send, file.pagination, { ...file.input, ...req.input })
      return req.shape ? { ...fetched, body: req.shape(fetched.body as Record<string, unknown>) } : fetched
    },
    { ...(file.notFound ? { absentOn: file.notFound } : {}), ...(file.emptyOn ? { emptyOn: file.emptyOn } : {}) },
  )
}

/**
 * Every page of one operation, merged: list keys concatenated, the tokens dropped. A token that
 * repeats the one just sent would never end; that is an answer to fail on, not to follow.
 */
export async function fetchPages(send: (input: object) => Promise<Record<string, unknown>>, pagination: Pagination, input: object): Promise<Fetched> {
  if (pagination.kind === 'single') return { body: withoutMetadata(await send(input)), pages: 1 }
  const pages: Record<string, unknown>[] = []
  const limit = pagination.limit ? { [pagination.limit.key]: pagination.limit.value } : {}
  let token: unknown
  do {
    const page = await send({ ...input, ...limit, ...(token === undefined ? {} : { [pagination.inputToken]: token }) })
    pages.push(page)
    const next = page[pagination.outputToken]
    if (next !== undefined && next !== null && next !== '' && next === token) {
      throw new Error(`the endpoint answered the same ${pagination.outputToken} twice in a row: paging would never end`)
    }
    token = next === null || next === '' ? undefined : next
  } while (token !== undefined)
  const body = mergePages(pages, pagination.listKeys)
  delete body[pagination.outputToken]
  return { body, pages: pages.length }
}
