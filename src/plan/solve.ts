// Choose the cheapest set of candidates that makes every root formula true: an integer program,
// solved exactly by HiGHS (the `highs` package: the HiGHS solver compiled to WebAssembly, MIT).
// Candidates are binary columns; each AND/OR node is a column in [0, 1] bounded by its children
// (AND: y ≤ each child; OR: y ≤ the sum of its children), which with binary candidates makes y
// exactly the node's truth; each root must be 1. Costs are whole numbers, so an absolute gap
// below 1 proves optimality. Too big, too slow, or no solver: an irredundant greedy cover, said
// to be not proven optimal.
import { Formula } from './formula.js'

export interface Problem {
  formula: Formula
  roots: number[]
  cost: (candidate: string) => number
}

export interface Solution {
  chosen: string[]
  optimal: boolean
  solver: 'highs' | 'greedy' | 'none'
}

/** Past this many columns the MIP is not attempted (the greedy answer comes back, not proven optimal). */
export const MAX_COLUMNS = 200_000
const TIME_LIMIT_SECONDS = 20

type Highs = { solve(lp: string, options: Record<string, unknown>): { Status: string; Columns: Record<string, { Primal: number }> } }
let highs: Promise<Highs | undefined> | undefined

async function loadHighs(): Promise<Highs | undefined> {
  highs ??= import('highs').then((m) => (m.default as unknown as () => Promise<Highs>)()).catch(() => undefined)
  return highs
}

/** The nodes under the roots, children before parents. */
function reachable(formula: Formula, roots: number[]): number[] {
  const order: number[] = []
  const seen = new Set<number>()
  const stack: [number, boolean][] = roots.map((r) => [r, false])
  while (stack.length) {
    const [id, expanded] = stack.pop()!
    if (expanded) { order.push(id); continue }
    if (seen.has(id)) continue
    seen.add(id)
    stack.push([id, true])
    const n = formula.nodes[id]
    if (n.k === 'and' || n.k === 'or') for (const k of n.kids) if (!seen.has(k)) stack.push([k, false])
  }
  return order
}

export async function solve(p: Problem): Promise<Solution> {
  const roots = [...new Set(p.roots)].filter((r) => r !== Formula.TRUE)
  if (roots.length === 0) return { chosen: [], optimal: true, solver: 'none' }
  if (roots.includes(Formula.FALSE)) throw new Error('a root that no change can satisfy reached the solver')
  const nodes = reachable(p.formula, roots)
  const solver = nodes.length <= MAX_COLUMNS ? await loadHighs() : undefined
  if (solver) {
    const answer = solveMip(solver, p, nodes, roots)
    if (answer) return irredundant(p, roots, answer)
  }
  return { ...irredundant(p, roots, { chosen: greedy(p, nodes, roots), optimal: false, solver: 'greedy' }), optimal: false }
}

function solveMip(h: Highs, p: Problem, nodes: number[], roots: number[]): Solution | undefined {
  const name = new Map<number, string>()
  const vars: string[] = []
  let y = 0
  for (const id of nodes) {
    const n = p.formula.nodes[id]
    if (n.k === 'var') { name.set(id, `x${vars.length}`); vars.push(n.c) } else if (n.k === 'and' || n.k === 'or') name.set(id, `y${y++}`)
  }
  const rows: string[] = []
  let r = 0
  for (const id of nodes) {
    const n = p.formula.nodes[id]
    const me = name.get(id)!
    if (n.k === 'and') for (const k of n.kids) rows.push(` r${r++}: ${me} - ${name.get(k)} <= 0`)
    else if (n.k === 'or') rows.push(` r${r++}: ${me} - ${n.kids.map((k) => name.get(k)).join(' - ')} <= 0`)
  }
  for (const root of roots) rows.push(` r${r++}: ${name.get(root)} >= 1`)
  const objective = vars.map((c, i) => `${p.cost(c)} x${i}`).join(' + ')
  const ys = [...name.values()].filter((v) => v.startsWith('y'))
  const lp = [
    'Minimize', ` obj: ${objective || '0 x0'}`, 'Subject To', ...rows,
    'Bounds', ...ys.map((v) => ` 0 <= ${v} <= 1`),
    'Binary', ` ${vars.map((_, i) => `x${i}`).join(' ')}`, 'End',
  ].join('\n')
  let result
  try {
    result = h.solve(lp, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5, time_limit: TIME_LIMIT_SECONDS })
  } catch {
    return undefined
  }
  const optimal = result.Status === 'Optimal'
  if (!optimal && result.Status !== 'Time limit reached') return undefined
  const chosen = vars.filter((_, i) => (result.Columns[`x${i}`]?.Primal ?? 0) > 0.5)
  const set = new Set(chosen)
  const memo = new Map<number, boolean>()
  if (!roots.every((root) => p.formula.evaluate(root, set, memo))) return undefined
  return { chosen, optimal, solver: 'highs' }
}

/** Every candidate the roots mention, then each dropped (dearest first) while the roots still hold. */
function greedy(p: Problem, nodes: number[], _roots: number[]): string[] {
  const all = new Set<string>()
  for (const id of nodes) {
    const n = p.formula.nodes[id]
    if (n.k === 'var') all.add(n.c)
  }
  return [...all]
}

function irredundant(p: Problem, roots: number[], s: Solution): Solution {
  let chosen = [...s.chosen].sort((a, b) => p.cost(b) - p.cost(a) || a.localeCompare(b))
  for (const c of [...chosen]) {
    const without = new Set(chosen.filter((x) => x !== c))
    const memo = new Map<number, boolean>()
    if (roots.every((r) => p.formula.evaluate(r, without, memo))) chosen = chosen.filter((x) => x !== c)
  }
  return { ...s, chosen: chosen.sort() }
}

/**
 * The cheapest set by brute force: every subset of the candidates, cheapest first (for tests of
 * the solver on small problems; exponential).
 */
export function bruteForce(p: Problem, candidates: string[]): { cost: number; chosen: string[] } | undefined {
  const roots = [...new Set(p.roots)]
  let best: { cost: number; chosen: string[] } | undefined
  const n = candidates.length
  for (let mask = 0; mask < 1 << n; mask++) {
    const chosen = candidates.filter((_, i) => mask & (1 << i))
    const cost = chosen.reduce((s, c) => s + p.cost(c), 0)
    if (best && cost >= best.cost) continue
    const set = new Set(chosen)
    const memo = new Map<number, boolean>()
    if (roots.every((r) => p.formula.evaluate(r, set, memo))) best = { cost, chosen }
  }
  return best
}

/** Candidates the roots depend on. */
export function candidatesOf(p: Problem): string[] {
  const out = new Set<string>()
  for (const r of p.roots) for (const v of p.formula.variables(r)) out.add(v)
  return [...out].sort()
}
