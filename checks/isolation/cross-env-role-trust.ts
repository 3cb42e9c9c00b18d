// Breaks the chain at "a staging task reached prod": a prod role that a staging or dev
// principal may assume turns every non-prod credential into a prod credential.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd, isProd } from '../../src/inventory/environment.js'
import type { Inventory } from '../../src/inventory/types.js'
import type { Assumer } from '../../src/iam/engine.js'

/** callers listed in evidence; the message and `admittedCount` count them all */
const EXAMPLES = 20

/** Why a caller is non-prod, or undefined when it is not. */
function nonProdReason(inventory: Inventory, a: Assumer): string | undefined {
  if (a.principal && a.principal.kind !== 'root') return isNonProd(a.principal) ? `${a.principal.name} is ${a.principal.environment.environment} (${a.principal.environment.detail})` : undefined
  const account = inventory.accounts.find((x) => x.id === a.accountId)
  return account && isNonProd(account) ? `account ${a.accountId} is ${account.environment.environment}` : undefined
}

export default defineCheck({
  id: 'cross-env-role-trust',
  title: 'Prod role can be assumed by a non-prod account or principal',
  riskClass: 'isolation',
  severity: 'high',
  description:
    'A prod IAM role that a staging, dev or test principal can assume lets any credential leaked from that ' +
    'environment act in prod with the role\'s permissions. A caller counts when the trust policy admits it AND ' +
    'its own policies allow sts:AssumeRole (the IAM engine decides both, conditions included: aws:PrincipalOrgID ' +
    'admits every organization account, non-prod ones included; aws:PrincipalArn; aws:PrincipalAccount; ' +
    'sts:ExternalId does not stop a caller who has the configuration that holds it). A trust of a non-prod ' +
    'account (its root, or a principal or pattern there) is reported because that account\'s administrators ' +
    'control those principals; a trust of the role\'s own account is reported only for the non-prod principals ' +
    'of it that can really assume the role. Service-linked roles and roles that grant nothing (no policy, or ' +
    'every Allow denied again) are not reported.',
  remediation:
    'aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json ' +
    '(trust only prod principals, e.g. "Principal": {"AWS": "arn:aws:iam::<prod-account>:role/<deployer>"})',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  ],
  compliance: { 'nist-800-53': ['AC-3', 'AC-6'], soc2: ['CC6.1'], 'iso-27001': ['A.5.15', 'A.8.31'] },
  needs: ['iam'],
  run({ inventory, iam, finding }) {
    // one filter for every role: the engine shares its per-class answers between them
    const nonProd = (a: Assumer) => nonProdReason(inventory, a) !== undefined
    return inventory.principals
      .filter((p) => p.kind === 'role' && isProd(p) && !p.serviceLinked && p.trustPolicy)
      .filter((role) => iam.grantsAnything(role))
      .flatMap((role) => {
        const { count, callers } = iam.assumersOf(role, nonProd, EXAMPLES)
        if (count === 0) return []
        const first = callers[0]
        const more = count > 1 ? ` and ${count - 1} more non-prod principal${count > 2 ? 's' : ''}` : ''
        const admitted = callers.map((c) => ({
          arn: c.arn, accountId: c.accountId, why: nonProdReason(inventory, c)!, verdict: c.verdict,
          ...(c.kind === 'administered' ? { through: 'the account\'s administrators control it' } : {}),
        }))
        return [
          finding({
            resource: role,
            message: `prod role ${role.name} can be assumed by ${first.arn} (${admitted[0].why})${more} (allowed: prod principals only)`,
            evidence: { admitted, admittedCount: count, trustPolicy: role.trustPolicy },
          }),
        ]
      })
  },
})
