// `bulkhead agent-check` (spec §10): before handing this shell to an AI agent, which credentials
// it would inherit and what each can destroy. Stages in order: the inventory (snapshot, live or
// none) → discovery of this machine's credentials (an input, like the workspace scan) → with
// --aws, sts:GetCallerIdentity per static key → the pure check agent-credential-reach → report.
import type { Check } from '../checks/define.js'
import { findCheck, loadChecks } from '../checks/registry.js'
import { runChecks } from '../checks/run.js'
import { loadConfig } from '../config/load.js'
import { InternalError, UsageError } from '../errors.js'
import { buildReport } from '../report/build.js'
import { printable } from '../report/printable.js'
import { isReportFormat, loadReporter, toCheckMeta, type ReportFormat } from '../report/render.js'
import { verdict, type FailOn } from '../report/verdict.js'
import type { Env } from '../agent/environment.js'
import { askCallerIdentities, checkSources, homeOf, inventoryOf, type SourceOptions } from './agent-inputs.js'
import { reportTargets } from './scan.js'
import { VERSION } from './version.js'
import { checkDistinct, checkWritable, writeOutput } from './write.js'

export interface AgentCheckOptions extends SourceOptions {
  home?: string
  workspace?: string[]
  config?: string
  format: string
  output?: string
  report?: string[]
  failOn: FailOn
  allowPartial?: boolean
  color: boolean
}

type Out = { stdout: (s: string) => void; stderr: (s: string) => void }

export const AGENT_CHECK_ID = 'agent-credential-reach'

export async function agentCheck(): Promise<Check> {
  const check = findCheck(await loadChecks(), AGENT_CHECK_ID)
  if (!check) throw new InternalError(`check ${AGENT_CHECK_ID} is missing from checks/privilege/`)
  return check
}


export async function runAgentCheck(opts: AgentCheckOptions, out: Out, env: Env = process.env): Promise<number> {
  checkSources('agent-check', opts)
  const targets = reportTargets(opts.format, opts.report)
  const home = homeOf(opts.home)
  const inputs = { paths: [opts.snapshot, opts.config, home, ...(opts.workspace ?? [])].filter((p): p is string => !!p), dirs: opts.snapshot ? [opts.snapshot] : [] }
  const outputs = [...(opts.output ? [{ flag: '--output', file: opts.output }] : []), ...targets.reports.map((r) => ({ flag: '--report', file: r.file }))]
  for (const o of outputs) checkWritable(o.flag, o.file, inputs)
  checkDistinct(outputs)
  const allChecks = await loadChecks()
  const check = await agentCheck()
  const config = loadConfig(opts.config, allChecks)

  const { inventory, apiCalls } = await inventoryOf(opts, config)
  const { discoverAgentCredentials } = await import('../agent/discover.js')
  const discovered = discoverAgentCredentials({ env, home, workspaces: opts.workspace ?? [], workspaceOptions: config.workspace, now: new Date() })
  const stsCalls = opts.aws ? await askCallerIdentities(discovered, inventory, env) : 0
  discovered.signing.clear()
  inventory.agentCredentials = discovered.discovery

  const { engineFor } = await import('../agent/engine-calls.js')
  const run = runChecks([check], inventory, { options: {}, iam: () => engineFor(inventory) })
  const report = buildReport({
    inventory, run, checksRun: [check.id], version: VERSION, generatedAt: new Date().toISOString(), assessed: [check.riskClass],
    suppressions: config.suppressions, warnings: discovered.discovery.notes,
    ...(apiCalls !== undefined ? { apiCalls: apiCalls + stsCalls } : {}),
  })
  for (const w of report.warnings ?? []) out.stderr(`bulkhead: warning: ${printable(w)}\n`)
  const ctx = { checks: [toCheckMeta(check)] }
  const color = opts.color && !opts.output && !process.env.NO_COLOR && !!process.stdout.isTTY
  const { containmentSection } = await import('../report/agent-text.js')
  // the human text ends with what to do before starting the agent; other formats carry it in evidence.containment.
  // A credential's finding is its whole answer (what it holds, what it destroys, the path): every one is shown in full.
  const render = async (format: ReportFormat, withColor: boolean) =>
    (await loadReporter(format))(report, { ...ctx, color: withColor, verbose: true }) + (format === 'text' ? containmentSection(report.findings, withColor) : '')
  const text = await render(targets.format, color)
  if (opts.output) writeOutput('--output', opts.output, text, inputs)
  else out.stdout(text)
  for (const { format, file } of targets.reports) writeOutput('--report', file, await render(format, false), inputs)
  return verdict(report, opts.failOn, !!opts.allowPartial)
}
