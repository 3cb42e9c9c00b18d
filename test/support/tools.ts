// What the suite needs from outside npm, as real consumers of our reports and as the AWS
// emulator: Debian's chromium (HTML report), xmllint (JUnit XSD), jq (README's Security Hub
// command), and from PyPI moto_server, py-ocsf-models (OCSF) and botocore (ASFF; moto brings it).
// `npm test` finds them or installs them (apt-get when root, pip), saying so in one line; where
// it cannot, it stops with the one command to run. No test is ever skipped for a missing tool.
import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

const MOTO = 'moto[server]==5.2.5'
const PY_OCSF_MODELS = 'py-ocsf-models==0.10.0'
/** every pip requirement of the suite: what a fresh machine gets */
export const PIP_REQUIREMENTS = [MOTO, PY_OCSF_MODELS] as const

export interface Tool {
  name: string
  via: 'apt' | 'pip'
  /** the Debian package, or the pip requirement, that brings it */
  package: string
}

export const TOOLS: readonly Tool[] = [
  { name: 'chromium', via: 'apt', package: 'chromium' },
  { name: 'xmllint', via: 'apt', package: 'libxml2-utils' },
  { name: 'jq', via: 'apt', package: 'jq' },
  { name: 'moto_server', via: 'pip', package: MOTO },
  { name: 'py-ocsf-models', via: 'pip', package: PY_OCSF_MODELS },
  // botocore's Security Hub model: moto depends on it (a pin of its own could fight moto's)
  { name: 'botocore', via: 'pip', package: MOTO },
]

export interface Host {
  root: boolean
  apt: boolean
  python: boolean
}

export type Plan =
  | { kind: 'ready'; line: string }
  | { kind: 'install'; line: string; commands: string[][] }
  | { kind: 'stop'; line: string }

const quote = (s: string) => (/^[\w.=:/-]+$/.test(s) ? s : `'${s}'`)
const packages = (tools: Tool[]) => [...new Set(tools.map((t) => t.package))]
export const aptCommand = (tools: Tool[]) => `sudo apt-get install -y ${packages(tools).join(' ')}`
export const pipCommand = (tools: Tool[]) => `python3 -m pip install ${packages(tools).map(quote).join(' ')}`

/** The one command line that installs these tools by hand. */
export function commandFor(tools: Tool[]): string {
  const apt = tools.filter((t) => t.via === 'apt')
  const pip = tools.filter((t) => t.via === 'pip')
  return [...(apt.length ? [aptCommand(apt)] : []), ...(pip.length ? [pipCommand(pip)] : [])].join(' && ')
}

/** Pure: what to do about the missing tools on this host. */
export function planTools(missing: readonly string[], host: Host): Plan {
  const lacking = TOOLS.filter((t) => missing.includes(t.name))
  if (lacking.length === 0) return { kind: 'ready', line: `test setup: found ${TOOLS.map((t) => t.name).join(', ')}` }
  const apt = lacking.filter((t) => t.via === 'apt')
  const pip = lacking.filter((t) => t.via === 'pip')
  const names = lacking.map((t) => t.name).join(', ')
  const cannot = [
    ...(apt.length && !host.apt ? ['there is no apt-get'] : apt.length && !host.root ? ['apt-get needs root'] : []),
    ...(pip.length && !host.python ? ['there is no python3'] : []),
  ]
  if (cannot.length) return { kind: 'stop', line: `test setup: ${names} missing and ${cannot.join(' and ')} here; run: ${commandFor(lacking)}  (then npm test again)` }
  const commands = [
    ...(apt.length ? [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', ...packages(apt)]] : []),
    ...(pip.length ? [['python3', '-m', 'pip', 'install', '--quiet', ...packages(pip)]] : []),
  ]
  const what = [
    ...(apt.length ? [`${packages(apt).join(' ')} with apt-get`] : []),
    ...(pip.length ? [`${packages(pip).join(' ')} with pip`] : []),
  ]
  return { kind: 'install', line: `test setup: ${names} missing; installing ${what.join(' and ')}`, commands }
}

/** An executable of that name on PATH (no `which`: it may be missing too). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name)
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not here
    }
  }
  return undefined
}

const pythonHas = (module: string, env: NodeJS.ProcessEnv) =>
  spawnSync('python3', ['-c', `import ${module}`], { env, stdio: 'ignore' }).status === 0

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.BULKHEAD_CHROMIUM || onPath('chromium', env)
}

/** Names of the tools this environment lacks. */
export function missingTools(env: NodeJS.ProcessEnv = process.env): string[] {
  const present: Record<string, () => boolean> = {
    chromium: () => !!chromiumPath(env),
    xmllint: () => !!onPath('xmllint', env),
    jq: () => !!onPath('jq', env),
    // run as `python3 -m moto.server`: a pyenv shim for moto_server may not be rehashed yet
    moto_server: () => pythonHas('moto.server', env),
    'py-ocsf-models': () => pythonHas('py_ocsf_models.events.findings.detection_finding', env),
    botocore: () => pythonHas('botocore.validate', env),
  }
  return TOOLS.filter((t) => !present[t.name]()).map((t) => t.name)
}

export function hostOf(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? -1): Host {
  return { root: uid === 0, apt: !!onPath('apt-get', env), python: !!onPath('python3', env) }
}

/**
 * Finds or installs every tool and says in one line what it did; where it cannot, says and
 * throws ToolsError: one line naming the command to run.
 */
export function ensureTools(opts: { env?: NodeJS.ProcessEnv; uid?: number; say?: (line: string) => void } = {}): string {
  const env = opts.env ?? process.env
  const say = opts.say ?? ((l: string) => void process.stderr.write(`${l}\n`))
  const plan = planTools(missingTools(env), hostOf(env, opts.uid))
  say(plan.line)
  if (plan.kind === 'stop') throw new ToolsError(plan.line)
  if (plan.kind === 'install') {
    for (const [cmd, ...args] of plan.commands) {
      spawnSync(cmd, args, { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'inherit'] })
    }
    const still = missingTools(env)
    if (still.length) {
      const line = `test setup: ${still.join(', ')} still missing after installing; run: ${commandFor(TOOLS.filter((t) => still.includes(t.name)))}  (in a virtualenv if this Python is externally managed)`
      say(line)
      throw new ToolsError(line)
    }
  }
  return plan.line
}

export class ToolsError extends Error {}
