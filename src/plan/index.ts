// The plan stage (spec §9): after the checks, before the score and the reports. From the
// findings at or above the objective, the engine's paths behind them (model.ts) and the catalogue
// of changes (candidates.ts), the cheapest set of changes after which none of them remains,
// solved exactly (solve.ts), then made true by rescanning (counterexample-guided): the plan's
// patches are applied in memory and the scan runs again; a finding still there teaches the model
// the path it missed, or corrects a step the model thought broken; solve again, until a rescan
// confirms every claimed removal (or the rounds run out, and the plan says it is not verified).
// No I/O: the snapshot's files and the rescan come in from the CLI.
import { severityRank, type Finding } from '../checks/define.js'
import type { IamEngine } from '../iam/engine.js'
import type { Inventory } from '../inventory/types.js'
import { Catalogue, type Candidate } from './candidates.js'
import { Documents, readPolicy, type ReadFile } from './documents.js'
import { Formula } from './formula.js'
import { textEdits } from './json-span.js'
import { Knowledge, Model, stepKey, stepsOf } from './model.js'
import type { Edits, Rescan, Rescanned } from './rescan.js'
import { solve } from './solve.js'
import type { FilePatch, FixPlan, Objective, PlanChange, RemainingFinding } from './types.js'

export type { FixPlan, Objective, PlanChange } from './types.js'

export interface PlanInput {
  /** the scan's findings; suppressed and baselined ones are not planned for */
  findings: Finding[]
  inventory: Inventory
  engine: IamEngine
  read: ReadFile
  /** the text of a snapshot file (for the character edits of SARIF fixes) */
  readText?: (file: string) => string | undefined
  rescan: Rescan
  objective: Objective
  maxRounds?: number
}

const DEFAULT_ROUNDS = 6

/**
 * The most findings a plan is computed for. The exact plan is an integer program over every path
 * behind them, confirmed by rescans; past this many (an organization where thousands of
 * principals can each destroy each prod store) it would take minutes, so the scan says it was
 * not computed and `bulkhead fix` asks for a narrower scope instead of running for ever.
 */
export const PLAN_BUDGET = 300

/** Why no plan is computed for these findings, or undefined when one is. */
export function overBudget(findings: Finding[], objective: Objective, budget = PLAN_BUDGET): string | undefined {
  const n = targetsOf(findings, objective).length
  return n > budget
    ? `Fix first was not computed: ${n} ${objective} findings are more than the plan's budget of ${budget} (run bulkhead fix with --checks, or on fewer accounts, for a plan)`
    : undefined
}

export const atOrAbove = (objective: Objective) => (f: Pick<Finding, 'severity'>): boolean => severityRank(f.severity) >= severityRank(objective)

/** Findings the plan aims at: open, at or above the objective. */
export const targetsOf = (findings: Finding[], objective: Objective): Finding[] => findings.filter((f) => !f.suppressed && atOrAbove(objective)(f))

interface Round {
  model: Model
  roots: Map<string, number>
  remaining: RemainingFinding[]
  chosen: string[]
  optimal: boolean
  solver: FixPlan['solver']
}

export async function planFixes(input: PlanInput): Promise<FixPlan> {
  const { inventory, engine, objective } = input
  const targets = targetsOf(input.findings, objective)
  const catalogue = new Catalogue(inventory, engine, input.read)
  const knowledge = new Knowledge()
  const stuck = new Map<string, string>()
  const maxRounds = input.maxRounds ?? DEFAULT_ROUNDS
  let problems: string[] = []
  for (let round = 1; ; round++) {
    const r = await solveRound(targets, { inventory, engine, catalogue, knowledge, objective }, stuck)
    const ordered = orderChanges(r, catalogue)
    const changes = materialize(ordered, input.read, input.readText).map((c) => withCuts(c, r.model))
    // no change to apply: the rescan would be the scan itself, nothing to confirm
    if (changes.length === 0) {
      return { objective, findings: targets.length, removed: 0, cost: 0, optimal: r.optimal, verified: true, solver: r.solver, rounds: round, candidates: catalogue.byId.size, changes, remaining: r.remaining }
    }
    const rescanned = input.rescan(editsOf(changes))
    const check = compare(targets, r, rescanned, objective)
    problems = check.problems
    if (check.failed.length === 0 || round >= maxRounds) {
      return {
        objective, findings: targets.length, removed: r.roots.size - check.failed.length,
        cost: changes.reduce((s, c) => s + c.cost, 0), optimal: r.optimal && check.failed.length === 0,
        verified: problems.length === 0, solver: r.solver, rounds: round, candidates: catalogue.byId.size,
        changes, remaining: r.remaining, ...(problems.length ? { problems } : {}),
      }
    }
    learn(check.failed, rescanned, r, knowledge, stuck)
  }
}

async function solveRound(targets: Finding[], m: ConstructorParameters<typeof Model>[0], stuck: Map<string, string>): Promise<Round> {
  const model = new Model(m)
  const roots = new Map<string, number>()
  const remaining: RemainingFinding[] = []
  const left = (f: Finding, reason: string) =>
    remaining.push({ fingerprint: f.fingerprint, checkId: f.checkId, resource: f.resource.arn, ...(f.principal ? { principal: f.principal.arn } : {}), reason })
  for (const f of targets) {
    const known = stuck.get(f.fingerprint)
    if (known) { left(f, known); continue }
    const { node, reason } = model.findingGone(f)
    if (node === Formula.FALSE) left(f, reason ?? 'no change of the catalogue breaks every path to it')
    else roots.set(f.fingerprint, node)
  }
  const solution = await solve({ formula: model.formula, roots: [...roots.values()], cost: (id) => m.catalogue.get(id).cost })
  return { model, roots, remaining, chosen: solution.chosen, optimal: solution.optimal, solver: solution.solver }
}

/**
 * The changes in the order a person applies them: most findings first. Each finding is credited
 * to the smallest subset of the plan that still removes it (trying to drop the later changes
 * first), so `removes` and `with` say which changes a removal takes.
 */
function orderChanges(r: Round, catalogue: Catalogue): { candidate: Candidate; removes: string[]; with: Record<string, string[]> }[] {
  const f = r.model.formula
  const chosen = new Set(r.chosen)
  const needs = new Map<string, string[]>()
  const count = new Map<string, number>(r.chosen.map((c) => [c, 0]))
  const vars = new Map<string, Set<string>>()
  for (const [fp, root] of r.roots) {
    const mine = f.variables(root)
    vars.set(fp, mine)
    for (const c of mine) if (chosen.has(c)) count.set(c, count.get(c)! + 1)
  }
  const order = [...r.chosen].sort((a, b) => count.get(b)! - count.get(a)! || catalogue.get(a).cost - catalogue.get(b).cost || a.localeCompare(b))
  for (const [fp, root] of r.roots) {
    let set = order.filter((c) => vars.get(fp)!.has(c))
    for (const c of [...set].reverse()) {
      const without = new Set(set.filter((x) => x !== c))
      if (f.evaluate(root, without)) set = set.filter((x) => x !== c)
    }
    needs.set(fp, set)
  }
  return order.map((id) => {
    const removes = [...needs].filter(([, set]) => set.includes(id)).map(([fp]) => fp)
    const withOthers = Object.fromEntries(removes.map((fp) => [fp, needs.get(fp)!.filter((x) => x !== id)]).filter(([, others]) => others.length > 0))
    return { candidate: catalogue.get(id), removes, with: withOthers }
  })
}

/** Apply the changes in order to the snapshot's files: each change's patch, new policies and commands. */
function materialize(ordered: ReturnType<typeof orderChanges>, read: ReadFile, readText?: (file: string) => string | undefined): PlanChange[] {
  const docs = new Documents(read)
  return ordered.map(({ candidate: c, removes, with: others }) => {
    const alone = new Documents(read)
    c.apply(alone)
    const textEditsOf = readText ? alone.patchesSince().map((p) => ({ file: p.file, edits: textEdits(readText(p.file), read(p.file), alone.get(p.file)) })) : []
    const before = docs.state()
    c.apply(docs)
    const patch: FilePatch[] = docs.patchesSince(before)
    const files = new Set(patch.map((p) => p.file))
    const policies = c.policies.filter((loc) => files.has(loc.file)).map((loc) => ({ id: loc.id, file: loc.file, document: readPolicy(docs, loc) }))
    return {
      id: c.id, kind: c.kind, title: c.title, target: c.target, reason: c.reason, cost: c.cost, costReason: c.costReason,
      removes, ...(Object.keys(others).length ? { with: others } : {}),
      policies, commands: c.commands(docs), patch, ...(textEditsOf.length ? { textEdits: textEditsOf } : {}),
      ...(c.workspace ? { workspace: c.workspace } : {}),
      ...(c.breakGlass ? { config: { breakGlass: c.breakGlass } } : {}),
      ...(c.note ? { note: c.note } : {}),
    }
  })
}

function withCuts(c: PlanChange, model: Model): PlanChange {
  const cuts = model.cutsBy(c.id).map((s) => ({ from: s.from, action: s.action, ...(s.to ? { to: s.to } : {}), ...(s.resource ? { resource: s.resource } : {}) }))
  return cuts.length ? { ...c, cuts } : c
}

/** What a rescan needs to apply the plan: every patch in order, workspace removals, break-glass additions. */
export function editsOf(changes: PlanChange[]): Edits {
  return {
    patches: changes.flatMap((c) => c.patch),
    workspace: changes.flatMap((c) => (c.workspace ?? []).map((w) => ({ root: w.root, file: w.file, line: w.line }))),
    breakGlass: changes.flatMap((c) => c.config?.breakGlass ?? []),
  }
}

/** Claimed removals a rescan contradicts, and objective findings the changes created. */
function compare(targets: Finding[], r: Round, rescanned: Rescanned, objective: Objective): { failed: Finding[]; problems: string[] } {
  const after = new Map(rescanned.findings.filter(atOrAbove(objective)).map((f) => [f.fingerprint, f]))
  const failed = targets.filter((f) => r.roots.has(f.fingerprint) && after.has(f.fingerprint))
  const before = new Set(targets.map((f) => f.fingerprint))
  const created = [...after.values()].filter((f) => !before.has(f.fingerprint))
  return {
    failed,
    problems: [
      ...failed.map((f) => `${f.checkId} on ${f.resource.arn}${f.principal ? ` (${f.principal.arn})` : ''} is still there after the changes`),
      ...created.map((f) => `the changes create ${f.checkId} on ${f.resource.arn}${f.principal ? ` (${f.principal.arn})` : ''}`),
    ],
  }
}

/**
 * A finding the rescan still shows: learn the paths the rescan's engine still finds; where the
 * model called one of them broken, the claim was wrong (correct it); where nothing is learned,
 * give the finding up as one the model cannot plan for.
 */
function learn(failed: Finding[], rescanned: Rescanned, r: Round, k: Knowledge, stuck: Map<string, string>): void {
  const after = new Map(rescanned.findings.map((f) => [f.fingerprint, f]))
  const chosen = new Set(r.chosen)
  for (const f of failed) {
    const now = after.get(f.fingerprint)!
    const before = JSON.stringify([...k.corrections].length) + countKnowledge(k)
    const paths: { steps: import('../iam/engine.js').Step[] }[] = []
    switch (f.checkId) {
      case 'unrecoverable-deletion': case 'can-delete-prod-database': case 'can-delete-prod-backups':
      case 'nonprod-principal-writes-prod': case 'token-in-workspace': {
        const p = f.principal && rescanned.inventory.principals.find((x) => x.arn === f.principal!.arn)
        if (p) {
          const reach = rescanned.engine.destructionReach(p)
          k.learnReach(p.arn, reach)
          for (const s of reach) paths.push(...s.destroyWays, ...s.recoveryPoints.flatMap((rp) => (rp.path ? [rp.path] : [])), ...(s.modify ? [s.modify] : []))
        }
        break
      }
      case 'cross-env-role-trust': {
        const m = k.admitted.get(f.resource.arn) ?? new Map<string, string>()
        for (const a of (now.evidence.admitted ?? []) as { arn: string; accountId: string }[]) m.set(a.arn, a.accountId)
        k.admitted.set(f.resource.arn, m)
        break
      }
      case 'admin-principal': {
        const seen = k.grantedBy.get(f.principal?.arn ?? '') ?? []
        const vias = new Set((now.evidence.grantedBy ?? []) as string[])
        if (f.principal && !seen.some((s) => [...s].join() === [...vias].join())) k.grantedBy.set(f.principal.arn, [...seen, vias])
        break
      }
      case 'privilege-escalation-path': {
        const steps = stepsOf(now.evidence.path)
        const seen = k.escalations.get(f.principal?.arn ?? '') ?? []
        if (f.principal && !seen.some((s) => s.map(stepKey).join() === steps.map(stepKey).join())) k.escalations.set(f.principal.arn, [...seen, steps])
        paths.push({ steps })
        break
      }
    }
    // a step the rescan still takes, that the model thought this plan broke: that claim was wrong
    for (const p of paths) {
      for (const s of p.steps) {
        const node = r.model.stepBroken(s)
        if (!r.model.formula.evaluate(node, chosen)) continue
        for (const c of r.model.formula.variables(node)) if (chosen.has(c)) k.corrections.add(`${stepKey(s)}\u0000${c}`)
      }
    }
    if (JSON.stringify([...k.corrections].length) + countKnowledge(k) === before) {
      stuck.set(f.fingerprint, 'a rescan with the plan applied still finds it and shows nothing the plan could change: it needs a change bulkhead cannot derive from the snapshot')
    }
  }
}

function countKnowledge(k: Knowledge): string {
  let ways = 0
  for (const m of k.reach.values()) for (const w of m.values()) ways += w.ways.length + w.modify.length + [...w.rps.values()].reduce((s, l) => s + l.length, 0)
  const admitted = [...k.admitted.values()].reduce((s, m) => s + m.size, 0)
  const granted = [...k.grantedBy.values()].reduce((s, l) => s + l.length, 0)
  const esc = [...k.escalations.values()].reduce((s, l) => s + l.length, 0)
  return `/${ways}/${admitted}/${granted}/${esc}`
}
