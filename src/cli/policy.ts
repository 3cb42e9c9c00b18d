// `bulkhead policy`: the least-privilege IAM policy a live scan needs, derived from the same call
// table as the read-only guard (itself built on the snapshot file table), so the policy and what
// the collector sends cannot drift apart.
import { actionOf, CALLS } from '../collect/calls.js'

export interface PolicyOptions {
  /** the role --org assumes in member accounts (default OrganizationAccountAccessRole) */
  assumeRole?: string
}

export function policyDocument(opts: PolicyOptions = {}): object {
  const read = [...new Set(CALLS.filter((c) => c.operation !== 'AssumeRole').map(actionOf))].sort()
  const role = opts.assumeRole ?? 'OrganizationAccountAccessRole'
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'BulkheadReadOnly', Effect: 'Allow', Action: read, Resource: '*' },
      // Only with --org: the read-only sessions in member accounts.
      { Sid: 'BulkheadAssumeMemberRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:aws:iam::*:role/${role}` },
    ],
  }
}

/** Prints the policy on stdout; always exit 0. */
export function runPolicy(opts: PolicyOptions = {}, stdout: { write(text: string): unknown } = process.stdout): number {
  stdout.write(`${JSON.stringify(policyDocument(opts), null, 2)}\n`)
  return 0
}
