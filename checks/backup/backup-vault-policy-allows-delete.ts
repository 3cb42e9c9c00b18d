// Breaks the chain at "its backups were deleted too": a vault access policy that denies
// backup:DeleteRecoveryPoint to everyone stops even an over-scoped token whose identity policy
// allows the delete (spec §7), leaving only break-glass principals able to prune it.
import { defineCheck } from '../../src/checks/define.js'
import { whyNotDenying, type Protected } from '../../src/checks/deny-all.js'
import { arnMatches } from '../../src/inventory/environment.js'
import { prodRecoveryPointsIn } from '../../src/inventory/recovery.js'
import type { RecoveryPoint } from '../../src/inventory/types.js'

/**
 * The ARNs a policy may name one recovery point by: its own (for RDS an rds snapshot ARN) and the
 * generic backup recovery-point form the service authorization reference lists for DeleteRecoveryPoint.
 */
function namesOf(rp: RecoveryPoint): string[] {
  const parts = rp.arn.split(':')
  const id = parts.slice(6).join(':') // arn:aws:rds:<region>:<account>:snapshot:<id> → <id>
  return [rp.arn, `arn:${parts[1] ?? 'aws'}:backup:${rp.region}:${rp.accountId}:recovery-point:${id}`]
}

/** What the vault policy must deny: DeleteRecoveryPoint of each prod recovery point. */
const targets = (points: RecoveryPoint[]): Protected[] =>
  points.map((rp) => {
    const named = (pattern: string) => namesOf(rp).some((n) => arnMatches(pattern, n))
    return { action: 'backup:DeleteRecoveryPoint', what: 'all prod recovery points', coveredBy: named, excludedBy: named }
  })

export default defineCheck({
  id: 'backup-vault-policy-allows-delete',
  title: 'Backup vault holding prod recovery points does not deny DeleteRecoveryPoint to everyone',
  riskClass: 'backup',
  severity: 'high',
  description:
    'An AWS Backup vault access policy is a resource policy: a Deny of backup:DeleteRecoveryPoint (or a ' +
    'wildcard covering it) to "*" overrides any identity policy, so a leaked administrator token still cannot ' +
    'delete the recovery points. A vault with no access policy, or one whose deny is limited by principals or ' +
    'conditions other than an exemption of break-glass principals, leaves deletion to identity policies alone.',
  remediation:
    'aws backup put-backup-vault-access-policy --backup-vault-name <vault> --policy ' +
    '\'{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":["backup:DeleteRecoveryPoint",' +
    '"backup:UpdateRecoveryPointLifecycle","backup:PutBackupVaultAccessPolicy"],"Resource":"*","Condition":{"ArnNotLike":' +
    '{"aws:PrincipalArn":"arn:aws:iam::<account>:role/break-glass"}}}]}\'',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultAccessPolicy.html',
  ],
  compliance: { 'nist-800-53': ['AC-3', 'AC-6', 'CP-9'], soc2: ['CC6.1', 'A1.2'], 'iso-27001': ['A.8.3', 'A.8.13'] },
  // iam: the principals a break-glass exemption names
  needs: ['backupVaults', 'backupVaultPolicies', 'recoveryPoints', 'rds', 'iam'],
  run({ inventory, finding, skip }) {
    return inventory.vaults.flatMap((vault) => {
      const points = prodRecoveryPointsIn(inventory, vault)
      if (points.length === 0) return []
      const held = `vault ${vault.name} holds ${points.length} prod recovery point${points.length === 1 ? '' : 's'}`
      if (vault.accessPolicy === undefined) {
        // not collected: the executor reports the gap; say so here only when no gap covers this vault
        const covered = inventory.gaps.some((g) => g.part === 'backupVaultPolicies' && (!g.accountId || g.accountId === vault.accountId))
        if (!covered) skip(`${vault.arn}: access policy not collected`)
        return []
      }
      if (vault.accessPolicy === null) {
        return [finding({
          resource: vault,
          message: `${held} and has no access policy, so 0 statements deny backup:DeleteRecoveryPoint (required: a Deny to "*")`,
          evidence: { accessPolicy: null, prodRecoveryPoints: points.map((rp) => rp.arn) },
        })]
      }
      const statements = vault.accessPolicy.Statement
      // each prod recovery point needs some statement that denies its deletion to everyone
      const open = points.filter((rp) => !statements.some((s) => whyNotDenying(inventory, s, targets([rp])) === undefined))
      if (open.length === 0) return []
      const reasons = statements.map((s, i) => ({ statement: s.Sid ?? `Statement[${i}]`, reason: whyNotDenying(inventory, s, targets(open)) ?? 'denies only some of them' }))
      return [finding({
        resource: vault,
        message: `${held} and its access policy denies backup:DeleteRecoveryPoint to all principals for ${points.length - open.length} of them (required: all, by a Deny to "*" with at most a break-glass exemption)`,
        evidence: { statements: reasons, undeniedRecoveryPoints: open.map((rp) => rp.arn), prodRecoveryPoints: points.map((rp) => rp.arn) },
      })]
    })
  },
})
