import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/s3-versioning-off.js'
import { estate, PROD } from '../../support/estate.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'

describe('s3-versioning-off', () => {
  it('fires, high, on a prod bucket whose versioning was never enabled, located at its versioning file', () => {
    const inv = estate().prodAccount().bucket('invoices-prod', { versioning: 'Off' }).build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'high', resource: { arn: 'arn:aws:s3:::invoices-prod', type: 'AWS::S3::Bucket' }, environment: 'prod',
      location: { file: `${PROD}/global/s3api-get-bucket-versioning--invoices-prod.json` }, evidence: { versioning: 'Off' },
    })
    expect(finding.message).toMatch(/never enabled \(required: Enabled for prod\)/)
  })
  it('fires on Suspended: suspending keeps old versions but new deletes destroy', () => {
    const [finding] = runCheck(check, estate().prodAccount().bucket('invoices-prod', { versioning: 'Suspended' }).build())
    expect(finding.message).toMatch(/Suspended/)
  })
  it('stays quiet when versioning is Enabled', () => {
    expect(runCheck(check, estate().prodAccount().bucket('invoices-prod').build())).toEqual([])
  })
  it('stays quiet for a staging bucket in the prod account (tag Environment=staging)', () => {
    const inv = estate().prodAccount().bucket('assets', { versioning: 'Off', tags: { Environment: 'staging' } }).build()
    expect(inv.buckets[0].environment.environment).toBe('staging')
    expect(runCheck(check, inv)).toEqual([])
  })
  it('says skipped, not clean, when the versioning file was not collected', () => {
    const inv = estate().prodAccount().bucket('invoices-prod', { versioning: undefined })
      .with((i) => i.gaps.push({ part: 's3Versioning', accountId: PROD, what: `${PROD}/global/s3api-get-bucket-versioning--invoices-prod.json`, reason: 'optional file absent', failed: false }))
      .build()
    const result = runCheckFull(check, inv)
    expect(result.findings).toEqual([])
    expect(result.skipped).toEqual([{ checkId: 's3-versioning-off', reason: expect.stringMatching(/s3api-get-bucket-versioning--invoices-prod.json absent from the snapshot/), kind: 'partial' }])
  })
})
