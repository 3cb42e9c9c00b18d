// A baseline is only useful if yesterday's findings keep their fingerprints when the estate
// grows, and when the same estate is read live instead of from a snapshot.
import { describe, expect, it } from 'vitest'
import deletionProtection from '../../checks/backup/rds-deletion-protection-off.js'
import crossEnvTrust from '../../checks/isolation/cross-env-role-trust.js'
import { runChecks } from '../../src/checks/run.js'
import type { Inventory } from '../../src/inventory/types.js'
import { createIamEngine } from '../../src/iam/index.js'
import { applyBaseline, createBaseline } from '../../src/suppress/baseline.js'
import { allowAll, estate, STAGING, trustAccount, type EstateBuilder } from '../support/estate.js'
import { sampleReport } from '../support/sample-report.js'

const checks = [deletionProtection, crossEnvTrust]
const scan = (inv: Inventory) => runChecks(checks, inv, { iam: () => createIamEngine(inv) }).findings

const base = (): EstateBuilder =>
  estate()
    .stagingAccount()
    .prodAccount()
    .database('orders', { deletionProtection: false })
    .database('billing', { deletionProtection: false })
    .role('prod-deployer', trustAccount(STAGING))
    .inline('prod-deployer', allowAll(['rds:*']))

describe('fingerprints across runs', () => {
  it('keeps every old fingerprint when a role and a database are added', () => {
    const before = scan(base().build())
    expect(before.map((f) => f.checkId).sort()).toEqual(['cross-env-role-trust', 'rds-deletion-protection-off', 'rds-deletion-protection-off'])

    const after = scan(
      base()
        .role('prod-migrator', trustAccount(STAGING))
        .inline('prod-migrator', allowAll(['rds:ModifyDBInstance']))
        .database('ledger', { deletionProtection: false })
        .build(),
    )
    expect(after.length).toBe(before.length + 2)
    const afterPrints = new Set(after.map((f) => f.fingerprint))
    for (const f of before) expect(afterPrints, `${f.checkId} on ${f.resource.arn}`).toContain(f.fingerprint)

    // so the baseline of the first run flags exactly the old findings of the second
    const flagged = applyBaseline(after, createBaseline(sampleReport(before)), 'b.json')
    expect(flagged.filter((f) => !f.suppressed).map((f) => f.resource.arn).sort()).toEqual([
      'arn:aws:iam::111111111111:role/prod-migrator',
      'arn:aws:rds:us-east-1:111111111111:db:ledger',
    ])
  })

  it('gives the same fingerprints whether the estate was read live or from a snapshot', () => {
    const fromSnapshot = scan(base().build())
    const live = scan(
      base()
        .with((inv) => {
          inv.source = { kind: 'aws' }
          for (const r of [...inv.databases, ...inv.principals]) r.source = `aws/${r.accountId}/${r.region}`
        })
        .build(),
    )
    expect(live.map((f) => f.location.file)).not.toEqual(fromSnapshot.map((f) => f.location.file))
    expect(live.map((f) => f.fingerprint)).toEqual(fromSnapshot.map((f) => f.fingerprint))
  })

  it('gives the same fingerprints on a second identical run', () => {
    expect(scan(base().build()).map((f) => f.fingerprint)).toEqual(scan(base().build()).map((f) => f.fingerprint))
  })
})
