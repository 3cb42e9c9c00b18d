// Breaks the chain at "one token for every environment": a single user or role whose own
// permissions write data of prod and of non-prod, so a job in either holds the keys to both.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd, isProd } from '../../src/inventory/environment.js'
import { judgedDatabases } from '../../src/inventory/recovery.js'
import type { Database, Principal } from '../../src/inventory/types.js'
import { judgedPrincipals } from '../../src/checks/paths.js'
import type { IamEngine } from '../../src/iam/engine.js'

const WRITES = {
  instance: ['rds:DeleteDBInstance', 'rds:ModifyDBInstance'],
  cluster: ['rds:DeleteDBCluster', 'rds:ModifyDBCluster'],
} as const

function writes(engine: IamEngine, p: Principal, db: Database): string | undefined {
  return WRITES[db.kind].find((a) => engine.mayGrant(p, a) && engine.can(p, a, db.arn).verdict !== 'denied')
}

export default defineCheck({
  id: 'principal-spans-environments',
  title: 'One principal writes data of prod and non-prod',
  riskClass: 'isolation',
  severity: 'high',
  description:
    'A user or role whose own permissions modify or delete databases of prod and of staging, dev or test. ' +
    'Whatever non-prod task uses its credentials can also change prod.',
  remediation:
    'Split it into one principal per environment (ideally one account per environment), each scoped to its own ' +
    'resources by ARN or by an aws:ResourceTag/Environment condition.',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html'],
  compliance: { 'nist-800-53': ['AC-4', 'AC-6'], soc2: ['CC6.1'], 'iso-27001': ['A.8.31'] },
  needs: ['iam', 'rds'],
  run({ inventory, iam, finding, skip }) {
    const dbs = judgedDatabases(inventory)
    const prodDbs = dbs.filter(isProd)
    const otherDbs = dbs.filter(isNonProd)
    if (!prodDbs.length || !otherDbs.length) return []
    return judgedPrincipals(inventory.principals, skip, false).flatMap((p) => {
      const prod = prodDbs.flatMap((db) => { const a = writes(iam, p, db); return a ? [{ arn: db.arn, action: a }] : [] })
      if (!prod.length) return []
      const other = otherDbs.flatMap((db) => { const a = writes(iam, p, db); return a ? [{ arn: db.arn, environment: db.environment.environment, action: a }] : [] })
      if (!other.length) return []
      return [finding({
        resource: p,
        principal: p,
        message: `${p.name} can write ${prod.length} prod and ${other.length} non-prod databases with the same credentials`,
        evidence: { prod, nonProd: other },
      })]
    })
  },
})
