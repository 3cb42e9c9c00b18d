// Sets of resources that many principals ask about (the roles an account root trusts, the roles
// Lambda may be passed, a vault's recovery points, an account's databases), and the partition of
// such a set by what one principal's statements can tell apart. Two members that every relevant
// statement matches alike (same resource patterns, same resource tags the conditions read) get
// the same decision, so one decision per class answers for all of them: the graph links a
// principal to a whole class at once instead of to each member, and its size stays linear.
import type { Tags } from '../inventory/types.js'
import type { AccessDecision } from './engine.js'
import type { CompiledPolicy } from './policy.js'
import { resourceMatches } from './match.js'

export interface Target {
  arn: string
  /** the tags conditions see for this resource (undefined: the inventory does not know them) */
  tags: Tags | undefined
}

/** Indices into a group's members. */
export type Members = readonly number[]

let nextGroupId = 1

const WILDCARD = /[*?]/

/**
 * Resources of one kind in one account and region (so aws:ResourceAccount and
 * aws:RequestedRegion read the same for all), optionally under one resource policy.
 */
export class TargetGroup<T extends Target = Target> {
  readonly id = nextGroupId++
  private readonly indexOf = new Map<string, number>()
  private sorted?: number[]
  private readonly matches = new Map<string, Members>()
  private readonly accepts = new Map<string, Uint8Array | boolean>()
  private all?: Members
  /** partitions by signature (the statements' patterns and tag keys that split the group) */
  readonly partitions = new Map<string, Partition>()

  constructor(
    readonly label: string,
    readonly members: readonly T[],
    readonly resourcePolicy?: CompiledPolicy,
  ) {
    members.forEach((m, i) => this.indexOf.set(m.arn, i))
  }

  get size(): number {
    return this.members.length
  }

  index(arn: string): number | undefined {
    return this.indexOf.get(arn)
  }

  allMembers(): Members {
    return (this.all ??= this.members.map((_, i) => i))
  }

  /**
   * Members any of `patterns` matches, found through a sorted index of ARNs: a pattern's literal
   * prefix (up to its first wildcard) narrows the candidates before the glob runs.
   */
  matching(patterns: readonly string[]): Members {
    const key = patterns.join('\u0000')
    let hit = this.matches.get(key)
    if (hit) return hit
    const found = new Set<number>()
    for (const p of patterns) for (const i of this.matchOne(p)) found.add(i)
    hit = [...found].sort((a, b) => a - b)
    this.matches.set(key, hit)
    return hit
  }

  private matchOne(pattern: string): number[] {
    const arns = this.members
    if (!WILDCARD.test(pattern)) {
      const i = this.indexOf.get(pattern)
      return i === undefined ? [] : [i]
    }
    const sorted = (this.sorted ??= arns.map((_, i) => i).sort((a, b) => (arns[a].arn < arns[b].arn ? -1 : arns[a].arn > arns[b].arn ? 1 : 0)))
    const prefix = pattern.slice(0, pattern.search(WILDCARD))
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (arns[sorted[mid]].arn < prefix) lo = mid + 1
      else hi = mid
    }
    const out: number[] = []
    for (let k = lo; k < sorted.length && arns[sorted[k]].arn.startsWith(prefix); k++) {
      const i = sorted[k]
      if (resourceMatches(pattern, arns[i].arn)) out.push(i)
    }
    return out
  }

  /** Does the action accept every member's ARN (true), none (false), or some (a mask)? */
  acceptance(action: string, accepts: (action: string, arn: string) => boolean): Uint8Array | boolean {
    let a = this.accepts.get(action)
    if (a !== undefined) return a
    const mask = new Uint8Array(this.members.length)
    let count = 0
    this.members.forEach((m, i) => {
      if (accepts(action, m.arn)) { mask[i] = 1; count++ }
    })
    a = count === this.members.length ? true : count === 0 ? false : mask
    this.accepts.set(action, a)
    return a
  }
}

/** Members that one principal's statements cannot tell apart. */
export interface TargetClass {
  /** unique across groups and principals: principals whose statements split a group alike share it */
  key: string
  /** a member to ask on behalf of the class */
  rep: number
  members(): Members
  size: number
}

/**
 * A group split by a signature: members with the same vector (which partial pattern lists match
 * them, the values of the resource tags the conditions read) form one class.
 */
export class Partition {
  readonly classes: TargetClass[] = []
  /** member index → class (absent: the rest class) */
  private readonly classOfMember = new Map<number, TargetClass>()
  /** members no partial pattern list matches (when the signature has no tags) */
  rest?: TargetClass

  constructor(
    readonly group: TargetGroup,
    readonly signature: string,
    patternLists: readonly (readonly string[])[],
    tagKeys: readonly string[],
    acceptMask: Uint8Array | undefined,
  ) {
    const byVector = new Map<string, number[]>()
    const add = (vector: string, i: number) => {
      let list = byVector.get(vector)
      if (!list) byVector.set(vector, (list = []))
      list.push(i)
    }
    if (tagKeys.length === 0 && !acceptMask) {
      // only the members some pattern list matches need a vector; the others are the rest class
      const hits = patternLists.map((ps) => new Set(group.matching(ps)))
      const union = new Set<number>()
      for (const h of hits) for (const i of h) union.add(i)
      for (const i of [...union].sort((a, b) => a - b)) add(hits.map((h) => (h.has(i) ? '1' : '0')).join(''), i)
      this.classesFrom(byVector)
      if (union.size < group.size) {
        let rep = 0
        while (union.has(rep)) rep++
        let members: Members | undefined
        this.rest = {
          key: `${group.id}|${signature}|rest`,
          rep,
          size: group.size - union.size,
          members: () => (members ??= group.allMembers().filter((i) => !union.has(i))),
        }
        this.classes.push(this.rest)
      }
      return
    }
    const hits = patternLists.map((ps) => new Set(group.matching(ps)))
    group.members.forEach((m, i) => {
      const bits = hits.map((h) => (h.has(i) ? '1' : '0')).join('')
      const tags = tagKeys.map((k) => tagValue(m.tags, k)).join('\u0001')
      add(`${bits}\u0002${tags}\u0002${acceptMask ? acceptMask[i] : ''}`, i)
    })
    this.classesFrom(byVector)
  }

  private classesFrom(byVector: Map<string, number[]>): void {
    for (const [vector, list] of byVector) {
      const cls: TargetClass = { key: `${this.group.id}|${this.signature}|${vector}`, rep: list[0], size: list.length, members: () => list }
      this.classes.push(cls)
      for (const i of list) this.classOfMember.set(i, cls)
    }
  }

  classOf(index: number): TargetClass | undefined {
    return this.classOfMember.get(index) ?? this.rest
  }
}

/** The value a condition sees for resource tag `key` (lower-cased): '\u0000' absent, '\u0003' unknown. */
function tagValue(tags: Tags | undefined, key: string): string {
  if (!tags) return '\u0003'
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === key) return v
  return '\u0000'
}

/** One class with the decision the principal gets for every member of it. */
export interface ClassDecision {
  cls: TargetClass
  decision: AccessDecision
  /** the partition the class belongs to (undefined: the whole group is one class) */
  partition?: Partition
}
