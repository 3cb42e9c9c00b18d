import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/dynamodb-pitr-off.js'
import { estate, PROD, REGION } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

describe('dynamodb-pitr-off', () => {
  it('fires, high, on a prod table with PITR disabled, located at its continuous-backups file', () => {
    const inv = estate().prodAccount().table('sessions-prod', { pointInTimeRecovery: { enabled: false } }).build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'high', resource: { arn: `arn:aws:dynamodb:${REGION}:${PROD}:table/sessions-prod`, type: 'AWS::DynamoDB::Table' },
      location: { file: `${PROD}/${REGION}/dynamodb-describe-continuous-backups--sessions-prod.json` },
    })
  })
  it('stays quiet with PITR on, for a staging table, and when PITR was not collected', () => {
    expect(runCheck(check, estate().prodAccount().table('sessions-prod').build())).toEqual([])
    expect(runCheck(check, estate().prodAccount().table('sessions-stg', { pointInTimeRecovery: { enabled: false } }).build())).toEqual([])
    expect(runCheck(check, estate().prodAccount().table('sessions-prod', { pointInTimeRecovery: undefined }).build())).toEqual([])
  })
})
