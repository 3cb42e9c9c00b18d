// What `agent-check` and `reach` share: the inventory their answers are judged against (a
// snapshot, a live read-only collection, or nothing), the discovery of this machine's
// credentials, and, with --aws, sts:GetCallerIdentity for the static keys found.
import { existsSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import type { BulkheadConfig } from '../config/load.js'
import { UsageError } from '../errors.js'
import type { AgentCredential } from '../inventory/agent-types.js'
import { normalize } from '../inventory/normalize.js'
import type { Inventory } from '../inventory/types.js'
import { openSnapshot, readSnapshot, type RawSnapshot } from '../snapshot/read.js'
import type { Discovered } from '../agent/discover.js'
import type { Env } from '../agent/environment.js'
import { parseRegions } from './main.js'
import { emptyInventory } from './scan.js'

export interface SourceOptions {
  snapshot?: string
  aws?: boolean
  profile?: string
  regions?: string
  org?: boolean
  assumeRole?: string
  concurrency?: number
  verbose?: boolean
  quiet?: boolean
}

export function checkSources(command: string, opts: SourceOptions): void {
  if (opts.snapshot && opts.aws) throw new UsageError(`${command}: give --snapshot or --aws, not both`)
  if (!opts.aws && (opts.org || opts.profile)) throw new UsageError(`${command}: --org and --profile go with --aws`)
}

/** The home to read: --home (must be a directory), else the user's. */
export function homeOf(given: string | undefined): string {
  if (given === undefined) return homedir()
  if (!existsSync(given) || !statSync(given).isDirectory()) throw new UsageError(`--home ${given}: not a directory`)
  return given
}

export async function inventoryOf(opts: SourceOptions, config: BulkheadConfig): Promise<{ inventory: Inventory; apiCalls?: number }> {
  if (!opts.snapshot && !opts.aws) return { inventory: emptyInventory() }
  let raw: RawSnapshot
  let apiCalls: number | undefined
  if (opts.snapshot) {
    raw = openSnapshot(opts.snapshot)
  } else {
    const { collectLive } = await import('../collect/index.js')
    const live = await collectLive({
      ...(opts.profile ? { profile: opts.profile } : {}),
      regions: parseRegions(opts.regions) ?? ['us-east-1'],
      org: !!opts.org, assumeRole: opts.assumeRole, concurrency: opts.concurrency,
      verbose: !!opts.verbose, quiet: !!opts.quiet,
    })
    apiCalls = live.apiCalls
    raw = readSnapshot(live.source)
  }
  const inventory = normalize(raw, { environments: config.environments, breakGlass: config.breakGlass, kind: opts.aws ? 'aws' : 'snapshot' })
  return { inventory, ...(apiCalls !== undefined ? { apiCalls } : {}) }
}

/**
 * `--aws`: sts:GetCallerIdentity signed with each static key found (`only`: these credential ids).
 * The answer lands on the credential; a call that fails for another reason than the key is a
 * collection error (the report is partial, exit 3), never a silent "unmapped".
 */
export async function askCallerIdentities(discovered: Discovered, inventory: Inventory, env: Env, only?: ReadonlySet<string>): Promise<number> {
  const { callerIdentityOf } = await import('../collect/identity.js')
  const { Runtime } = await import('../collect/aws.js')
  const { errorMessage } = await import('../collect/output.js')
  const runtime = new Runtime({ maxAttempts: 3 })
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  const byId = new Map(discovered.discovery.credentials.map((c) => [c.id, c]))
  for (const [id, keys] of discovered.signing) {
    if (only && !only.has(id)) continue
    const credential = byId.get(id) as AgentCredential
    try {
      credential.live = await callerIdentityOf(keys, { region, runtime })
    } catch (err) {
      inventory.errors.push({ operation: 'sts:GetCallerIdentity', message: `signed with ${credential.id.replace(/:[0-9a-f]{12}$/, '')}: ${errorMessage(err)}` })
    }
  }
  discovered.signing.clear()
  return runtime.requests
}
