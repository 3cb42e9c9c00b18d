// RDS, once per account and region: instances, clusters, snapshots and automated backups.
import type { Clients } from './aws.js'
import { mergePages } from './output.js'
import { allPages, type ScanState } from './state.js'

type Rds = typeof import('@aws-sdk/client-rds')

/** One describe call: its paginator, the list key the CLI prints, the file, and its part. */
const DESCRIBES = [
  { paginator: 'paginateDescribeDBInstances', key: 'DBInstances', file: 'rds-describe-db-instances.json', part: 'rds' },
  { paginator: 'paginateDescribeDBClusters', key: 'DBClusters', file: 'rds-describe-db-clusters.json', part: 'rds' },
  { paginator: 'paginateDescribeDBSnapshots', key: 'DBSnapshots', file: 'rds-describe-db-snapshots.json', part: 'rdsSnapshots' },
  { paginator: 'paginateDescribeDBClusterSnapshots', key: 'DBClusterSnapshots', file: 'rds-describe-db-cluster-snapshots.json', part: 'rdsSnapshots' },
  { paginator: 'paginateDescribeDBInstanceAutomatedBackups', key: 'DBInstanceAutomatedBackups', file: 'rds-describe-db-instance-automated-backups.json', part: 'rdsAutomatedBackups' },
  { paginator: 'paginateDescribeDBClusterAutomatedBackups', key: 'DBClusterAutomatedBackups', file: 'rds-describe-db-cluster-automated-backups.json', part: 'rdsAutomatedBackups' },
] as const

export async function collectRds(s: ScanState, clients: Clients, region: string, dir: string): Promise<void> {
  const sdk: Rds = await import('@aws-sdk/client-rds')
  const client = await clients.rds(region)
  await Promise.all(
    DESCRIBES.filter((d) => s.wants(d.part)).map(async (d) => {
      const operation = `rds:${d.paginator.replace(/^paginate/, '')}`
      // Every RDS paginator takes the same config and a Marker/MaxRecords input.
      const paginate = sdk[d.paginator] as (config: { client: typeof client; pageSize: number }, input: object) => AsyncIterable<object>
      await s.file(`${dir}/${d.file}`, operation, async () => {
        const pages = await allPages(paginate({ client, pageSize: 100 }, {}))
        return { body: mergePages(pages, [d.key]), pages: pages.length }
      })
    }),
  )
}
