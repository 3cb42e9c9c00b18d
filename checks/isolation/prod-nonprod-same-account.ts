// Breaks the chain at "a staging task held a token that reached prod": inside one account, IAM
// boundaries between environments are one policy typo away; an account boundary is not.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd, isProd } from '../../src/inventory/environment.js'
import { dataStores, storeLabel } from '../../src/inventory/stores.js'
import type { EnvironmentDecision } from '../../src/inventory/types.js'

export default defineCheck({
  id: 'prod-nonprod-same-account',
  title: 'One account holds both prod and non-prod data stores',
  riskClass: 'isolation',
  severity: 'medium',
  description:
    'AWS accounts are the strongest isolation boundary AWS offers. When prod and staging, dev or test ' +
    'data stores (databases, buckets, tables, in any mix) live in one account, every account-wide grant (a ' +
    'trust of the account root, an over-scoped policy, an SCP gap) reaches both, and non-prod work needs ' +
    'credentials in the prod account.',
  remediation:
    'Move the non-prod data stores to their own account: aws organizations create-account --email <e> ' +
    '--account-name <name>-staging, then share and restore a snapshot there (aws rds modify-db-snapshot-attribute ' +
    '--db-snapshot-identifier <snap> --attribute-name restore --values-to-add <staging-account>; for buckets and ' +
    'tables, recreate them there and copy the data)',
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/benefits-of-using-multiple-aws-accounts.html',
    'https://docs.aws.amazon.com/prescriptive-guidance/latest/security-reference-architecture/architecture.html',
  ],
  compliance: { 'nist-800-53': ['SC-32'], soc2: ['CC6.1'], 'iso-27001': ['A.8.31'] },
  needs: ['rds', 's3Buckets', 'dynamodbTables'],
  run({ inventory, finding }) {
    const stores = dataStores(inventory)
    const accountIds = [...new Set(stores.map((d) => d.accountId))]
    return accountIds.flatMap((id) => {
      const here = stores.filter((d) => d.accountId === id)
      const prod = here.filter(isProd)
      const nonProd = here.filter(isNonProd)
      if (prod.length === 0 || nonProd.length === 0) return []
      const account = inventory.accounts.find((a) => a.id === id)
      // located at the prod store's listing: the file that shows one side of the mix
      const environment: EnvironmentDecision = account?.environment ?? { environment: 'unknown', rule: 'default', detail: `account ${id} not in the snapshot` }
      return [
        finding({
          resource: { arn: `arn:aws:iam::${id}:root`, type: 'AWS::::Account', accountId: id, region: 'global', environment, source: prod[0].source },
          message: `account ${id}${account ? ` (${account.name})` : ''} holds ${prod.length} prod and ${nonProd.length} non-prod data stores, e.g. ${storeLabel(prod[0])} and ${storeLabel(nonProd[0])} (${nonProd[0].environment.environment}); allowed: one environment per account`,
          evidence: {
            prodStores: prod.map((d) => ({ arn: d.arn, type: d.type })),
            nonProdStores: nonProd.map((d) => ({ arn: d.arn, type: d.type, environment: d.environment.environment, rule: d.environment.detail })),
          },
        }),
      ]
    })
  },
})
