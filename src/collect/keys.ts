// KMS aliases and Secrets Manager secrets, once per account and region: optional snapshot files
// that let shared-db-secret tell AWS-managed keys apart and see secrets two environments share.
// ListSecrets returns metadata only; bulkhead never calls GetSecretValue.
import { FILES } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { collectFile } from './fetch.js'
import type { ScanState } from './state.js'

export async function collectKeys(s: ScanState, clients: Clients, account: string, region: string): Promise<void> {
  await Promise.all([FILES.kmsAliases, FILES.secrets].filter((f) => s.wants(f.part)).map((f) => collectFile(s, clients, f, { account, region })))
}
