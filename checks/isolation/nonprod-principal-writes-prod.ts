// Breaks the chain at "working on a staging task … deleted production": a staging, dev or test
// principal that can modify or delete prod data, directly or through role assumption.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd } from '../../src/inventory/environment.js'
import { describePath, DESTRUCTION_NEEDS, destroyText, destructionPathEvidence, judgedPrincipals, pathEvidence, prodStore } from '../../src/checks/paths.js'

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
  needs: DESTRUCTION_NEEDS,
  run({ inventory, iam, finding, skip }) {
    return judgedPrincipals(inventory.principals.filter(isNonProd), skip, false).flatMap((p) =>
      iam.destructionReach(p).map((r) => {
        const deletable = r.recoveryPoints.filter((rp) => rp.path)
        const canDelete = r.destroy !== undefined || deletable.length > 0
        // a login as the master user destroys the data only if the database is reachable: not critical alone
        const surely = (r.destroy !== undefined && !r.destroy.unproven) || deletable.length > 0
        // the worst it can do, and the steps to it: the data, else its recovery points, else a modify
        const viaRecoveryPoints = (!r.destroy || !surely) && deletable.length > 0
        const steps = viaRecoveryPoints ? deletable.flatMap((rp) => rp.path!.steps) : r.destroy?.steps ?? r.modify!.steps
        const verdict = viaRecoveryPoints ? r.verdict : r.destroy?.verdict ?? r.modify!.verdict
        const what = viaRecoveryPoints
          ? `delete ${deletable.length} of the ${r.recoveryPoints.length} surviving recovery points of ${prodStore(r.store)}`
          : r.destroy
            ? destroyText(r)
            : `modify ${prodStore(r.store)} (${r.store.store === 'table' ? 'its deletion protection' : 'its deletion protection, backup retention or master password'})`
        return finding({
          resource: r.store,
          principal: p,
          severity: surely ? 'critical' : undefined,
          message:
            `${p.environment.environment} principal ${p.name} can ${what} ${describePath(steps)}` +
            (surely ? '; critical because it can delete' : r.destroy ? `; high, not critical, because ${r.destroy.unproven ?? 'a step is conditional'}` : ''),
          evidence: {
            principalEnvironment: p.environment.environment,
            canDelete,
            verdict,
            path: viaRecoveryPoints ? destructionPathEvidence(r.store.name, [], deletable) : pathEvidence(steps),
          },
        })
      }),
    )
  },
})
