// The plan in words (spec §9): the one-line headline every human format opens with, and the whole
// plan as `bulkhead fix` prints it: each change, why, what it costs, what it removes, the new
// policy documents, the commands and the patches. Rendering only: the plan stage decided it.
import type { Finding } from '../checks/define.js'
import type { FixPlan, PlanChange } from '../plan/types.js'
import type { Verification } from '../plan/verify.js'
import { printable, printableDeep } from './printable.js'

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`

/** "Fix first: 3 changes remove all 13 critical findings" (and what is left, when something is). */
export function fixFirstLine(plan: FixPlan): string {
  const what = `${plan.objective} finding${plan.findings === 1 ? '' : 's'}`
  if (plan.findings === 0) return `Fix first: nothing; no ${plan.objective} findings`
  const left = plan.findings - plan.removed
  const changes = plural(plan.changes.length, 'change')
  const head = plan.changes.length === 0
    ? `Fix first: no change of the catalogue removes any of the ${plan.findings} ${what}`
    : left === 0
      ? `Fix first: ${changes} remove${plan.changes.length === 1 ? 's' : ''} ${plan.findings === 1 ? `the one ${what}` : `all ${plan.findings} ${what}`}`
      : `Fix first: ${changes} remove${plan.changes.length === 1 ? 's' : ''} ${plan.removed} of ${plan.findings} ${what}`
  const notes = [
    ...(left > 0 ? [`${left} need${left === 1 ? 's' : ''} a change outside the catalogue`] : []),
    ...(plan.changes.length && !plan.optimal ? ['not proven the cheapest'] : []),
    ...(plan.changes.length && !plan.verified ? ['not confirmed by a rescan'] : []),
  ]
  return notes.length ? `${head} (${notes.join('; ')})` : head
}

/** `arn:aws:iam::1:role/a/deploy-prod` → `deploy-prod`; `workspace:.env:2` stays. */
export function shortName(arn: string): string {
  if (arn.startsWith('workspace:') || arn.startsWith('agent:')) return arn
  if (arn.startsWith('arn:aws:s3:::')) return arn.slice('arn:aws:s3:::'.length)
  if (/^arn:aws[\w-]*:iam::\d{12}:root$/.test(arn)) return `root of ${arn.split(':')[4]}`
  const tail = arn.split(':').slice(5).join(':')
  return tail.slice(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf(':')) + 1) || arn
}

export const whereOf = (f: Finding): string =>
  f.resource.arn.startsWith('workspace:') && f.location.line ? `${f.resource.arn.slice('workspace:'.length)}:${f.location.line}` : shortName(f.resource.arn)

/** "unrecoverable-deletion orders-prod by deploy-prod" */
export function findingLabel(f: Finding): string {
  const who = f.principal && f.principal.arn !== f.resource.arn && !f.resource.arn.startsWith('workspace:') ? ` by ${shortName(f.principal.arn)}` : ''
  return `${f.checkId} ${whereOf(f)}${who}`
}

/** Findings of one check and one resource on one line: "unrecoverable-deletion orders-prod by deploy-prod, domain-bot". */
export function groupedLabels(findings: Finding[]): string[] {
  const groups = new Map<string, { head: string; who: string[] }>()
  for (const f of findings) {
    const key = `${f.checkId}\u0000${whereOf(f)}`
    const g = groups.get(key) ?? { head: `${f.checkId}  ${whereOf(f)}`, who: [] }
    if (f.principal && f.principal.arn !== f.resource.arn && !f.resource.arn.startsWith('workspace:')) g.who.push(shortName(f.principal.arn))
    groups.set(key, g)
  }
  return [...groups.values()].map((g) => (g.who.length ? `${g.head}  by ${[...new Set(g.who)].join(', ')}` : g.head))
}

function changeBlock(c: PlanChange, i: number, byFp: Map<string, Finding>, plan: FixPlan): string[] {
  const removed = c.removes.map((fp) => byFp.get(fp)).filter((f): f is Finding => f !== undefined)
  const index = new Map(plan.changes.map((x, k) => [x.id, k + 1]))
  const lines = [
    `${i + 1}. ${c.title}`,
    `   kind ${c.kind} · cost ${c.cost} · target ${c.target}`,
    `   why: ${c.reason}`,
    `   cost: ${c.costReason}`,
    `   removes ${plural(removed.length, 'finding')}:`,
    ...removed.map((f) => {
      const others = c.with?.[f.fingerprint]?.map((id) => index.get(id)).filter(Boolean)
      return `     ${findingLabel(f)}${others?.length ? ` (with change ${others.join(', ')})` : ''}  [${f.fingerprint}]`
    }),
  ]
  if (c.note) lines.push(`   note: ${c.note}`)
  for (const w of c.workspace ?? []) lines.push(`   edit ${w.root ? `${w.root}/` : ''}${w.file}: ${w.what}`)
  if (c.config) lines.push(`   config: breakGlass: ${JSON.stringify(c.config.breakGlass)}`)
  for (const p of c.policies) {
    lines.push(`   new policy ${p.id} (${p.file}):`, ...JSON.stringify(p.document, null, 2).split('\n').map((l) => `     ${l}`))
  }
  if (c.commands.length) lines.push('   run (bulkhead never does):', ...c.commands.map((l) => `     ${l}`))
  for (const p of c.patch) {
    lines.push(`   patch ${p.file}${p.create ? ' (new file)' : ''}:`, ...p.ops.map((op) => `     ${JSON.stringify(op)}`))
  }
  return lines
}

export interface PlanTextOptions {
  header: string
  verification?: Verification
}

export function renderPlan(data: FixPlan, allFindings: Finding[], opts: PlanTextOptions): string {
  // a command is several lines (a heredoc, then the call): split before making each printable
  const plan = printableDeep({ ...data, changes: data.changes.map((c) => ({ ...c, commands: c.commands.flatMap((x) => x.split('\n')) })) })
  const byFp = new Map(printableDeep(allFindings).map((f) => [f.fingerprint, f]))
  const proof = [
    plan.optimal ? 'proven the cheapest' : 'not proven the cheapest',
    plan.verified ? 'confirmed by a rescan with every patch applied' : 'not confirmed by a rescan',
    `${plural(plan.rounds, 'round')} of solve and rescan, ${plural(plan.candidates, 'candidate change')}, solver ${plan.solver}`,
  ]
  const lines = [printable(opts.header), '', fixFirstLine(plan), `total cost ${plan.cost}: ${proof.join('; ')}`, '']
  plan.changes.forEach((c, i) => lines.push(...changeBlock(c, i, byFp, plan), ''))
  if (plan.remaining.length) {
    lines.push(`Not removed by any change of the catalogue (${plan.remaining.length}):`)
    for (const r of plan.remaining) {
      const f = byFp.get(r.fingerprint)
      lines.push(`  ${f ? findingLabel(f) : `${r.checkId} ${r.resource}`}: ${r.reason}`)
    }
    lines.push('')
  }
  for (const p of plan.problems ?? []) lines.push(`problem: ${p}`)
  const v = opts.verification
  if (v) {
    lines.push(v.ok
      ? `Verified: with every patch applied in memory, a rescan finds none of the ${plan.removed} removed findings (${v.after} ${plan.objective} or worse left, of ${v.before})`
      : `NOT verified: ${v.stillThere.length} claimed removal(s) still there, ${v.created.length} new finding(s) at ${plan.objective} or worse`)
    for (const f of v.stillThere) lines.push(`  still there: ${f.checkId} ${f.resource}${f.principal ? ` (${f.principal})` : ''}`)
    for (const f of v.created) lines.push(`  created: ${f.checkId} ${f.resource}${f.principal ? ` (${f.principal})` : ''}`)
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`
}
