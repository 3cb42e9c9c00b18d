// Runs the `run:` steps of a composite action (action.yml) as a GitHub runner would: each script
// with `bash --noprofile --norc -eo pipefail`, its `env:` expressions evaluated, GITHUB_OUTPUT
// read back into `steps.<id>.outputs`. Only the expressions our action uses are known
// (inputs.*, github.action_path, steps.*.outputs.*): anything else fails the test instead of
// being guessed. `uses:` steps (setup-node, upload-sarif) are returned with their `with:`
// evaluated, for the test to check their wiring.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

export interface ActionStep {
  id?: string
  name?: string
  if?: string
  uses?: string
  run?: string
  shell?: string
  env?: Record<string, string>
  with?: Record<string, string>
}

export interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>
  outputs: Record<string, { value: string }>
  runs: { using: string; steps: ActionStep[] }
}

export interface StepResult {
  step: ActionStep
  /** for `run` steps */
  code?: number
  stdout?: string
  stderr?: string
  /** for `uses` steps: `with:` evaluated */
  with?: Record<string, string>
}

export interface ActionRun {
  steps: StepResult[]
  outputs: Record<string, string>
  summary: string
}

export const readAction = (file: string): Action => parse(readFileSync(file, 'utf8')) as Action

export function runAction(action: Action, o: { actionPath: string; workspace: string; inputs: Record<string, string>; env?: NodeJS.ProcessEnv }): ActionRun {
  const unknown = Object.keys(o.inputs).filter((k) => !(k in action.inputs))
  if (unknown.length) throw new Error(`inputs the action does not declare: ${unknown.join(', ')}`)
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, o.inputs[k] ?? v.default ?? '']))
  const outputs: Record<string, Record<string, string>> = {}
  const tmp = mkdtempSync(join(tmpdir(), 'bulkhead-action-'))
  const summary = join(tmp, 'summary.md')
  writeFileSync(summary, '')
  const evaluate = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      let m: RegExpExecArray | null
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) return inputs[m[1]] ?? ''
      if (expr === 'github.action_path') return o.actionPath
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return outputs[m[1]]?.[m[2]] ?? ''
      throw new Error(`action.yml: expression the test runner does not know: ${expr}`)
    })
  const results: StepResult[] = []
  let failed = false
  action.runs.steps.forEach((step, i) => {
    if (step.uses) {
      results.push({ step, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(String(v))])) })
      return
    }
    if (failed) return // a failed step stops the composite; our steps have no if: always()
    if (step.shell !== 'bash') throw new Error(`step ${step.name}: composite run steps need shell: bash`)
    const script = join(tmp, `step-${i}.sh`)
    const out = join(tmp, `output-${i}`)
    writeFileSync(script, step.run ?? '')
    writeFileSync(out, '')
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]))
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: o.workspace,
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, ...o.env, ...env, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTION_PATH: o.actionPath, GITHUB_WORKSPACE: o.workspace, NO_COLOR: '1' },
    })
    if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    results.push({ step, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr })
    failed = r.status !== 0
  })
  const actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v.value)]))
  return { steps: results, outputs: actionOutputs, summary: readFileSync(summary, 'utf8') }
}
