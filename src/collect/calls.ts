// The call table: every AWS operation the live collector may send, and nothing else. The calls
// that write a snapshot file are the rows of the snapshot file table (src/snapshot/files.ts); the
// few that write none (who am I, which regions, the account alias, generating the credential
// report) are listed here. Three things derive from the result so they cannot drift apart: the
// guard's allow-list (src/collect/guard.ts), the IAM policy `bulkhead policy` prints, and which
// calls a scan of some inventory parts makes.
import type { InventoryPart } from '../snapshot/types.js'
import { partsToCollect, SNAPSHOT_FILES, type Service } from '../snapshot/files.js'

export type { Service }

/**
 * `session`: once per scan or per account to know who and where we are;
 * `account`: once per account (global services); `region`: once per account and region;
 * `organization`: once, from the management account, with `--org`.
 */
export type CallScope = 'session' | 'account' | 'region' | 'organization'

export interface Call {
  service: Service
  /** the API operation, as the SDK names its command (`<operation>Command`) */
  operation: string
  /** the IAM action that allows it (S3 names some differently: ListBuckets is s3:ListAllMyBuckets) */
  action: string
  scope: CallScope
  /** which inventory part needs it; undefined = always made (identity, account name, regions) */
  part?: InventoryPart
  /** the snapshot file it writes (spec §2), `<x>` for a per-resource name */
  file?: string
  why: string
}

/** The calls that write no snapshot file. */
const OTHER_CALLS: readonly Call[] = [
  { service: 'sts', operation: 'GetCallerIdentity', action: 'sts:GetCallerIdentity', scope: 'session', why: 'the account id of the credentials (and a cheap check that an assumed role works); agent-check --aws also signs it with each static key found, to learn whose it is (src/collect/identity.ts)' },
  { service: 'sts', operation: 'AssumeRole', action: 'sts:AssumeRole', scope: 'organization', why: 'with --org, read-only sessions in member accounts; sent by the credential provider, never to write' },
  { service: 'ec2', operation: 'DescribeRegions', action: 'ec2:DescribeRegions', scope: 'account', why: '--regions all: the regions enabled for the account (opt-in regions that are off would only fail)' },
  { service: 'iam', operation: 'ListAccountAliases', action: 'iam:ListAccountAliases', scope: 'account', why: 'the account name in the manifest when there is no organization' },
  { service: 'iam', operation: 'GenerateCredentialReport', action: 'iam:GenerateCredentialReport', scope: 'account', part: 'credentialReport', why: 'the credential report must be generated before it can be read' },
]

export const CALLS: readonly Call[] = [
  ...OTHER_CALLS,
  ...SNAPSHOT_FILES.map((f): Call => ({ service: f.service, operation: f.operation, action: f.action, scope: f.scope, part: f.part, file: f.name, why: f.why })),
]

/** The IAM action of a call (what `bulkhead policy` grants for it). */
export const actionOf = (c: Pick<Call, 'action'>): string => c.action

/**
 * Read-only by name: what spec §6 lets the collector send. AssumeRole is the one exception in the
 * table: it returns credentials and changes nothing in the target account.
 */
export function isReadOnlyOperation(operation: string): boolean {
  return /^(List|Get|Describe)[A-Z]/.test(operation) || operation === 'GenerateCredentialReport' || operation === 'AssumeRole'
}

/**
 * `service:Operation` (the API operation, as the SDK command names it) → the IAM action, for
 * every read-only call of the table: what the guard lets through.
 */
export function allowedOperations(): ReadonlyMap<string, string> {
  return new Map(CALLS.filter((c) => isReadOnlyOperation(c.operation)).map((c) => [`${c.service}:${c.operation}`, c.action]))
}

/** The calls a scan makes for the requested parts (all parts when undefined). */
export function callsFor(parts: readonly InventoryPart[] | undefined): Call[] {
  const collected = partsToCollect(parts)
  return CALLS.filter((c) => c.part === undefined || collected === undefined || collected.includes(c.part))
}

/** Whether the collector should make calls feeding `part`; `parts` already holds what they depend on. */
export function wants(parts: readonly InventoryPart[] | undefined, part: InventoryPart): boolean {
  return parts === undefined || parts.includes(part)
}
