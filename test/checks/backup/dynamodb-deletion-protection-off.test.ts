import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/dynamodb-deletion-protection-off.js'
import { estate, PROD, REGION } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

describe('dynamodb-deletion-protection-off', () => {
  it('fires, high, on a prod table without deletion protection', () => {
    const inv = estate().prodAccount().table('sessions-prod', { deletionProtection: false }).build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: `arn:aws:dynamodb:${REGION}:${PROD}:table/sessions-prod` }, evidence: { deletionProtection: false } })
    expect(finding.message).toBe('table sessions-prod has DeletionProtectionEnabled false (required: true for prod)')
  })
  it('stays quiet when protected (PITR off is another check), and for a staging table in the prod account', () => {
    expect(runCheck(check, estate().prodAccount().table('sessions-prod', { pointInTimeRecovery: { enabled: false } }).build())).toEqual([])
    expect(runCheck(check, estate().prodAccount().table('carts', { deletionProtection: false, tags: { Stage: 'uat' } }).build())).toEqual([])
  })
})
