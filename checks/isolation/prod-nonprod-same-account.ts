// Breaks the chain at "a staging task held a token that reached prod": inside one account, IAM
// boundaries between environments are one policy typo away; an account boundary is not.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd, isProd } from '../../src/inventory/environment.js'
import { judgedDatabases } from '../../src/inventory/recovery.js'
import type { EnvironmentDecision } from '../../src/inventory/types.js'

export default defineCheck({
  id: 'prod-nonprod-same-account',
  title: 'One account holds both prod and non-prod databases',
  riskClass: 'isolation',
  severity: 'medium',
  description:
    'AWS accounts are the strongest isolation boundary AWS offers. When prod and staging, dev or test ' +
    'databases live in one account, every account-wide grant (a trust of the account root, an ' +
    'over-scoped policy, an SCP gap) reaches both, and non-prod work needs credentials in the prod account.',
  remediation:
    'Move the non-prod databases to their own account: aws organizations create-account --email <e> ' +
    '--account-name <name>-staging, then share and restore a snapshot there (aws rds modify-db-snapshot-attribute ' +
    '--db-snapshot-identifier <snap> --attribute-name restore --values-to-add <staging-account>)',
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/benefits-of-using-multiple-aws-accounts.html',
    'https://docs.aws.amazon.com/prescriptive-guidance/latest/security-reference-architecture/architecture.html',
  ],
  compliance: { 'nist-800-53': ['SC-32'], soc2: ['CC6.1'], 'iso-27001': ['A.8.31'] },
  needs: ['rds'],
  run({ inventory, finding }) {
    const databases = judgedDatabases(inventory)
    const accountIds = [...new Set(databases.map((d) => d.accountId))]
    return accountIds.flatMap((id) => {
      const here = databases.filter((d) => d.accountId === id)
      const prod = here.filter(isProd)
      const nonProd = here.filter(isNonProd)
      if (prod.length === 0 || nonProd.length === 0) return []
      const account = inventory.accounts.find((a) => a.id === id)
      // located at the prod database listing: the file that shows both environments side by side
      const environment: EnvironmentDecision = account?.environment ?? { environment: 'unknown', rule: 'default', detail: `account ${id} not in the snapshot` }
      return [
        finding({
          resource: { arn: `arn:aws:iam::${id}:root`, type: 'AWS::::Account', accountId: id, region: 'global', environment, source: prod[0].source },
          message: `account ${id}${account ? ` (${account.name})` : ''} holds ${prod.length} prod and ${nonProd.length} non-prod databases, e.g. ${prod[0].name} and ${nonProd[0].name} (${nonProd[0].environment.environment}); allowed: one environment per account`,
          evidence: {
            prodDatabases: prod.map((d) => d.arn),
            nonProdDatabases: nonProd.map((d) => ({ arn: d.arn, environment: d.environment.environment, rule: d.environment.detail })),
          },
        }),
      ]
    })
  },
})
