// Runs Microsoft's SARIF validator with GitHub's ingestion rules (spec §5) and returns what it
// reported. The validator writes its verdict as a SARIF log; errors and warnings are its results
// at those levels (absent level = warning, per SARIF §3.27.10).
// The multitool silently accepts some schema violations (a result `level: "fatal"`, a numeric
// rule id: it reports nothing at all), so the log is also checked against the SARIF 2.1.0 JSON
// Schema it ships, with ajv.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

const ROOT = resolve(import.meta.dirname, '../..')
export const MULTITOOL = resolve(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool')
const SARIF_SCHEMA = resolve(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json')

let schemaValidator: ((log: unknown) => string[]) | undefined
function schemaErrorsOf(log: unknown): string[] {
  if (!schemaValidator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')))
    schemaValidator = (l) => (validate(l) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`))
  }
  return schemaValidator(log)
}

export interface ValidatorIssue {
  ruleId: string
  level: 'error' | 'warning' | 'note' | 'none'
  message: string
}

export interface ValidationResult {
  errors: ValidatorIssue[]
  warnings: ValidatorIssue[]
  notes: ValidatorIssue[]
  /** violations of the SARIF 2.1.0 JSON Schema (ajv) */
  schemaErrors: string[]
  exitCode: number | null
}

interface LogResult { ruleId?: string; level?: ValidatorIssue['level']; message?: { text?: string; id?: string; arguments?: string[] } }

function messageOf(r: LogResult): string {
  const m = r.message ?? {}
  return m.text ?? [m.id, ...(m.arguments ?? [])].filter(Boolean).join(' ')
}

/** Validate SARIF text (or a file path) with `validate --rule-kind "Gh;Sarif"`. */
export function validateSarif(input: { text: string } | { file: string }): ValidationResult {
  if (existsSync(MULTITOOL)) chmodSync(MULTITOOL, 0o755)
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-sarif-'))
  try {
    const file = 'file' in input ? resolve(input.file) : join(dir, 'report.sarif')
    if ('text' in input) writeFileSync(file, input.text)
    const out = join(dir, 'validation.sarif')
    const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '--output', out, file], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      timeout: 120_000,
    })
    if (!existsSync(out)) throw new Error(`sarif-multitool wrote no log (exit ${run.status}):\n${run.stdout}\n${run.stderr}`)
    const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: LogResult[]; invocations?: { toolExecutionNotifications?: LogResult[] }[] }[] }
    const issues: ValidatorIssue[] = log.runs.flatMap((r) => [
      ...(r.results ?? []),
      ...(r.invocations ?? []).flatMap((i) => i.toolExecutionNotifications ?? []).filter((n) => n.level === 'error'),
    ]).map((r) => ({ ruleId: r.ruleId ?? 'tool', level: r.level ?? 'warning', message: messageOf(r) }))
    return {
      schemaErrors: schemaErrorsOf(JSON.parse(readFileSync(file, 'utf8'))),
      errors: issues.filter((i) => i.level === 'error'),
      warnings: issues.filter((i) => i.level === 'warning'),
      notes: issues.filter((i) => i.level === 'note'),
      exitCode: run.status,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Throws, listing every problem, unless the log has zero errors, zero warnings and fits the schema. */
export function assertValidSarif(input: { text: string } | { file: string }): ValidationResult {
  const v = validateSarif(input)
  const problems = [
    ...v.schemaErrors.map((e) => `schema: ${e}`),
    ...[...v.errors, ...v.warnings].map((i) => `${i.level} ${i.ruleId}: ${i.message}`),
  ]
  if (problems.length > 0) throw new Error(`SARIF validation failed:\n${problems.join('\n')}`)
  return v
}
