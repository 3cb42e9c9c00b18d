import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/stale-access-key.js'
import { daysAgo, estate } from '../../support/estate.js'
import type { AccessKey } from '../../../src/inventory/types.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'

const withKeys = (accessKeys: AccessKey[], over = {}) =>
  estate().prodAccount().user('ci-deploy', { credentials: { passwordEnabled: false, accessKeys }, ...over }).build()

describe('stale-access-key', () => {
  it('fires, medium, on an active key older than 90 days', () => {
    const inv = withKeys([{ id: 'AKIAEXAMPLE000000001', active: true, createdAt: daysAgo(400) }])
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'medium',
      resource: { arn: inv.arnOf('ci-deploy') },
      principal: { arn: inv.arnOf('ci-deploy') },
      evidence: { maxKeyAgeDays: 90, staleAccessKeys: [{ id: 'AKIA…0001', ageDays: 400 }] },
    })
    expect(finding.message).toBe('user ci-deploy has an active access key 400 days old (rotation limit 90 days)')
  })
  it('stays quiet at exactly 90 days and for an old inactive key', () => {
    const inv = withKeys([
      { id: 'AKIAEXAMPLE000000001', active: true, createdAt: daysAgo(90) },
      { id: 'AKIAEXAMPLE000000002', active: false, createdAt: daysAgo(900) },
    ])
    expect(runCheck(check, inv)).toEqual([])
  })
  it('fires at 90 days and a few hours: the limit is compared on the exact age', () => {
    const inv = withKeys([{ id: 'AKIAEXAMPLE000000001', active: true, createdAt: daysAgo(90.25) }])
    const [finding] = runCheck(check, inv)
    expect(finding.message).toBe('user ci-deploy has an active access key 90.3 days old (rotation limit 90 days)')
  })
  it('uses a configured limit: 60 days fires against 30', () => {
    const inv = withKeys([{ id: 'AKIAEXAMPLE000000001', active: true, createdAt: daysAgo(60) }])
    expect(runCheck(check, inv, { maxKeyAgeDays: 30 })).toHaveLength(1)
  })
  it('skips a break-glass user and says so', () => {
    const inv = withKeys([{ id: 'AKIAEXAMPLE000000001', active: true, createdAt: daysAgo(400) }], { breakGlass: true })
    const result = runCheckFull(check, inv)
    expect(result.findings).toEqual([])
    expect(result.skipped).toMatchObject([{ checkId: 'stale-access-key', reason: expect.stringContaining('break-glass') }])
  })
})
