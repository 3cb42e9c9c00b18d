// Text for `agent-check` and `reach` on a terminal: what to do before starting an agent, gathered
// from the containment each finding of agent-credential-reach carries (the check decided it; this
// only lays it out), and one credential's answer for `reach`. Shell blocks are ready to paste:
// words are quoted, policy documents go through a quoted here-document.
import { Chalk } from 'chalk'
import type { Finding } from '../checks/define.js'
import type { BoundaryPlan, Containment, PolicyDocument } from '../agent/containment.js'
import { printableDeep } from './printable.js'
import { pathSteps } from './steps.js'

const DANGEROUS = new Set(['critical', 'high', 'medium'])

const containmentOf = (f: Finding): Containment | undefined => f.evidence.containment as Containment | undefined

/** A POSIX shell word (the same rule as the commands the check writes). */
const sh = (w: string) => (/^[\w@%+=:,./~-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)

function heredoc(file: string, doc: PolicyDocument): string[] {
  return [`cat > ${sh(file)} <<'EOF'`, JSON.stringify(doc), 'EOF']
}

const principalWord = (t: BoundaryPlan['attachTo'][number]) => `${t.kind} ${t.name}`

function boundaryBlocks(plans: BoundaryPlan[]): string[] {
  // one document per account when every finding asked for the same; otherwise each as it came
  const byDoc = new Map<string, BoundaryPlan>()
  for (const plan of plans) {
    const key = `${plan.accountId}\u0000${JSON.stringify(plan.document)}`
    const seen = byDoc.get(key)
    if (!seen) byDoc.set(key, { ...plan, attachTo: [...plan.attachTo], commands: [...plan.commands] })
    else {
      for (const t of plan.attachTo) if (!seen.attachTo.some((x) => x.arn === t.arn)) seen.attachTo.push(t)
      for (const c of plan.commands) if (!seen.commands.includes(c)) seen.commands.push(c)
    }
  }
  return [...byDoc.values()].flatMap((p) => [
    '', `  account ${p.accountId}: ${p.attachTo.map(principalWord).join(', ')}`, '',
    ...heredoc(p.file, p.document), ...p.commands,
  ])
}

/** "Before you start an agent": every dangerous finding's containment, merged. */
export function containmentSection(data: Finding[], color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 })
  // names and paths come from files and the snapshot: no control character reaches the terminal
  const findings = printableDeep(data)
  const open = findings.filter((f) => !f.suppressed && DANGEROUS.has(f.severity) && containmentOf(f))
  if (open.length === 0) return `\n${c.bold('Before you start an agent')}: no credential found here can destroy prod data or is unknown.\n`
  const all = open.map((f) => containmentOf(f)!)
  const unset = [...new Set(all.flatMap((x) => x.unset))].sort()
  const home = [...new Set(all.flatMap((x) => x.hide.filter((h) => h.where === 'home').map((h) => h.file)))]
  const lines = new Map<string, number[]>()
  for (const x of all) for (const h of x.hide) if (h.where === 'workspace') lines.set(h.file, [...new Set([...(lines.get(h.file) ?? []), ...(h.line ? [h.line] : [])])].sort((a, b) => a - b))
  const boundaries = all.flatMap((x) => x.boundaries)
  const noBoundary = [...new Set(all.flatMap((x) => x.noBoundary))]
  const destroy = open.filter((f) => f.severity !== 'medium').length
  const unknown = open.length - destroy
  const out = [
    '',
    c.bold('Before you start an agent') + `: ${destroy} credential${destroy === 1 ? '' : 's'} here can destroy prod data${unknown ? `, ${unknown} cannot be mapped (unknown is not harmless)` : ''}`,
  ]
  if (unset.length) out.push('', '  Keep these variables out of its environment:', '', `unset ${unset.join(' ')}`)
  if (home.length) {
    out.push('', '  Keep these files out of its reach (move them out of the home it runs with, or run it where they are not mounted):')
    for (const file of home) out.push(`    ${file}`)
  }
  if (lines.size) {
    out.push('', '  Take the secrets out of these workspace files (load them at run time from a secret store), or keep the files out of its workspace:')
    for (const [file, ns] of lines) out.push(`    ${file}${ns.length ? ` line${ns.length > 1 ? 's' : ''} ${ns.join(', ')}` : ''}`)
  }
  const awsFiles = home.some((f) => f.startsWith('~/.aws/') || f.includes('/.aws/'))
  if (unset.length || awsFiles) {
    out.push('', '  Or start it without them:', '', ['env', ...unset.map((v) => `-u ${v}`), ...(awsFiles ? ['AWS_SHARED_CREDENTIALS_FILE=/dev/null', 'AWS_CONFIG_FILE=/dev/null'] : []), '<your agent command>'].join(' '))
  }
  if (boundaries.length) out.push('', '  Cap what these principals can destroy with a permissions boundary (it keeps everything else they do, read and deploy included):', ...boundaryBlocks(boundaries))
  if (noBoundary.length) out.push('', `  No boundary fits ${noBoundary.join(', ')} (the root user): remove its access keys, and rely on the SCP below.`)
  const mcp = all[0].mcpGuardrail
  out.push('', '  Deny destruction through MCP servers for the whole organization (an SCP; the statement also fits a boundary):', '', ...heredoc(mcp.file, mcp.document), ...mcp.commands)
  return `${out.join('\n')}\n`
}

/** `bulkhead reach`: one credential's answer, worst first, then what to do about it. */
export function renderReach(data: Finding, header: string, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 })
  const f = printableDeep(data)
  const paint = f.severity === 'critical' ? c.bold.red : f.severity === 'high' ? c.red : f.severity === 'medium' ? c.yellow : c.gray
  const mapping = (f.evidence.mapping ?? {}) as Record<string, unknown>
  const destruction = (Array.isArray(f.evidence.destruction) ? f.evidence.destruction : []) as { database: string; kinds: string[]; verdict?: string }[]
  const lines = [
    c.bold(printableDeep(header)), '',
    `${paint(f.severity.toUpperCase())}  ${f.message}`,
    '',
    `  mapping    ${mapping.status}${mapping.principal ? ` to ${mapping.principal}` : ''}${mapping.mappedBy ? ` (by ${mapping.mappedBy})` : ''}${mapping.reason ? `: ${mapping.reason}` : ''}`,
  ]
  for (const a of (Array.isArray(mapping.assumption) ? mapping.assumption : []) as { source: string; from: string; to: string; verdict: string }[]) {
    lines.push(`  assumes    ${a.from} → ${a.to} (${a.source}): ${a.verdict}`)
  }
  if (mapping.chainBroken) lines.push(`  chain      ${mapping.chainBroken}`)
  if (destruction.length) {
    lines.push('', '  can destroy')
    for (const d of destruction) lines.push(`    ${d.database}  ${d.kinds.join(', ')}${d.verdict === 'conditional' ? ' [conditional]' : ''}`)
  } else if (mapping.status === 'mapped') lines.push('', '  can destroy no prod database and none of its recovery points')
  const steps = pathSteps(f)
  if (steps.length) lines.push('', '  path', ...steps.map((s, i) => `    ${i + 1}. ${s}`))
  const body = lines.join('\n')
  const tail = containmentOf(f) && DANGEROUS.has(f.severity) ? containmentSection([data], color) : ''
  return `${body}\n${tail}`
}
