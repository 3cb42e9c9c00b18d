// How many AWS requests a live collection sends, against the minimum: one call per page per
// listed resource. An estate is built in moto (users with keys, databases, vaults), collected
// through the real HTTP stack, and the ratio printed (target ≤ 1.1).
import { BackupClient, CreateBackupVaultCommand } from '@aws-sdk/client-backup'
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds'
import { collectLive } from '../src/collect/index.js'
import { motoEnv, startMoto } from './moto.js'

export interface ApiCallsResult {
  users: number
  databases: number
  vaults: number
  apiCalls: number
  minimumCalls: number
  ratio: number
}

/** Runs `n` promises at a time: building the estate must not flood the emulator either. */
async function inBatches<T>(items: T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn))
}

export async function benchApiCalls(opts: { quick?: boolean } = {}): Promise<ApiCallsResult> {
  const size = opts.quick ? { users: 60, databases: 8, vaults: 6 } : { users: 300, databases: 30, vaults: 20 }
  const moto = await startMoto()
  const saved = { ...process.env }
  try {
    await moto.reset()
    Object.assign(process.env, motoEnv(moto.endpoint))
    const config = { region: 'us-east-1', endpoint: moto.endpoint }
    const iam = new IAMClient(config)
    const rds = new RDSClient(config)
    const backup = new BackupClient(config)
    const range = (n: number) => Array.from({ length: n }, (_, i) => i)
    await inBatches(range(size.users), 20, async (i) => {
      await iam.send(new CreateUserCommand({ UserName: `bench-user-${i}` }))
      await iam.send(new CreateAccessKeyCommand({ UserName: `bench-user-${i}` }))
    })
    await inBatches(range(size.databases), 10, (i) =>
      rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `bench-db-${i}`, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1' })),
    )
    await inBatches(range(size.vaults), 10, (i) => backup.send(new CreateBackupVaultCommand({ BackupVaultName: `bench-vault-${i}` })))

    const quiet = { write: () => true, isTTY: false }
    const live = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    const result = { ...size, apiCalls: live.apiCalls, minimumCalls: live.minimumCalls, ratio: live.apiCalls / live.minimumCalls }
    console.log(
      `api-calls: ${size.users} users, ${size.databases} databases, ${size.vaults} vaults: ${result.apiCalls} requests for a minimum of ${result.minimumCalls} (${result.ratio.toFixed(3)}×, target ≤ 1.1)`,
    )
    return result
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
    await moto.stop()
  }
}
