// Which capabilities each node reaches, as one bitset per strongly connected component: a
// component reaches what its members hold and what every component it points to reaches.
// Tarjan's algorithm (iterative) finishes a component only after every component reachable from
// it, so one pass in that order computes all of them; principals in a cycle of assumptions share
// one set. Time and memory grow with nodes + edges (times the set width), not with paths.

export type Bits = Uint32Array

export const words = (count: number): number => Math.max(1, Math.ceil(count / 32))
export const hasBit = (b: Bits | undefined, i: number): boolean => !!b && (b[i >>> 5] & (1 << (i & 31))) !== 0
export function setBit(b: Bits, i: number): void {
  b[i >>> 5] |= 1 << (i & 31)
}
export function orInto(dst: Bits, src: Bits): void {
  for (let k = 0; k < dst.length; k++) dst[k] |= src[k]
}
export function intersects(a: Bits | undefined, b: Bits | undefined): boolean {
  if (!a || !b) return false
  for (let k = 0; k < a.length; k++) if (a[k] & b[k]) return true
  return false
}
export function isEmpty(b: Bits | undefined): boolean {
  if (!b) return true
  for (let k = 0; k < b.length; k++) if (b[k]) return false
  return true
}
export function* bitsOf(b: Bits): Generator<number> {
  for (let k = 0; k < b.length; k++) {
    let w = b[k]
    while (w) {
      const t = w & -w
      yield (k << 5) + (31 - Math.clz32(t))
      w ^= t
    }
  }
}

/**
 * Reach sets of every node reachable from `starts`. `successors` lists a node's successors (the
 * graph may grow while it is walked); `own` gives the capabilities a node holds itself.
 */
export function computeReach(
  starts: readonly number[],
  successors: (id: number) => readonly number[],
  own: (id: number) => Bits | undefined,
  width: number,
): (id: number) => Bits | undefined {
  const index: number[] = []
  const low: number[] = []
  const comp: number[] = []
  const onStack: boolean[] = []
  const compBits: (Bits | undefined)[] = []
  const stack: number[] = []
  let counter = 0
  const frames: { v: number; succ: readonly number[]; i: number }[] = []
  const enter = (v: number) => {
    index[v] = low[v] = counter++
    stack.push(v)
    onStack[v] = true
    frames.push({ v, succ: successors(v), i: 0 })
  }
  for (const s of starts) {
    if (index[s] !== undefined) continue
    enter(s)
    while (frames.length) {
      const f = frames[frames.length - 1]
      if (f.i < f.succ.length) {
        const w = f.succ[f.i++]
        if (index[w] === undefined) enter(w)
        else if (onStack[w] && index[w] < low[f.v]) low[f.v] = index[w]
        continue
      }
      frames.pop()
      if (frames.length) {
        const parent = frames[frames.length - 1].v
        if (low[f.v] < low[parent]) low[parent] = low[f.v]
      }
      if (low[f.v] !== index[f.v]) continue
      // f.v roots a component: pop it and compute its set
      const id = compBits.length
      const members: number[] = []
      let w: number
      do {
        w = stack.pop()!
        onStack[w] = false
        comp[w] = id
        members.push(w)
      } while (w !== f.v)
      let acc: Bits | undefined
      let shared: Bits | undefined
      const add = (b: Bits) => {
        if (acc) orInto(acc, b)
        else if (!shared || shared === b) shared = b
        else {
          acc = new Uint32Array(shared)
          orInto(acc, b)
          shared = undefined
        }
      }
      for (const m of members) {
        const o = own(m)
        if (o && !isEmpty(o)) {
          if (!acc) {
            acc = new Uint32Array(width)
            if (shared) orInto(acc, shared)
            shared = undefined
          }
          orInto(acc, o)
        }
      }
      for (const m of members) {
        for (const x of successors(m)) {
          const c = comp[x]
          if (c === id) continue
          const b = compBits[c]
          if (b) add(b)
        }
      }
      compBits.push(acc ?? shared)
    }
  }
  return (id) => {
    const c = comp[id]
    return c === undefined ? undefined : compBits[c]
  }
}
