// DynamoDB, once per account and region (spec §8): the tables, each described with its
// continuous backups and tags, and every on-demand backup of the region.
import { FILES } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { collectFile } from './fetch.js'
import type { ScanState } from './state.js'

export async function collectDynamodb(s: ScanState, clients: Clients, account: string, region: string): Promise<void> {
  await Promise.all([tables(s, clients, account, region), s.wants('dynamodbBackups') && collectFile(s, clients, FILES.dynamodbBackups, { account, region })])
}

async function tables(s: ScanState, clients: Clients, account: string, region: string): Promise<void> {
  if (!s.wants('dynamodbTables')) return
  const list = await collectFile<{ TableNames: string[] }>(s, clients, FILES.dynamodbTables, { account, region })
  await Promise.all(
    (list?.TableNames ?? []).map(async (name) => {
      const table = { account, region, names: [name], input: { TableName: name } }
      const [described] = await Promise.all([
        collectFile<{ Table: { TableArn: string } }>(s, clients, FILES.dynamodbTable, table),
        s.wants('dynamodbPitr') && collectFile(s, clients, FILES.dynamodbContinuousBackups, table),
      ])
      // tags are asked by ARN, which the description gives (with its partition)
      if (described) await collectFile(s, clients, FILES.dynamodbTags, { account, region, names: [name], input: { ResourceArn: described.Table.TableArn } })
    }),
  )
}
