// Monotone AND/OR formulas over candidate changes: "this finding is gone when ...". Nodes are
// shared (hash-consed), so the thousand findings of one role's paths reuse one formula for the
// role's steps; constants fold away as nodes are made.

export type FNode =
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'var'; c: string }
  | { k: 'and' | 'or'; kids: number[] }

export class Formula {
  static readonly TRUE = 0
  static readonly FALSE = 1
  readonly nodes: FNode[] = [{ k: 'true' }, { k: 'false' }]
  private readonly keyed = new Map<string, number>()

  private intern(key: string, node: FNode): number {
    let id = this.keyed.get(key)
    if (id === undefined) {
      id = this.nodes.length
      this.nodes.push(node)
      this.keyed.set(key, id)
    }
    return id
  }

  v(candidate: string): number {
    return this.intern(`v${candidate}`, { k: 'var', c: candidate })
  }

  and(kids: number[]): number {
    if (kids.includes(Formula.FALSE)) return Formula.FALSE
    const ks = [...new Set(kids.filter((k) => k !== Formula.TRUE))].sort((a, b) => a - b)
    if (ks.length === 0) return Formula.TRUE
    if (ks.length === 1) return ks[0]
    return this.intern(`a${ks.join(',')}`, { k: 'and', kids: ks })
  }

  or(kids: number[]): number {
    if (kids.includes(Formula.TRUE)) return Formula.TRUE
    const ks = [...new Set(kids.filter((k) => k !== Formula.FALSE))].sort((a, b) => a - b)
    if (ks.length === 0) return Formula.FALSE
    if (ks.length === 1) return ks[0]
    return this.intern(`o${ks.join(',')}`, { k: 'or', kids: ks })
  }

  /** Is the node true when exactly `chosen` are applied? */
  evaluate(root: number, chosen: ReadonlySet<string>, memo = new Map<number, boolean>()): boolean {
    const stack: number[] = [root]
    while (stack.length) {
      const id = stack[stack.length - 1]
      if (memo.has(id)) { stack.pop(); continue }
      const n = this.nodes[id]
      if (n.k === 'true' || n.k === 'false' || n.k === 'var') {
        memo.set(id, n.k === 'true' || (n.k === 'var' && chosen.has(n.c)))
        stack.pop()
        continue
      }
      const pending = n.kids.filter((k) => !memo.has(k))
      if (pending.length) { stack.push(...pending); continue }
      memo.set(id, n.k === 'and' ? n.kids.every((k) => memo.get(k)) : n.kids.some((k) => memo.get(k)))
      stack.pop()
    }
    return memo.get(root)!
  }

  /** The candidates a node's truth depends on. */
  variables(root: number): Set<string> {
    const out = new Set<string>()
    const seen = new Set<number>()
    const stack = [root]
    while (stack.length) {
      const id = stack.pop()!
      if (seen.has(id)) continue
      seen.add(id)
      const n = this.nodes[id]
      if (n.k === 'var') out.add(n.c)
      else if (n.k === 'and' || n.k === 'or') stack.push(...n.kids)
    }
    return out
  }
}
