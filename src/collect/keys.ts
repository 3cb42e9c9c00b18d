// KMS aliases and Secrets Manager secrets, once per account and region: optional snapshot files
// that let shared-db-secret tell AWS-managed keys apart and see secrets two environments share.
// ListSecrets returns metadata only; bulkhead never calls GetSecretValue.
import type { Clients } from './aws.js'
import { mergePages } from './output.js'
import { allPages, type ScanState } from './state.js'

export async function collectKeys(s: ScanState, clients: Clients, region: string, dir: string): Promise<void> {
  await Promise.all([
    s.wants('kms') &&
      (async () => {
        const { paginateListAliases } = await import('@aws-sdk/client-kms')
        const client = await clients.kms(region)
        await s.file(`${dir}/kms-list-aliases.json`, 'kms:ListAliases', async () => {
          const pages = await allPages(paginateListAliases({ client, pageSize: 100 }, {}))
          return { body: mergePages(pages, ['Aliases']), pages: pages.length }
        })
      })(),
    s.wants('secrets') &&
      (async () => {
        const { paginateListSecrets } = await import('@aws-sdk/client-secrets-manager')
        const client = await clients.secretsManager(region)
        await s.file(`${dir}/secretsmanager-list-secrets.json`, 'secretsmanager:ListSecrets', async () => {
          const pages = await allPages(paginateListSecrets({ client, pageSize: 100 }, {}))
          return { body: mergePages(pages, ['SecretList']), pages: pages.length }
        })
      })(),
  ])
}
