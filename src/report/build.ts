// Findings + what was skipped + what failed → the report object every reporter renders.
// Suppressions and the baseline flag findings here, before scoring, so the score and --fail-on
// see the same set.
import { posix } from 'node:path'
import { SEVERITIES, type Finding, type RiskClass, type Severity } from '../checks/define.js'
import { skipCounts, type RunResult } from '../checks/run.js'
import { withoutCredentials } from '../collect/output.js'
import type { Inventory } from '../inventory/types.js'
import { computeScore } from '../score/score.js'
import { applyBaseline, type Baseline } from '../suppress/baseline.js'
import { applySuppressions, type SuppressionRule } from '../suppress/suppressions.js'
import { REPORT_SCHEMA_VERSION, type Report } from './model.js'

export interface BuildInput {
  inventory: Inventory
  run: RunResult
  checksRun: string[]
  /** every check id of the catalogue: a suppression naming another one is warned about */
  knownChecks?: string[]
  version: string
  generatedAt: string
  suppressions?: SuppressionRule[]
  baseline?: { baseline: Baseline; file: string }
  apiCalls?: number
  warnings?: string[]
  /** risk classes at least one check of which ran (default: all) */
  assessed?: RiskClass[]
}

/**
 * Cloud findings point at the snapshot file that holds the resource; make that path relative to
 * where bulkhead ran (as the snapshot path was given), so SARIF locations open in the repo.
 * Workspace findings already carry the workspace root, credentials agent-check found their own
 * file (or `environment`); live scans keep the stable per-account path.
 */
function located(f: Finding, inventory: Inventory): Finding {
  const root = inventory.source.kind === 'snapshot' ? inventory.source.path : undefined
  if (!root || f.resource.arn.startsWith('workspace:') || f.resource.arn.startsWith('agent:')) return f
  return { ...f, location: { ...f.location, file: posix.join(root.replace(/\\/g, '/'), f.location.file) } }
}

/**
 * Paths of the workspace the walk could not open (permission denied), and files it did not search
 * (over the size limit, text in an encoding it does not read): the token search there is
 * incomplete, and a clean result must not look complete. Binaries, symlinks and excluded files
 * are skipped by design and say nothing.
 */
function workspaceWarnings(inventory: Inventory): string[] {
  const ws = inventory.workspace
  if (!ws) return []
  const out: string[] = []
  const unreadable = ws.filesSkipped?.unreadable ?? 0
  if (unreadable > 0) out.push(`${unreadable} ${unreadable === 1 ? 'file or directory' : 'files or directories'} of --workspace ${ws.roots.join(', ')} could not be read (permission denied?): the search for tokens there is incomplete`)
  const notSearched = ws.notSearched ?? []
  if (notSearched.length > 0) {
    const shown = notSearched.slice(0, MAX_NAMED).map((f) => `${posix.join(f.workspace.replace(/\\/g, '/'), f.file)} (${f.detail})`)
    const more = notSearched.length > MAX_NAMED ? ` and ${notSearched.length - MAX_NAMED} more` : ''
    const remedy = notSearched.some((f) => f.reason === 'too-large') ? '; raise workspace.maxFileBytes, or list a file in workspace.exclude to skip it on purpose' : ''
    out.push(`${notSearched.length} ${notSearched.length === 1 ? 'file' : 'files'} of --workspace not searched for tokens: ${shown.join(', ')}${more}${remedy}`)
  }
  return out
}
const MAX_NAMED = 10

/** The summary's finding counts: open findings by severity, accepted ones by kind. */
export function findingCounts(findings: Finding[]): Record<Severity, number> & { suppressed: number; baselined: number } {
  const open = findings.filter((f) => !f.suppressed)
  return {
    ...(Object.fromEntries(SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length])) as Record<Severity, number>),
    suppressed: findings.filter((f) => f.suppressed?.kind === 'suppression').length,
    baselined: findings.filter((f) => f.suppressed?.kind === 'baseline').length,
  }
}

/** A scan of workspace files alone has no snapshot and no accounts: say what it read instead. */
function sourceOf(inventory: Inventory): Report['source'] {
  const workspaces = inventory.workspace?.roots
  if (!inventory.source.path && inventory.accounts.length === 0 && workspaces) return { kind: 'workspace', collectedAt: inventory.collectedAt, workspaces }
  return {
    kind: inventory.source.kind,
    collectedAt: inventory.collectedAt,
    ...(inventory.source.path ? { path: inventory.source.path } : {}),
    ...(workspaces ? { workspaces } : {}),
  }
}

export function buildReport(input: BuildInput): Report {
  const { inventory, run } = input
  let findings: Finding[] = run.findings.map((f) => located(f, inventory))
  const warnings = [...(input.warnings ?? []), ...workspaceWarnings(inventory)]
  if (input.baseline) findings = applyBaseline(findings, input.baseline.baseline, input.baseline.file)
  if (input.suppressions?.length) {
    const applied = applySuppressions(findings, input.suppressions, inventory.collectedAt.slice(0, 10), { checksRun: input.checksRun, ...(input.knownChecks ? { knownChecks: input.knownChecks } : {}) })
    findings = applied.findings
    warnings.push(...applied.warnings)
  }
  const skips = skipCounts(run.skipped)
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'bulkhead', version: input.version },
    generatedAt: input.generatedAt,
    source: sourceOf(inventory),
    accounts: inventory.accounts
      .filter((a) => a.inSnapshot)
      .map((a) => ({ id: a.id, name: a.name, environment: a.environment.environment })),
    score: computeScore(findings, input.assessed),
    summary: {
      ...findingCounts(findings),
      checksRun: run.checksRun,
      // counted from the entries the report lists, so the counts and the lists never disagree
      checksSkipped: skips.notRun,
      checksPartial: skips.partial,
      exemptPrincipals: skips.exempt,
      ...(input.apiCalls !== undefined ? { apiCalls: input.apiCalls } : {}),
    },
    findings,
    skipped: run.skipped,
    // the snapshot may come from another tool: never echo a session token AWS put in a message
    errors: inventory.errors.map((e) => ({ ...e, message: withoutCredentials(e.message) })),
    ...(warnings.length ? { warnings } : {}),
  }
}
