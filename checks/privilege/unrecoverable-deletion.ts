// The whole incident in one finding: a principal that can delete a prod database AND every
// recovery point that would outlive it (automated backups die with the DB, spec §7), directly or
// through role assumption or escalation. The evidence is the step-by-step path.
import { defineCheck } from '../../src/checks/define.js'
import { conditionalWhy, describePath, describeRecoveryPoints, destroyText, destructionPathEvidence, judgedPrincipals, RECOVERY_NEEDS } from '../../src/checks/paths.js'

/** Why nothing is left, by store, when it has no surviving recovery point at all. */
const NOTHING_SURVIVES = {
  database: 'nothing survives its deletion: it has no manual snapshot, retained automated backup or AWS Backup recovery point, and its RDS automated backups are deleted with it',
  bucket: 'nothing survives: it has no replica in another bucket and no AWS Backup recovery point (its own versions are not a copy)',
  table: 'nothing survives its deletion: it has no on-demand backup, no AWS Backup recovery point and no point-in-time recovery',
} as const

export default defineCheck({
  id: 'unrecoverable-deletion',
  title: 'Principal can destroy a prod data store and every way to restore it',
  riskClass: 'privilege',
  severity: 'critical',
  description:
    'One principal (or one leaked token of it) can delete a prod database and each of its recovery points that ' +
    'would survive the delete: manual snapshots, retained automated backups, AWS Backup recovery points in vaults ' +
    'its vault policy and lock do not protect, copies in other accounts or regions. Automated backups are ' +
    'deleted with the database. After such a call there is nothing to restore from.',
  remediation:
    'Keep at least one copy out of this principal\'s reach: copy recovery points to a vault in a separate backup ' +
    'account, locked in compliance mode (aws backup put-backup-vault-lock-configuration --changeable-for-days 3) ' +
    'with an access policy denying backup:DeleteRecoveryPoint; and remove rds:Delete* from the principal ' +
    '(permission boundary or SCP).',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-account-backup.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
  ],
  compliance: { 'nist-800-53': ['CP-9', 'CP-9(8)', 'AC-6'], soc2: ['A1.2', 'CC6.3'], 'iso-27001': ['A.8.13', 'A.5.15'] },
  needs: RECOVERY_NEEDS,
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals, skip).flatMap((p) =>
      iam.destructionReach(p)
        .filter((r) => r.reaches.includes('delete-everything'))
        .map((r) => {
          const db = r.destroy!
          const conditional = r.verdict === 'conditional'
          const route = describePath([...db.steps, ...r.recoveryPoints.flatMap((rp) => rp.path!.steps)])
          const n = r.recoveryPoints.length
          const what = n
            ? `${p.name} can ${destroyText(r)} and ${n === 1 ? 'the only recovery point' : `all ${n} recovery points`} that would ` +
              `survive it (${describeRecoveryPoints(r.recoveryPoints)}) ${route}, leaving nothing to restore`
            : `${p.name} can ${destroyText(r)} ${route}, and ${NOTHING_SURVIVES[r.store.store]}`
          return finding({
            resource: r.store,
            principal: p,
            severity: conditional ? 'high' : undefined,
            message: what + (conditional ? `; high rather than critical because ${r.destroy!.verdict === 'conditional' ? conditionalWhy(r) : 'a step depends on a condition the inventory cannot prove'}` : ''),
            evidence: {
              verdict: r.verdict,
              way: db.way,
              ...(r.store.store === 'database' ? { deletionProtection: r.store.database.deletionProtection } : {}),
              path: destructionPathEvidence(r.store.name, db.steps, r.recoveryPoints),
              survivingRecoveryPoints: r.recoveryPoints.map((rp) => ({ arn: rp.arn, kind: rp.kind, vaultArn: rp.vaultArn, lock: rp.lock, verdict: rp.path!.verdict })),
              ...(r.unresolvedPolicies.length ? { unresolvedPolicies: r.unresolvedPolicies } : {}),
            },
          })
        }),
    )
  },
})
