// Breaks the chain at "staging and prod shared credentials": whoever can use the non-prod
// database's key or master secret can decrypt or log in to the prod one.
import { defineCheck } from '../../src/checks/define.js'
import { isNonProd, isProd } from '../../src/inventory/environment.js'
import { judgedDatabases } from '../../src/inventory/recovery.js'
import type { Database, Inventory } from '../../src/inventory/types.js'

interface Shared {
  what: 'kms-key' | 'master-secret'
  arn: string
  nonProdDatabase: string
  nonProdEnvironment: string
}

/**
 * AWS-managed keys (alias/aws/rds, alias/aws/secretsmanager) exist once per account and region and
 * cannot be shared, so sharing one says nothing about credentials. Without alias data a key counts
 * as customer-managed unless its ARN is itself an alias/aws/* alias.
 */
function isAwsManaged(inventory: Inventory, keyArn: string): boolean {
  if (keyArn.includes(':alias/aws/')) return true
  const [, , , region, accountId, resource = ''] = keyArn.split(':')
  const keyId = resource.startsWith('key/') ? resource.slice(4) : undefined
  return inventory.kmsAliases.some(
    (a) =>
      a.aliasName.startsWith('alias/aws/') &&
      a.targetKeyId !== undefined &&
      (a.targetKeyId === keyArn || (a.targetKeyId === keyId && a.accountId === accountId && a.region === region)),
  )
}

function customerKeys(inventory: Inventory, db: Database): string[] {
  return [db.kmsKeyArn, db.masterSecretKmsKeyArn].filter((k): k is string => !!k && !isAwsManaged(inventory, k))
}

function sharedWith(inventory: Inventory, prod: Database, other: Database): Shared[] {
  const env = other.environment.environment
  const otherKeys = new Set(customerKeys(inventory, other))
  const keys = [...new Set(customerKeys(inventory, prod))].filter((k) => otherKeys.has(k))
  const shared: Shared[] = keys.map((arn) => ({ what: 'kms-key', arn, nonProdDatabase: other.arn, nonProdEnvironment: env }))
  if (prod.masterSecretArn && prod.masterSecretArn === other.masterSecretArn) {
    shared.push({ what: 'master-secret', arn: prod.masterSecretArn, nonProdDatabase: other.arn, nonProdEnvironment: env })
  }
  return shared
}

const describe = (s: Shared, name: string): string =>
  `${s.what === 'kms-key' ? 'customer-managed KMS key' : 'master secret'} ${s.arn} with ${s.nonProdEnvironment} database ${name}`

export default defineCheck({
  id: 'shared-db-secret',
  title: 'Prod and non-prod databases share a KMS key or master secret',
  riskClass: 'isolation',
  severity: 'medium',
  description:
    'A customer-managed KMS key (storage encryption or master secret) or a Secrets Manager master secret ' +
    'used by both a prod and a non-prod database means the grants and credentials that non-prod work needs ' +
    'also open prod data. AWS-managed keys (alias/aws/rds, alias/aws/secretsmanager) are per account and ' +
    'region and not reported.',
  remediation:
    'aws kms create-key --description "<env>-rds" and restore the non-prod database from a snapshot copied ' +
    'with it (aws rds copy-db-snapshot --kms-key-id <new-key>); give it its own secret with ' +
    'aws rds modify-db-instance --db-instance-identifier <id> --manage-master-user-password --master-user-secret-kms-key-id <new-key>',
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt',
  ],
  compliance: { 'nist-800-53': ['SC-12', 'IA-5'], soc2: ['CC6.1'], 'iso-27001': ['A.8.24', 'A.8.31'] },
  needs: ['rds', 'kms'],
  run({ inventory, finding }) {
    const databases = judgedDatabases(inventory)
    const nonProd = databases.filter(isNonProd)
    return databases.filter(isProd).flatMap((prod) => {
      const shared = nonProd.flatMap((other) => sharedWith(inventory, prod, other))
      if (shared.length === 0) return []
      const name = (arn: string) => databases.find((d) => d.arn === arn)?.name ?? arn
      const more = shared.length > 1 ? ` (and ${shared.length - 1} more shared item${shared.length > 2 ? 's' : ''})` : ''
      return [
        finding({
          resource: prod,
          message: `prod database ${prod.name} shares ${describe(shared[0], name(shared[0].nonProdDatabase))}${more}; allowed: none`,
          evidence: { shared },
        }),
      ]
    })
  },
})
