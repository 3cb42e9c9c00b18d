// Capability propagation: each node's best path to each capability, found once for all starting
// principals by walking the reachable graph and pushing improvements backwards along edges
// (allowed beats conditional, then fewer hops).
import { relabel, worse, type Capability, type Edge, type GraphNode, type Step, type StepVerdict } from './types.js'

export interface Entry {
  verdict: StepVerdict
  hops: number
  /** the edge taken from this node, or undefined when the node holds the capability itself */
  edge?: Edge
  own?: Step
}

/** node key → capability key → best entry */
export type Summaries = Map<string, Map<string, Entry>>

/**
 * Compute, for every node reachable from `starts`, its best path to each capability.
 * `own` decides whether a node holds a capability with its own credentials; `mayHold`, when
 * given, is a quick filter: false means `own` would answer no for every capability.
 */
export function propagate(
  starts: GraphNode[],
  edgesOf: (node: GraphNode) => Edge[],
  capabilities: Capability[],
  own: (node: GraphNode, cap: Capability) => Step | undefined,
  mayHold?: (node: GraphNode) => boolean,
): Summaries {
  const summaries: Summaries = new Map()
  // discover every node and its edges
  const order: GraphNode[] = []
  const seen = new Set<string>()
  const stack = [...starts]
  const preds = new Map<string, { from: GraphNode; edge: Edge }[]>()
  while (stack.length) {
    const n = stack.pop()!
    if (seen.has(n.key)) continue
    seen.add(n.key)
    order.push(n)
    for (const e of edgesOf(n)) {
      let list = preds.get(e.to.key)
      if (!list) preds.set(e.to.key, (list = []))
      list.push({ from: n, edge: e })
      if (!seen.has(e.to.key)) stack.push(e.to)
    }
  }
  // own capabilities, then propagate improvements backwards along edges
  const work: GraphNode[] = []
  // (a node holding nothing has no summary until something reaches it)
  for (const n of order) {
    if (n.hub || (mayHold && !mayHold(n))) continue
    let s: Map<string, Entry> | undefined
    for (const cap of capabilities) {
      const step = own(n, cap)
      if (step) (s ??= new Map()).set(cap.key, { verdict: step.verdict, hops: 0, own: step })
    }
    if (!s) continue
    summaries.set(n.key, s)
    work.push(n)
  }
  while (work.length) {
    const m = work.pop()!
    const ms = summaries.get(m.key)!
    for (const { from, edge } of preds.get(m.key) ?? []) {
      let fs = summaries.get(from.key)
      if (!fs) summaries.set(from.key, (fs = new Map()))
      let changed = false
      for (const [cap, entry] of ms) {
        const verdict = worse(edge.step.verdict, entry.verdict)
        const hops = entry.hops + 1
        const cur = fs.get(cap)
        if (!cur || (cur.verdict === 'conditional' && verdict === 'allowed') || (cur.verdict === verdict && hops < cur.hops)) {
          fs.set(cap, { verdict, hops, edge })
          changed = true
        }
      }
      if (changed) work.push(from)
    }
  }
  return summaries
}

/** The best path from a node to a capability: its steps, or undefined. */
export function bestPath(summaries: Summaries, start: GraphNode, capKey: string): { verdict: StepVerdict; steps: Step[] } | undefined {
  let node: GraphNode | undefined = start
  let entry = summaries.get(node.key)?.get(capKey)
  if (!entry) return undefined
  const verdict = entry.verdict
  const steps: Step[] = []
  const guard = new Set<string>()
  // steps out of a class hub are told from the member that entered it
  let actor: GraphNode = node
  while (entry && node && !guard.has(node.key)) {
    guard.add(node.key)
    if (entry.own) { steps.push(entry.own); break }
    const step = entry.edge!.step
    if (!node.hub) actor = node
    if (!step.hub) steps.push(relabel(step, actor))
    node = entry.edge!.to
    entry = summaries.get(node.key)?.get(capKey)
  }
  return { verdict, steps }
}
