// `bulkhead reach --principal ARN | --access-key AKIA… | --profile NAME` (spec §10): the
// question agent-check asks, for one credential, answered by the same check on the same
// inventory, so both say the same. Text for people, JSON for scripts (the finding as in the report).
import { runChecks } from '../checks/run.js'
import { loadChecks } from '../checks/registry.js'
import { loadConfig } from '../config/load.js'
import { InternalError, UsageError } from '../errors.js'
import type { AgentCredential, AgentDiscovery } from '../inventory/agent-types.js'
import type { Inventory } from '../inventory/types.js'
import { REPORT_SCHEMA_VERSION } from '../report/model.js'
import type { Env } from '../agent/environment.js'
import { principalByArn } from '../agent/map.js'
import { agentCheck } from './agent-check.js'
import { askCallerIdentities, checkSources, homeOf, inventoryOf, type SourceOptions } from './agent-inputs.js'
import { VERSION } from './version.js'

export interface ReachOptions extends Omit<SourceOptions, 'profile'> {
  principal?: string
  accessKey?: string
  /** the profile whose credential is judged (not the collector's: --aws uses the default chain) */
  profile?: string
  home?: string
  config?: string
  format: string
  allowPartial?: boolean
  color: boolean
}

type Out = { stdout: (s: string) => void; stderr: (s: string) => void }

const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/

function given(kind: 'principal' | 'static-key', extra: Partial<AgentCredential>): AgentCredential {
  return {
    id: kind === 'principal' ? 'given:principal' : 'given:access-key', kind,
    origins: [{ kind: 'command-line', display: kind === 'principal' ? '--principal' : '--access-key' }],
    usedByDefault: false, problems: [], ...extra,
  }
}

function discoveryOf(credentials: AgentCredential[]): AgentDiscovery {
  return { home: '', discoveredAt: new Date().toISOString(), activeProfile: 'default', credentials, files: [], notes: [] }
}

function checkQuestion(opts: ReachOptions): void {
  const asked = [opts.principal !== undefined, opts.accessKey !== undefined, opts.profile !== undefined].filter(Boolean).length
  if (asked !== 1) throw new UsageError('reach: give exactly one of --principal ARN, --access-key AKIA… or --profile NAME')
  if (!opts.snapshot && !opts.aws) throw new UsageError('reach: give --snapshot DIR or --aws: the IAM data the answer is judged against')
  if (opts.accessKey !== undefined && !ACCESS_KEY_ID.test(opts.accessKey)) {
    throw new UsageError(`--access-key: expected an access key id (AKIA or ASIA and 16 more letters and digits), got ${opts.accessKey.length} characters that are not one (not shown: it may be a secret)`)
  }
  if (!['text', 'json'].includes(opts.format)) throw new UsageError(`--format: '${opts.format}' is not available for reach (text or json)`)
}

/** The credential to judge, and the ids whose keys --aws may sign sts:GetCallerIdentity with. */
async function questionOf(opts: ReachOptions, inventory: Inventory, env: Env): Promise<{ discovery: AgentDiscovery; target: string }> {
  if (opts.principal !== undefined) {
    if (!principalByArn(inventory, opts.principal)) throw new UsageError(`--principal: ${opts.principal} is no user or role of the snapshot`)
    return { discovery: discoveryOf([given('principal', { principalArn: opts.principal })]), target: 'given:principal' }
  }
  if (opts.accessKey !== undefined) {
    // the question is "if someone holds its secret": the key is judged as complete
    return { discovery: discoveryOf([given('static-key', { accessKeyId: opts.accessKey, hasSecret: true })]), target: 'given:access-key' }
  }
  const { discoverAgentCredentials } = await import('../agent/discover.js')
  const discovered = discoverAgentCredentials({ env, home: homeOf(opts.home), now: new Date() })
  const target = `profile:${opts.profile}`
  const credential = discovered.discovery.credentials.find((c) => c.id === target)
  if (!credential) {
    const names = [...new Set(discovered.discovery.credentials.flatMap((c) => (c.profile !== undefined && !c.id.endsWith(':keys') ? [c.profile] : [])))]
    throw new UsageError(`--profile: no profile ${opts.profile} with credentials in ${discovered.discovery.files.filter((f) => /(?:^|\/)(?:credentials|config)$/.test(f.display)).map((f) => f.display).join(' or ')}${names.length ? ` (profiles: ${names.join(', ')})` : ''}`)
  }
  if (opts.aws) {
    const chain = new Set([target, ...(credential.chain ?? []).map((p) => `profile:${p}`), `${target}:keys`, 'env:AWS_ACCESS_KEY_ID'])
    await askCallerIdentities(discovered, inventory, env, chain)
  }
  discovered.signing.clear()
  return { discovery: discovered.discovery, target }
}

export async function runReach(opts: ReachOptions, out: Out, env: Env = process.env): Promise<number> {
  checkQuestion(opts)
  // --profile names the credential judged; the collection (--aws) uses the default chain
  const sources: SourceOptions = { ...opts, profile: undefined }
  checkSources('reach', sources)
  const allChecks = await loadChecks()
  const check = await agentCheck()
  const config = loadConfig(opts.config, allChecks)
  const { inventory } = await inventoryOf(sources, config)
  const { discovery, target } = await questionOf(opts, inventory, env)
  inventory.agentCredentials = discovery
  const { engineFor } = await import('../agent/engine-calls.js')
  const run = runChecks([check], inventory, { options: {}, iam: () => engineFor(inventory) })
  const finding = run.findings.find((f) => (f.evidence.credential as { id?: string } | undefined)?.id === target)
  if (!finding) throw new InternalError(`agent-credential-reach gave no answer for ${target}`)
  const source = { kind: inventory.source.kind, collectedAt: inventory.collectedAt, ...(inventory.source.path ? { path: inventory.source.path } : {}) }
  const partial = inventory.errors.length > 0 || run.skipped.some((s) => /not collected/.test(s.reason))
  if (opts.format === 'json') {
    out.stdout(`${JSON.stringify({ schemaVersion: REPORT_SCHEMA_VERSION, tool: { name: 'bulkhead', version: VERSION }, source, finding, ...(partial ? { incomplete: [...inventory.errors.map((e) => `${e.operation}: ${e.message}`), ...run.skipped.map((s) => s.reason)] } : {}) }, null, 2)}\n`)
  } else {
    const { renderReach } = await import('../report/agent-text.js')
    const color = opts.color && !process.env.NO_COLOR && !!process.stdout.isTTY
    out.stdout(renderReach(finding, `bulkhead ${VERSION} reach · ${[source.kind, source.path].filter(Boolean).join(' ')} · collected ${source.collectedAt}`, color))
    if (partial) out.stderr('bulkhead: warning: the IAM data is incomplete (see --format json): a quiet answer here is not a clean one\n')
  }
  return partial && !opts.allowPartial ? 3 : 0
}
