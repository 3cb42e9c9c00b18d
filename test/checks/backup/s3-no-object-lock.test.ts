import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/s3-no-object-lock.js'
import { estate } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'
import type { Bucket } from '../../../src/inventory/types.js'

const bucket = (objectLock: Bucket['objectLock'], tags = {}) =>
  estate().prodAccount().bucket('invoices-prod', { objectLock, tags }).build()

describe('s3-no-object-lock', () => {
  it('fires, medium, on a prod bucket without Object Lock', () => {
    const [finding, ...rest] = runCheck(check, bucket(null))
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'medium', resource: { arn: 'arn:aws:s3:::invoices-prod' }, evidence: { objectLock: 'none' } })
  })
  it('fires, medium, when Object Lock is on but sets no default retention', () => {
    const [finding] = runCheck(check, bucket({ enabled: true }))
    expect(finding).toMatchObject({ severity: 'medium', evidence: { objectLock: 'no-default-retention' } })
  })
  it('fires, low, on GOVERNANCE mode: s3:BypassGovernanceRetention deletes locked versions', () => {
    const [finding] = runCheck(check, bucket({ enabled: true, defaultRetention: { mode: 'GOVERNANCE', days: 30 } }))
    expect(finding).toMatchObject({ severity: 'low', evidence: { objectLock: 'governance', defaultRetention: { mode: 'GOVERNANCE', days: 30 } } })
    expect(finding.message).toMatch(/GOVERNANCE mode.*BypassGovernanceRetention/)
  })
  it('stays quiet on a COMPLIANCE default retention, in days or in years', () => {
    expect(runCheck(check, bucket({ enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: 30 } }))).toEqual([])
    expect(runCheck(check, bucket({ enabled: true, defaultRetention: { mode: 'COMPLIANCE', years: 1 } }))).toEqual([])
  })
  it('stays quiet for a staging bucket and when the lock configuration was not collected', () => {
    expect(runCheck(check, bucket(null, { Environment: 'staging' }))).toEqual([])
    expect(runCheck(check, bucket(undefined))).toEqual([])
  })
})
