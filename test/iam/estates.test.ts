// The example estates through the real reader and normalizer: the incident's shape must come out
// as unrecoverable-deletion (critical) for the staging deploy key, and the well-isolated estate
// must give no critical or high finding from the IAM checks.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openSnapshot } from '../../src/snapshot/read.js'
import { normalize } from '../../src/inventory/normalize.js'
import { NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'
import { runChecks } from '../../src/checks/run.js'
import { createIamEngine } from '../../src/iam/index.js'
import { IAM_CHECKS } from '../../bench/iam.js'

const ESTATES = join(import.meta.dirname, '..', '..', 'fixtures', 'estates')
const load = (name: string) =>
  normalize(openSnapshot(join(ESTATES, name)), { environments: NO_ENVIRONMENT_CONFIG, breakGlass: [], kind: 'snapshot' })

describe('example estates', () => {
  it('shared-blast-radius: the staging deploy user can destroy prod and every way back', () => {
    const inv = load('shared-blast-radius')
    const { findings } = runChecks(IAM_CHECKS, inv, { iam: () => createIamEngine(inv) })
    const critical = findings.filter((f) => f.checkId === 'unrecoverable-deletion' && f.severity === 'critical')
    expect(critical.map((f) => f.principal?.arn)).toContain('arn:aws:iam::222222222222:user/staging-deploy')
    const deploy = critical.find((f) => f.principal?.arn === 'arn:aws:iam::222222222222:user/staging-deploy')!
    expect((deploy.evidence.path as { action: string }[])[0]).toMatchObject({ action: 'sts:AssumeRole', to: 'arn:aws:iam::111111111111:role/deploy-prod' })
  })

  it('shared-blast-radius: destructionReach, the question the token check asks, gives the same answer', () => {
    const inv = load('shared-blast-radius')
    const engine = createIamEngine(inv)
    const deploy = inv.principals.find((p) => p.arn === 'arn:aws:iam::222222222222:user/staging-deploy')!
    const reach = engine.destructionReach(deploy)
    expect(reach.length).toBeGreaterThan(0)
    expect(reach.every((r) => r.reaches.includes('delete-everything'))).toBe(true)
  })

  it('well-isolated: no critical or high finding from the IAM checks', () => {
    const inv = load('well-isolated')
    const { findings } = runChecks(IAM_CHECKS, inv, { iam: () => createIamEngine(inv) })
    expect(findings.filter((f) => f.severity === 'critical' || f.severity === 'high')).toEqual([])
  })
})

describe('the path budget', () => {
  it('past it, findings keep their verdicts without steps, say so, and the engine notes it for the report', () => {
    const inv = load('shared-blast-radius')
    const full = runChecks(IAM_CHECKS, inv, { iam: () => createIamEngine(inv) })
    const budgeted = runChecks(IAM_CHECKS, inv, { iam: () => createIamEngine(inv, { pathBudget: 1 }) })
    // the same findings, the same severities: only evidence is shorter
    expect(budgeted.findings.map((f) => [f.fingerprint, f.severity])).toEqual(full.findings.map((f) => [f.fingerprint, f.severity]))
    const shortened = budgeted.findings.filter((f) => f.message.includes('steps were not computed'))
    expect(shortened.length).toBeGreaterThan(0)
    expect(shortened.every((f) => (f.evidence.path as { omitted?: boolean }[]).some((s) => s.omitted))).toBe(true)
    expect(budgeted.notes).toEqual([expect.stringMatching(/^the steps of \d+ principals' paths were not computed: the scan's budget of 1 principals/)])
    expect(full.notes).toBeUndefined()
  })
})
