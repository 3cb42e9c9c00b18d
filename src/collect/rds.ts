// RDS, once per account and region: instances, clusters, snapshots and automated backups.
import { FILES } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { collectFile } from './fetch.js'
import type { ScanState } from './state.js'

const DESCRIBES = [FILES.rdsInstances, FILES.rdsClusters, FILES.rdsSnapshots, FILES.rdsClusterSnapshots, FILES.rdsInstanceAutomatedBackups, FILES.rdsClusterAutomatedBackups]

export async function collectRds(s: ScanState, clients: Clients, account: string, region: string): Promise<void> {
  await Promise.all(DESCRIBES.filter((f) => s.wants(f.part)).map((f) => collectFile(s, clients, f, { account, region })))
}
