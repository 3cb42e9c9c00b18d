// The executor: skips what was not collected, never reports it clean, and withholds findings
// whose place lacks the data they rest on.
import { describe, expect, it } from 'vitest'
import check from '../../checks/backup/rds-not-in-backup-plan.js'
import deletionProtection from '../../checks/backup/rds-deletion-protection-off.js'
import { estate, PROD, REGION, STAGING } from '../support/estate.js'
import { runCheckFull } from '../support/run-check.js'

const gap = (accountId: string) => ({ part: 'backupPlans' as const, accountId, region: REGION, what: `${accountId}/${REGION}/backup-list-backup-selections--p.json`, reason: 'backup:ListBackupSelections failed: 500', failed: true })

describe('runChecks with data that failed to collect', () => {
  it('withholds a finding in the failed place and says so in skipped', () => {
    const inv = estate().prodAccount().database('orders-prod').with((i) => i.gaps.push(gap(PROD))).build()
    const r = runCheckFull(check, inv)
    expect(r.findings).toEqual([])
    expect(r.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/backup-list-backup-selections--p\.json not collected/),
      expect.stringMatching(/^finding on arn:aws:rds:us-east-1:111111111111:db:orders-prod withheld/),
    ])
    // the check ran, in part: one vocabulary, 'not run' only for checks that did not run at all
    expect(r.checksSkipped).toBe(0)
    expect(r.checksPartial).toBe(1)
  })
  it('keeps findings elsewhere, and in checks that do not need the missing part', () => {
    const inv = estate().prodAccount().database('orders-prod', { deletionProtection: false }).account(STAGING, 'acme-prod-eu', 'prod').database('eu-prod')
      .with((i) => i.gaps.push(gap(PROD))).build()
    expect(runCheckFull(check, inv).findings.map((f) => f.resource.arn)).toEqual([inv.arnOf('eu-prod')])
    expect(runCheckFull(deletionProtection, inv).findings.map((f) => f.resource.arn)).toEqual([inv.arnOf('orders-prod')])
  })
  it('an absent optional file is a note, not a partial scan', () => {
    const inv = estate().prodAccount().database('orders-prod').with((i) => i.gaps.push({ ...gap(PROD), failed: false, reason: 'optional file absent' })).build()
    const r = runCheckFull(check, inv)
    expect(r.findings).toHaveLength(1)
    expect(r.skipped[0].reason).toMatch(/absent from the snapshot/)
  })
})
