// The score (spec §5): deterministic, monotonic, per risk class and overall, small enough to
// explain in one README paragraph and to recompute by hand.
//
//   1. Only unsuppressed findings count (a suppression or baseline entry removes a finding).
//   2. Each finding costs SEVERITY_WEIGHT[severity] points of its risk class, but the n-th
//      finding of the same check in a class (most severe first) costs weight × REPEAT_DECAY^(n-1):
//      ten prod databases without deletion protection are one problem ten times, not ten
//      problems, so one noisy check can't dominate. Only the first MAX_COUNTED_PER_CHECK count.
//   3. A class scores 100 − its cost, rounded, floored at 0.
//   4. Overall = round(WORST_CLASS_SHARE × worst class + (1 − WORST_CLASS_SHARE) × mean of classes):
//      one weak class drags the total down without the other two hiding it.
//   5. Any unsuppressed critical caps the overall value at CRITICAL_CAP (so the grade is F).
//   6. Grade from the overall value: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F.
//   7. A risk class none of whose checks ran is not assessed: it has no score (null) and takes no
//      part in steps 4 and 5 (the worst and the mean are of the assessed classes), so a scan of one
//      check cannot grade the classes it never looked at; with no class assessed there is no score.
//
// Why it is monotonic: within one check the costs sorted most-severe-first, times decreasing
// factors, are the largest such sum over any order (rearrangement inequality), so adding a finding
// or raising a severity never lowers it; every later step is non-decreasing in the costs' inverse.
import { RISK_CLASSES, SEVERITIES, type Finding, type RiskClass, type Severity } from '../checks/define.js'
import { append } from '../group.js'

/** The report's score: overall value and grade, and each risk class's value (null: not assessed). */
export interface Grade {
  /** null when no risk class was assessed */
  value: number | null
  grade: 'A' | 'B' | 'C' | 'D' | 'F' | null
  byRiskClass: Record<RiskClass, number | null>
}

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  critical: 40,
  high: 15,
  medium: 5,
  low: 1,
  info: 0, // info findings are notes, not claims of risk (spec §7)
}
export const REPEAT_DECAY = 0.5
export const MAX_COUNTED_PER_CHECK = 10
export const WORST_CLASS_SHARE = 0.5
export const CRITICAL_CAP = 59
export const GRADE_BANDS: readonly { grade: Grade['grade']; min: number }[] = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 80 },
  { grade: 'C', min: 70 },
  { grade: 'D', min: 60 },
  { grade: 'F', min: 0 },
]

/** One finding's share of its class's cost. */
export interface ScoredFinding {
  fingerprint: string
  checkId: string
  severity: Severity
  /** 1-based position among the check's counted findings in this class, most severe first */
  repeat: number
  weight: number
  cost: number
}

export interface ClassExplanation {
  riskClass: RiskClass
  findings: ScoredFinding[]
  cost: number
  score: number
}

export interface ScoreExplanation {
  /** the assessed classes only */
  classes: ClassExplanation[]
  worstClass: number
  meanOfClasses: number
  /** overall before the critical cap */
  uncapped: number
  criticalCapApplied: boolean
  grade: Grade
  /** the computation in plain sentences, one per line */
  lines: string[]
}

export function countsTowardScore(f: Finding): boolean {
  return f.suppressed === undefined
}

const bySeverity = (a: Finding, b: Finding) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)

function scoreClass(riskClass: RiskClass, findings: Finding[]): ClassExplanation {
  const byCheck = new Map<string, Finding[]>()
  for (const f of findings) append(byCheck, f.checkId, f)
  const scored: ScoredFinding[] = []
  for (const checkId of [...byCheck.keys()].sort()) {
    const counted = byCheck.get(checkId)!.sort(bySeverity).slice(0, MAX_COUNTED_PER_CHECK)
    counted.forEach((f, i) => {
      const weight = SEVERITY_WEIGHT[f.severity]
      scored.push({ fingerprint: f.fingerprint, checkId, severity: f.severity, repeat: i + 1, weight, cost: weight * REPEAT_DECAY ** i })
    })
  }
  const cost = scored.reduce((sum, s) => sum + s.cost, 0)
  return { riskClass, findings: scored, cost, score: Math.max(0, Math.round(100 - cost)) }
}

export function gradeOf(value: number): Grade['grade'] {
  return GRADE_BANDS.find((b) => value >= b.min)!.grade
}

/** `assessed`: the risk classes at least one check of which ran (default: all three). */
export function explainScore(findings: Finding[], assessed: readonly RiskClass[] = RISK_CLASSES): ScoreExplanation {
  const counted = findings.filter(countsTowardScore).filter((f) => assessed.includes(f.riskClass))
  const classes = RISK_CLASSES.filter((c) => assessed.includes(c)).map((c) => scoreClass(c, counted.filter((f) => f.riskClass === c)))
  const byRiskClass = Object.fromEntries(RISK_CLASSES.map((c) => [c, classes.find((x) => x.riskClass === c)?.score ?? null])) as Record<RiskClass, number | null>
  if (classes.length === 0) {
    const grade: Grade = { value: null, grade: null, byRiskClass }
    return { classes, worstClass: NaN, meanOfClasses: NaN, uncapped: NaN, criticalCapApplied: false, grade, lines: ['no risk class assessed: no check ran'] }
  }
  const scores = classes.map((c) => c.score)
  const worstClass = Math.min(...scores)
  const meanOfClasses = scores.reduce((a, b) => a + b, 0) / scores.length
  const uncapped = Math.round(WORST_CLASS_SHARE * worstClass + (1 - WORST_CLASS_SHARE) * meanOfClasses)
  const criticalCapApplied = counted.some((f) => f.severity === 'critical') && uncapped > CRITICAL_CAP
  const value = criticalCapApplied ? CRITICAL_CAP : uncapped
  const grade: Grade = { value, grade: gradeOf(value), byRiskClass }
  return { classes, worstClass, meanOfClasses, uncapped, criticalCapApplied, grade, lines: describe(classes, worstClass, meanOfClasses, uncapped, criticalCapApplied, grade) }
}

export function computeScore(findings: Finding[], assessed: readonly RiskClass[] = RISK_CLASSES): Grade {
  return explainScore(findings, assessed).grade
}

/** The classes the score leaves out (no check of them ran). */
export const notAssessed = (g: Grade): RiskClass[] => RISK_CLASSES.filter((c) => g.byRiskClass[c] === null)

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, ''))

function describe(
  classes: ClassExplanation[], worst: number, mean: number, uncapped: number, capped: boolean, grade: Grade,
): string[] {
  const lines: string[] = RISK_CLASSES.filter((c) => grade.byRiskClass[c] === null).map((c) => `${c}: not assessed (no check of it ran)`)
  for (const c of classes) {
    const terms = c.findings.map((s) => `${s.checkId} #${s.repeat} ${s.severity} ${s.weight}×${num(REPEAT_DECAY ** (s.repeat - 1))}=${num(s.cost)}`)
    lines.push(`${c.riskClass}: 100 − ${num(c.cost)}${terms.length ? ` (${terms.join(' + ')})` : ''} = ${c.score}`)
  }
  lines.push(`overall: round(${WORST_CLASS_SHARE} × ${worst} + ${num(1 - WORST_CLASS_SHARE)} × ${num(mean)}) = ${uncapped}`)
  if (capped) lines.push(`an unsuppressed critical caps it at ${CRITICAL_CAP}`)
  lines.push(`grade ${grade.grade} (${grade.value})`)
  return lines
}
