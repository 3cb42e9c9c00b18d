// Breaks the chain at "working on a staging task … deleted production": a staging, dev or test
// principal that can modify or delete prod data, directly or through role assumption.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd } from '../../src/inventory/environment.js'
import { describePath, destructionPathEvidence, judgedPrincipals, pathEvidence } from '../../src/checks/paths.js'

export default defineCheck({
  id: 'nonprod-principal-writes-prod',
  title: 'Non-prod principal can modify or delete prod data',
  riskClass: 'isolation',
  severity: 'high',
  description:
    'A principal classified staging, dev or test whose permissions, directly or through role assumption or ' +
    'escalation, let it modify or delete a prod database or one of its recovery points. Its credentials live ' +
    'where non-prod work happens, so they are the ones that leak. Critical when it can delete.',
  remediation:
    'Remove the cross-environment path: drop the prod role\'s trust of the non-prod account or principal ' +
    '(aws iam update-assume-role-policy), or scope the non-prod principal\'s sts:AssumeRole to non-prod roles.',
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/benefits-of-using-multiple-aws-accounts.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html',
  ],
  compliance: { 'nist-800-53': ['AC-4', 'SC-7', 'CM-7'], soc2: ['CC6.1', 'CC8.1'], 'iso-27001': ['A.8.31'] },
  needs: ['iam', 'rds'],
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals.filter(isNonProd), skip, false).flatMap((p) =>
      iam.destructionReach(p).map((r) => {
        const deletable = r.recoveryPoints.filter((rp) => rp.path)
        const canDelete = r.deleteDatabase !== undefined || deletable.length > 0
        // the worst it can do, and the steps to it: the database, else its recovery points, else a modify
        const viaRecoveryPoints = !r.deleteDatabase && deletable.length > 0
        const steps = r.deleteDatabase?.steps ?? (viaRecoveryPoints ? deletable.flatMap((rp) => rp.path!.steps) : r.modifyDatabase!.steps)
        const verdict = r.deleteDatabase?.verdict ?? (viaRecoveryPoints ? r.verdict : r.modifyDatabase!.verdict)
        const what = r.deleteDatabase
          ? `delete prod database ${r.database.name}${r.database.deletionProtection ? ' (after turning its deletion protection off)' : ''}`
          : viaRecoveryPoints
            ? `delete ${deletable.length} of the ${r.recoveryPoints.length} surviving recovery points of prod database ${r.database.name}`
            : `modify prod database ${r.database.name} (its deletion protection, backup retention or master password)`
        return finding({
          resource: r.database,
          principal: p,
          severity: canDelete ? 'critical' : undefined,
          message:
            `${p.environment.environment} principal ${p.name} can ${what} ${describePath(steps)}` +
            (canDelete ? '; critical because it can delete' : ''),
          evidence: {
            principalEnvironment: p.environment.environment,
            canDelete,
            verdict,
            path: viaRecoveryPoints ? destructionPathEvidence(r.database.name, [], deletable) : pathEvidence(steps),
          },
        })
      }),
    )
  },
})
