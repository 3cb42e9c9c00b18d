// Breaks the chain at "and its backups": names every principal that can delete at least one
// recovery point that would outlive a prod database (spec §7: who can delete what, vault policy
// and Vault Lock included).
import { defineCheck } from '../../src/checks/define.js'
import { describePath, describeRecoveryPoints, destructionPathEvidence, judgedPrincipals, prodStore, RECOVERY_NEEDS } from '../../src/checks/paths.js'

export default defineCheck({
  id: 'can-delete-prod-backups',
  title: 'Principal can delete recovery points of a prod database',
  riskClass: 'privilege',
  severity: 'high',
  description:
    'A principal that can, directly or through role assumption or escalation, delete a surviving recovery ' +
    'point of a prod database: a manual snapshot (rds:DeleteDBSnapshot), a retained automated backup, or an ' +
    'AWS Backup recovery point (backup:DeleteRecoveryPoint or UpdateRecoveryPointLifecycle, not denied by the ' +
    'vault access policy, in a vault without a compliance-mode lock).',
  remediation:
    'Deny backup:DeleteRecoveryPoint and backup:UpdateRecoveryPointLifecycle in the vault access policy ' +
    '(aws backup put-backup-vault-access-policy), lock the vault in compliance mode ' +
    '(aws backup put-backup-vault-lock-configuration --changeable-for-days 3), and remove rds:DeleteDB*Snapshot ' +
    'from everyday principals.',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html',
  ],
  compliance: { 'nist-800-53': ['CP-9', 'AC-6'], soc2: ['A1.2', 'CC6.3'], 'iso-27001': ['A.8.13', 'A.8.2'] },
  needs: RECOVERY_NEEDS,
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals, skip).flatMap((p) =>
      iam.destructionReach(p)
        .filter((r) => r.reaches.includes('delete-recovery'))
        .map((r) => {
          const deletable = r.recoveryPoints.filter((rp) => rp.path)
          const conditional = deletable.every((rp) => rp.path!.verdict === 'conditional')
          const total = r.recoveryPoints.length
          const share = deletable.length === total
            ? (total === 1 ? 'the only surviving recovery point' : `all ${total} surviving recovery points`)
            : `${deletable.length} of ${total} surviving recovery points`
          return finding({
            resource: r.store,
            principal: p,
            severity: conditional ? 'medium' : undefined,
            message:
              `${p.name} can delete ${share} of ${prodStore(r.store)} (${describeRecoveryPoints(deletable)}) ` +
              describePath(deletable.flatMap((rp) => rp.path!.steps)) +
              (conditional ? '; medium because every such path depends on a condition the inventory cannot prove' : ''),
            evidence: {
              path: destructionPathEvidence(r.store.name, [], deletable),
              deletable: deletable.map((rp) => ({ arn: rp.arn, kind: rp.kind, vaultArn: rp.vaultArn, verdict: rp.path!.verdict })),
              protected: r.recoveryPoints.filter((rp) => !rp.path).map((rp) => ({ arn: rp.arn, kind: rp.kind, vaultArn: rp.vaultArn, reason: rp.reason })),
              ...(r.unresolvedPolicies.length ? { unresolvedPolicies: r.unresolvedPolicies } : {}),
            },
          })
        }),
    )
  },
})
