// The SVG drawing of a finding's evidence path (unrecoverable-deletion, privilege-escalation-path,
// ...): steps become a graph of principals and resources, laid out top to bottom here, at render
// time, so the picture needs no script to appear.
import { cut, esc } from './html-escape.js'

interface GraphNode { key: string; col: number; row: number }
interface GraphEdge { from: string; to: string; label: string; conditional: boolean; cuts: number[] }

/** The changes of the plan (1-based) that break a step, for drawing the cut. */
export type CutOf = (step: Record<string, unknown>) => number[]

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)

/**
 * Steps as checks write them: `{ from, action, to | resource, method?, verdict? }` (src/iam/graph.ts
 * Step) form a graph of from → to/resource; plain strings, or objects without `from`, a chain.
 */
export function pathGraph(steps: unknown[], cutOf?: CutOf): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const edges: GraphEdge[] = []
  const order: string[] = []
  const add = (k: string) => { if (!order.includes(k)) order.push(k) }
  let previous: string | undefined
  for (const step of steps) {
    const o = typeof step === 'object' && step !== null ? (step as Record<string, unknown>) : undefined
    const from = o ? str(o.from) : undefined
    const target = o ? str(o.to) ?? str(o.resource) ?? str(o.arn) ?? str(o.principal) : str(step) ?? JSON.stringify(step)
    const action = o ? [str(o.action), str(o.method) && `(${String(o.method)})`].filter(Boolean).join(' ') : ''
    const conditional = o?.verdict === 'conditional'
    const cuts = o && cutOf ? cutOf(o) : []
    if (from && target) {
      add(from); add(target)
      edges.push({ from, to: target, label: action, conditional, cuts })
    } else {
      const node = target || (o && (str(o.description) ?? str(o.label) ?? str(o.step))) || action || JSON.stringify(step)
      add(node)
      if (previous) edges.push({ from: previous, to: node, label: action, conditional, cuts })
      previous = node
      continue
    }
    previous = target
  }
  const merged = mergeEdges(edges)
  // layered layout: a node's column is its longest distance from a node nothing points to
  const col = new Map(order.map((k) => [k, 0]))
  for (let pass = 0; pass < order.length; pass++) {
    let moved = false
    for (const e of merged) {
      if (e.from === e.to) continue
      const c = col.get(e.from)! + 1
      if (c > col.get(e.to)! && c < order.length) { col.set(e.to, c); moved = true }
    }
    if (!moved) break
  }
  const rows = new Map<number, number>()
  const nodes = order.map((key) => {
    const c = col.get(key)!
    const row = rows.get(c) ?? 0
    rows.set(c, row + 1)
    return { key, col: c, row }
  })
  return { nodes, edges: merged }
}

/**
 * One arrow per pair of nodes: a repeated hop (the same assumption listed for each final action)
 * is drawn once, and two actions on the same target share an arrow with both labels.
 */
function mergeEdges(edges: GraphEdge[]): GraphEdge[] {
  const byPair = new Map<string, { from: string; to: string; labels: string[]; conditional: boolean[]; cuts: Set<number> }>()
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`
    const m = byPair.get(key) ?? { from: e.from, to: e.to, labels: [], conditional: [], cuts: new Set<number>() }
    const label = e.label && e.conditional ? `${e.label} (conditional)` : e.label
    if (!m.labels.includes(label) || !label) { m.labels.push(label); m.conditional.push(e.conditional) }
    for (const c of e.cuts) m.cuts.add(c)
    byPair.set(key, m)
  }
  return [...byPair.values()].map((m) => ({
    from: m.from, to: m.to, label: m.labels.filter(Boolean).join(' + '), conditional: m.conditional.every(Boolean), cuts: [...m.cuts].sort((a, b) => a - b),
  }))
}

/** `arn:aws:iam::111111111111:role/ci` → `role/ci`; keeps the account for the second line. */
function nodeLabel(key: string): { name: string; sub: string } {
  const parts = key.split(':')
  if (parts[0] === 'arn' && parts.length >= 6) return { name: parts.slice(5).join(':'), sub: [parts[2], parts[4] || 'aws', parts[3]].filter(Boolean).join(' · ') }
  return { name: key, sub: '' }
}

// Top to bottom, one row per hop, so a long path grows down the page instead of off its side.
const NODE_W = 250, NODE_H = 46, ROW_GAP = 56, COL_GAP = 40, PAD = 12, LOOP = 60

export function renderPathSvg(steps: unknown[], cutOf?: CutOf): string {
  const { nodes, edges } = pathGraph(steps, cutOf)
  const rows = Math.max(...nodes.map((n) => n.col)) + 1
  const perRow = Math.max(...nodes.map((n) => n.row)) + 1
  const hasLoop = edges.some((e) => nodes.find((n) => n.key === e.to)!.col <= nodes.find((n) => n.key === e.from)!.col)
  const width = PAD * 2 + perRow * NODE_W + (perRow - 1) * COL_GAP + 160 + (hasLoop ? LOOP : 0)
  const height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP
  const at = new Map(nodes.map((n) => [n.key, { x: PAD + n.row * (NODE_W + COL_GAP), y: PAD + n.col * (NODE_H + ROW_GAP) }]))
  const arrows = edges.map((e) => {
    const a = at.get(e.from)!, b = at.get(e.to)!
    const back = b.y <= a.y // same or earlier row (a cycle): route round the right-hand side
    const x1 = back ? a.x + NODE_W : a.x + NODE_W / 2, y1 = back ? a.y + NODE_H / 2 : a.y + NODE_H
    const x2 = back ? b.x + NODE_W : b.x + NODE_W / 2, y2 = back ? b.y + NODE_H / 2 : b.y
    const right = Math.max(x1, x2) + LOOP
    const d = back ? `M${x1},${y1} C${right},${y1} ${right},${y2} ${x2 + 7},${y2}` : `M${x1},${y1} C${x1},${y1 + ROW_GAP / 2} ${x2},${y2 - ROW_GAP / 2} ${x2},${y2 - 7}`
    const head = back ? `${x2},${y2} ${x2 + 9},${y2 - 5} ${x2 + 9},${y2 + 5}` : `${x2},${y2} ${x2 - 5},${y2 - 9} ${x2 + 5},${y2 - 9}`
    const lx = back ? right + 4 : (x1 + x2) / 2 + 8, ly = (y1 + y2) / 2 + 4
    // the plan's cut: this arrow is a step that a change of "Fix first" breaks
    const cutBy = e.cuts.length ? `✂ fix ${e.cuts.join(', ')}` : ''
    const label = [cutBy, e.label].filter(Boolean).join(' · ')
    return (
      `<g class="edge${e.conditional ? ' conditional' : ''}${e.cuts.length ? ' cut' : ''}"${e.cuts.length ? ` data-cut="${e.cuts.join(' ')}"` : ''}>` +
      `<title>${esc(`${e.from} → ${e.to}${e.label ? `: ${e.label}` : ''}${cutBy ? ` (cut by change ${e.cuts.join(', ')} of the plan)` : ''}`)}</title>` +
      `<path d="${d}"/><polygon points="${head}"/>` +
      (label ? `<text x="${lx}" y="${ly}">${esc(cut(label, 70))}</text>` : '') +
      '</g>'
    )
  })
  const boxes = nodes.map((n, i) => {
    const { x, y } = at.get(n.key)!
    const { name, sub } = nodeLabel(n.key)
    const role = i === 0 ? ' start' : edges.some((e) => e.from === n.key) ? '' : ' end'
    return (
      `<g class="node${role}"><title>${esc(n.key)}</title><rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>` +
      `<text x="${x + 10}" y="${y + (sub ? 19 : 28)}" class="name">${esc(cut(name, 34))}</text>` +
      (sub ? `<text x="${x + 10}" y="${y + 36}" class="sub">${esc(cut(sub, 40))}</text>` : '') +
      '</g>'
    )
  })
  return (
    `<svg class="path-graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="attack path, ${nodes.length} nodes" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${arrows.join('')}${boxes.join('')}</svg>`
  )
}
