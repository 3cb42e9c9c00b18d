// The plan stage's parts one at a time: formulas and the solver (exact, and the greedy fallback
// said to be unproven), narrowing a statement (exactly the job's actions stay, checked against the
// AWS action catalogue), the model's AND/OR structure of one finding, and the catalogue's patches.
import fastJsonPatch, { type Operation } from 'fast-json-patch'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expandAction } from '../../src/iam/catalogue.js'
import { Documents } from '../../src/plan/documents.js'
import { Formula } from '../../src/plan/formula.js'
import { isDestructive, narrowStatement } from '../../src/plan/narrow.js'
import { bruteForce, candidatesOf, solve } from '../../src/plan/solve.js'
import { assembleFindings, planFor, scanInputs, snapshotReader } from '../../src/cli/scan.js'
import { Catalogue } from '../../src/plan/candidates.js'
import { targetsOf } from '../../src/plan/index.js'
import { Knowledge, Model } from '../../src/plan/model.js'
import { fixture } from '../support/cli.js'

describe('Formula', () => {
  it('folds constants, shares nodes, and evaluates AND/OR over the chosen candidates', () => {
    const f = new Formula()
    const [a, b, c] = ['a', 'b', 'c'].map((x) => f.v(x))
    expect(f.and([a, Formula.TRUE])).toBe(a)
    expect(f.or([a, Formula.FALSE])).toBe(a)
    expect(f.and([a, Formula.FALSE])).toBe(Formula.FALSE)
    expect(f.or([b, a])).toBe(f.or([a, b]))
    const root = f.or([f.and([a, b]), c])
    expect(f.evaluate(root, new Set(['a']))).toBe(false)
    expect(f.evaluate(root, new Set(['a', 'b']))).toBe(true)
    expect(f.evaluate(root, new Set(['c']))).toBe(true)
    expect([...f.variables(root)].sort()).toEqual(['a', 'b', 'c'])
  })
})

describe('solve', () => {
  const costs: Record<string, number> = { a: 1, b: 2, c: 4, d: 1, e: 3, f: 2 }
  const cost = (c: string) => costs[c]
  /** random monotone formulas over six candidates */
  const arbNode = (f: Formula) => fc.letrec<{ node: number }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...Object.keys(costs)).map((c) => f.v(c)),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((kids) => f.and(kids as unknown as number[])),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((kids) => f.or(kids as unknown as number[]))),
  })).node

  it('property: the exact answer costs what a brute force over every subset finds, and makes every root true', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 1 << 30 }), async (seed) => {
      const f = new Formula()
      const roots = fc.sample(fc.array(arbNode(f), { minLength: 1, maxLength: 4 }), { seed, numRuns: 1 })[0]
      const p = { formula: f, roots, cost }
      const s = await solve(p)
      const brute = bruteForce(p, candidatesOf(p))!
      expect(s.optimal).toBe(true)
      expect(s.solver).toBe('highs')
      expect(s.chosen.reduce((x, c) => x + cost(c), 0)).toBe(brute.cost)
      expect(roots.every((r) => f.evaluate(r, new Set(s.chosen)))).toBe(true)
    }), { numRuns: 150 })
  })

  it('takes an AND of cheap guards over one dear change that breaks the same', async () => {
    const f = new Formula()
    // finding 1 is gone with (a and d) or c; finding 2 with d or c
    const roots = [f.or([f.and([f.v('a'), f.v('d')]), f.v('c')]), f.or([f.v('d'), f.v('c')])]
    const s = await solve({ formula: f, roots, cost })
    expect(s.chosen).toEqual(['a', 'd'])
  })

  it('has nothing to do without roots, and refuses a root no change can make true', async () => {
    const f = new Formula()
    await expect(solve({ formula: f, roots: [Formula.TRUE], cost })).resolves.toEqual({ chosen: [], optimal: true, solver: 'none' })
    await expect(solve({ formula: f, roots: [Formula.FALSE], cost })).rejects.toThrow(/no change can satisfy/)
  })
})

describe('narrowStatement', () => {
  const allowed = (s: { Action?: string | string[]; NotAction?: string | string[] }): Set<string> => {
    const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v])
    if (s.NotAction !== undefined) {
      const out = new Set(expandAction('*').map((a) => a.toLowerCase()))
      for (const p of list(s.NotAction)) for (const a of expandAction(p)) out.delete(a.toLowerCase())
      return out
    }
    return new Set(list(s.Action).flatMap((p) => expandAction(p)).map((a) => a.toLowerCase()))
  }
  const PATTERNS = ['rds:*', 'backup:*', 's3:Delete*', 'rds:Delete*', 'rds:DeleteDBInstance', 'rds:Describe*', 'dynamodb:*', 's3:Get*', 'backup:DeleteRecoveryPoint', 'rds:Modify*']

  it('property: the narrowed statement allows exactly what the original allowed but the destructive actions', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...PATTERNS, '*'), { minLength: 1, maxLength: 4 }), fc.boolean(), (actions, notAction) => {
      const s = notAction ? { Effect: 'Allow', NotAction: actions.filter((a) => a !== '*'), Resource: '*' } : { Effect: 'Allow', Action: actions, Resource: '*' }
      fc.pre(!notAction || (s.NotAction as string[]).length > 0)
      const before = allowed(s)
      const n = narrowStatement(s)
      const wanted = new Set([...before].filter((a) => !isDestructive(a)))
      if (n.kind === 'unchanged') {
        expect([...before].some(isDestructive)).toBe(false)
        return
      }
      expect(n.kind).toBe('statement')
      if (n.kind !== 'statement') return
      const after = n.statement ? allowed(n.statement) : new Set<string>()
      expect([...after].sort()).toEqual([...wanted].sort())
      for (const d of n.dropped) expect(isDestructive(d)).toBe(true)
    }), { numRuns: 60 })
  })

  it('a statement of only destructive actions goes; a wildcard service puts a Deny beside it', () => {
    expect(narrowStatement({ Effect: 'Allow', Action: 'rds:DeleteDBInstance', Resource: '*' })).toMatchObject({ kind: 'statement', statement: null })
    const n = narrowStatement({ Effect: 'Allow', Action: '*:Delete*', Resource: '*' })
    expect(n.kind).toBe('deny')
    if (n.kind === 'deny') expect(n.deny).toMatchObject({ Effect: 'Deny', Resource: '*' })
  })
})

describe('the model and the catalogue on the demo estate', () => {
  it('an unrecoverable deletion is gone when every way is broken, OR one recovery point survives, OR (a prod role) it is break-glass', async () => {
    const demo = fixture('shared-blast-radius')
    const opts = { snapshot: demo, format: 'json', failOn: 'none' as const, color: false }
    const scanned = await scanInputs(opts)
    const findings = await assembleFindings(opts, scanned)
    const read = snapshotReader(scanned)
    const catalogue = new Catalogue(scanned.inventory, scanned.engine(), read)
    const model = new Model({ inventory: scanned.inventory, engine: scanned.engine(), catalogue, knowledge: new Knowledge(), objective: 'critical' })
    const ud = (who: string) => targetsOf(findings, 'critical').find((x) => x.checkId === 'unrecoverable-deletion' && x.resource.arn.endsWith(':db:orders-prod') && x.principal?.arn.endsWith(who))!
    // domain-bot (a user: never break-glass) loses it to one surviving recovery point: the vault Deny
    const f = ud(':user/domain-bot')
    const { node } = model.findingGone(f)
    const vars = [...model.formula.variables(node)]
    const vault = vars.find((v) => v.startsWith('vault-deny:'))!
    expect(vault).toBeDefined()
    expect(vars.some((v) => v.startsWith('break-glass:'))).toBe(false)
    expect(model.formula.evaluate(node, new Set([vault]))).toBe(true)
    expect(model.formula.evaluate(node, new Set())).toBe(false)
    // deploy-prod (a prod role) also to being declared break-glass; its destructive statement narrowed breaks every way
    const g = model.findingGone(ud(':role/deploy-prod')).node
    const glass = `break-glass:${ud(':role/deploy-prod').principal!.arn}`
    expect(model.formula.variables(g).has(glass)).toBe(true)
    expect(model.formula.evaluate(g, new Set([glass]))).toBe(true)
    const narrow = [...model.formula.variables(g)].filter((v) => v.startsWith('narrow-statement:arn:aws:iam::111111111111:role/deploy-prod/'))
    expect(narrow.length).toBeGreaterThan(0)
    expect(model.formula.evaluate(g, new Set(narrow))).toBe(true)
    expect(model.formula.evaluate(g, new Set())).toBe(false)
    // the vault Deny: cheapest kind, its patch creates the vault's policy file with a Deny of deleting recovery points
    const c = catalogue.get(vault)
    expect(c.cost).toBe(1)
    expect(catalogue.get(glass).cost).toBeGreaterThan(c.cost)
    const docs = new Documents(read)
    c.apply(docs)
    const [patch] = docs.patchesSince()
    expect(patch.create).toBe(true)
    const policy = fastJsonPatch.applyPatch({}, patch.ops as Operation[], true, false).newDocument as { Policy: string | { Statement: { Effect: string; Action: string | string[] }[] } }
    const doc = typeof policy.Policy === 'string' ? JSON.parse(policy.Policy) as { Statement: { Effect: string; Action: string | string[] }[] } : policy.Policy
    expect(doc.Statement.some((s) => s.Effect === 'Deny' && [s.Action].flat().includes('backup:DeleteRecoveryPoint'))).toBe(true)
    // and the plan stage agrees: the plan holds it, verified
    const plan = await planFor(scanned, findings, 'critical')
    expect(plan.changes.some((x) => x.removes.includes(f.fingerprint))).toBe(true)
    expect(plan.verified).toBe(true)
  })
})
