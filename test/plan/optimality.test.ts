// Proof of optimality on small estates (issue 13 §4): on 200+ generated estates (seeded), the
// solver's choice costs exactly the minimum a brute force finds over every subset of the
// candidate changes, and, against the scanner itself, no subset of the candidates cheaper than
// the plan removes every finding the plan removes (each such subset applied and rescanned).
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/checks/define.js'
import { assembleFindings, planFor, rescanFor, scanInputs, snapshotReader, type ScanOptions, type Scanned } from '../../src/cli/scan.js'
import { Catalogue, type Candidate } from '../../src/plan/candidates.js'
import { Documents } from '../../src/plan/documents.js'
import { Formula } from '../../src/plan/formula.js'
import { targetsOf } from '../../src/plan/index.js'
import { Knowledge, Model } from '../../src/plan/model.js'
import type { Edits } from '../../src/plan/rescan.js'
import { bruteForce, candidatesOf, solve } from '../../src/plan/solve.js'
import { smallEstate, writeSmallEstate } from '../support/small-estate.js'

const CASES = 200
/** rescanning every cheaper subset is exponential: estates with more candidates get the formula brute force only */
const RESCAN_CANDIDATES = 10

async function scan(snapshot: string): Promise<{ scanned: Scanned; findings: Finding[] }> {
  const o: ScanOptions = { snapshot, format: 'json', failOn: 'none', color: false }
  const scanned = await scanInputs(o)
  return { scanned, findings: await assembleFindings(o, scanned) }
}

/** The edits a subset of candidates makes, applied together to the snapshot as collected. */
function editsOf(subset: Candidate[], read: (file: string) => unknown): Edits {
  const docs = new Documents(read)
  for (const c of subset) c.apply(docs)
  return {
    patches: docs.patchesSince(),
    workspace: subset.flatMap((c) => (c.workspace ?? []).map((w) => ({ root: w.root, file: w.file, line: w.line }))),
    breakGlass: subset.flatMap((c) => c.breakGlass ?? []),
  }
}

function* subsets<T>(xs: T[]): Generator<T[]> {
  for (let mask = 0; mask < 1 << xs.length; mask++) yield xs.filter((_, i) => mask & (1 << i))
}

describe('the plan is the cheapest (brute force on generated estates)', () => {
  it(`${CASES} seeded estates: solver = brute force over the candidates; no cheaper subset survives a rescan`, async () => {
    let planned = 0
    let rescans = 0
    let withChoice = 0
    for (let seed = 1; seed <= CASES; seed++) {
      const estate = smallEstate(seed)
      const { scanned, findings } = await scan(writeSmallEstate(estate))
      const targets = targetsOf(findings, 'critical')
      const read = snapshotReader(scanned)

      // 1. the solver against a brute force, on the formulas the model builds from the scan
      const catalogue = new Catalogue(scanned.inventory, scanned.engine(), read)
      const model = new Model({ inventory: scanned.inventory, engine: scanned.engine(), catalogue, knowledge: new Knowledge(), objective: 'critical' })
      const roots = targets.map((f) => model.findingGone(f).node).filter((n) => n !== Formula.FALSE)
      const problem = { formula: model.formula, roots, cost: (id: string) => catalogue.get(id).cost }
      const solution = await solve(problem)
      const candidates = candidatesOf(problem)
      const brute = bruteForce(problem, candidates)
      const cost = solution.chosen.reduce((s, c) => s + problem.cost(c), 0)
      expect(brute, `seed ${seed}: some subset removes every root`).toBeDefined()
      expect(cost, `seed ${seed}: solver ${solution.chosen.join(', ')} vs brute force ${brute!.chosen.join(', ')}`).toBe(brute!.cost)
      if (roots.length) expect(solution.optimal, `seed ${seed}`).toBe(true)
      if (new Set(candidates.map(problem.cost)).size > 1 || candidates.length > roots.length) withChoice++

      // 2. the plan (solved, applied, rescanned) against every cheaper subset, judged by the scanner
      const plan = await planFor(scanned, findings, 'critical')
      expect(plan.verified, `seed ${seed}: ${plan.problems?.join('; ')}`).toBe(true)
      if (plan.removed === 0) continue
      planned++
      const removed = new Set(plan.changes.flatMap((c) => c.removes))
      const planCatalogue = [...catalogue.byId.values()]
      if (planCatalogue.length > RESCAN_CANDIDATES) continue
      const rescan = await rescanFor(scanned, findings, 'critical')
      for (const subset of subsets(planCatalogue)) {
        if (subset.reduce((s, c) => s + c.cost, 0) >= plan.cost) continue
        rescans++
        const after = new Set(rescan(editsOf(subset, read)).findings.filter((f) => f.severity === 'critical').map((f) => f.fingerprint))
        const gone = [...removed].every((fp) => !after.has(fp))
        expect(gone, `seed ${seed}: ${subset.map((c) => c.id).join(', ')} is cheaper than the plan (${plan.cost}) and removes all it removes`).toBe(false)
      }
    }
    // the generator must produce estates worth planning for, with real choices among candidates
    expect(planned).toBeGreaterThan(CASES / 4)
    expect(withChoice).toBeGreaterThan(CASES / 10)
    expect(rescans).toBeGreaterThan(CASES / 2)
  }, 600_000)
})
