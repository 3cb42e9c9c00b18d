// A seeded mutator over the bundled fixtures (issue 11): each mutant is one fixture estate (or the
// lone authorization-details file), a config file (JSON or YAML) and a workspace, with exactly one
// thing broken the way a careless hand or a hostile account would break it: a file deleted,
// truncated, set to null, a value deleted, retyped, made huge or deep, given control characters
// or a wildcard bomb, a key given twice. Mutant n of seed s is always the same mutant.
import { createHash } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { stringify as toYaml } from 'yaml'
import { prng } from '../../bench/prng.js'

export const FIXTURES = join(import.meta.dirname, '../../fixtures')
const ESTATES = ['shared-blast-radius', 'well-isolated'] as const
const WORKSPACE = join(FIXTURES, 'estates/shared-blast-radius/workspace')
const LONE_FILE = join(FIXTURES, 'authorization-details/acme-prod-gaad.json')

export const BASE_CONFIG = {
  environments: {
    prod: { accounts: ['111111111111'], arns: ['arn:aws:rds:*:111111111111:db:*-prod'] },
    staging: { accounts: ['222222222222'], arns: ['arn:aws:iam::222222222222:role/*'] },
  },
  breakGlass: ['arn:aws:iam::*:role/break-glass'],
  checks: { 'rds-backup-retention-short': { minRetentionDays: 14 }, 'stale-access-key': { maxKeyAgeDays: 90 } },
  suppressions: [
    { check: 'backup-vault-unlocked', resource: 'arn:aws:backup:*:111111111111:backup-vault:*', reason: 'lock scheduled', owner: 'platform', expires: '2027-01-31' },
  ],
  workspace: { environments: { prod: ['**/.env.production'] }, exclude: ['node_modules', '**/*.min.js'], maxFileBytes: 1048576 },
}

export interface Mutant {
  id: number
  /** what was broken, for the failure list: estate, file, operation, detail */
  label: string
  /** the mutant's own directory: every input lives under it, so an error naming a file names it */
  root: string
  args: string[]
}

type Rng = () => number
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]
type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Path = (string | number)[]

// ---------------------------------------------------------------------------------------------
// Values

const CONTROL = ['\u001b]0;pwned\u0007', '\u001b[2J\u001b[H', '\r\nNo findings.\n', '\u0000', '\u009b31m', '\u202e', '\ud800', '\u007f']
const HUGE = [() => 'a'.repeat(300_000), () => '*?'.repeat(5_000), () => `r${'*'.repeat(10_000)}x`, () => '../'.repeat(20_000), () => '\u00e9'.repeat(100_000)]
/** a value nested n levels deep, as JSON text (JSON.stringify itself would overflow the stack) */
const deepText = (n: number, rng: Rng): string => (rng() < 0.5 ? `${'{"a":'.repeat(n)}"bottom"${'}'.repeat(n)}` : `${'['.repeat(n)}"bottom"${']'.repeat(n)}`)
const DEEP = '\u0000deep\u0000'

function retype(v: Json, rng: Rng): Json {
  const others: Json[] = ['', 'x', 0, -1, 1e308, 1.5, true, false, [], {}, ['x'], { x: 1 }]
  const different = others.filter((o) => typeof o !== typeof v || Array.isArray(o) !== Array.isArray(v))
  return pick(rng, different)
}

/** every node of a JSON value with its path (breadth first, the first 5000) */
function nodes(root: Json): { path: Path; value: Json }[] {
  const out: { path: Path; value: Json }[] = []
  const queue: { path: Path; value: Json }[] = [{ path: [], value: root }]
  while (queue.length > 0 && out.length < 5000) {
    const n = queue.shift()!
    out.push(n)
    if (Array.isArray(n.value)) n.value.forEach((v, i) => queue.push({ path: [...n.path, i], value: v }))
    else if (n.value && typeof n.value === 'object') for (const [k, v] of Object.entries(n.value)) queue.push({ path: [...n.path, k], value: v })
  }
  return out
}

function parentOf(root: Json, path: Path): { parent: Json[] | Record<string, Json>; key: string | number } | undefined {
  if (path.length === 0) return undefined
  let parent = root as Json[] | Record<string, Json>
  for (const p of path.slice(0, -1)) parent = (parent as Record<string, Json>)[p as string] as Json[] | Record<string, Json>
  return { parent, key: path[path.length - 1] }
}

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  const at = parentOf(root, path)
  if (!at) return value ?? null
  if (value === undefined) {
    if (Array.isArray(at.parent)) at.parent.splice(at.key as number, 1)
    else delete at.parent[at.key as string]
  } else (at.parent as Record<string, Json>)[at.key as string] = value
  return root
}

const show = (path: Path) => path.reduce<string>((a, p) => (typeof p === 'number' ? `${a}[${p}]` : `${a}.${p}`), '$')

// ---------------------------------------------------------------------------------------------
// Operations: on a parsed JSON file, on any file's text, on the workspace

const JSON_OPS = ['delete-value', 'null-value', 'retype', 'extra-key', 'huge', 'huge-array', 'deep', 'control', 'wildcard-bomb'] as const
const EXTRA_KEYS = ['Foo', '__proto__', 'constructor', 'StringLike', 'Statement', '']
const EXTRA_VALUES: Json[] = [{ bar: 1 }, [{ x: [] }], 'x', 0, null, { ConditionKey: 1 }]
const TEXT_OPS = ['delete-file', 'truncate', 'null-file', 'duplicate-key', 'bom', 'byte-flip'] as const

function mutateJson(text: string, rng: Rng): { text: string; detail: string } {
  const root = JSON.parse(text) as Json
  const op = pick(rng, JSON_OPS)
  const all = nodes(root)
  const strings = all.filter((n) => typeof n.value === 'string')
  switch (op) {
    case 'delete-value': {
      const n = pick(rng, all.filter((x) => x.path.length > 0).concat(all.slice(0, 1)))
      return { text: JSON.stringify(setAt(root, n.path, n.path.length ? undefined : null)), detail: `${op} ${show(n.path)}` }
    }
    case 'null-value': {
      const n = pick(rng, all)
      return { text: JSON.stringify(setAt(root, n.path, null)), detail: `${op} ${show(n.path)}` }
    }
    case 'retype': {
      const n = pick(rng, all)
      const v = retype(n.value, rng)
      return { text: JSON.stringify(setAt(root, n.path, v)), detail: `${op} ${show(n.path)} = ${JSON.stringify(v)}` }
    }
    case 'extra-key': {
      // the schemas allow keys they do not name: whatever they hold must not crash anything
      const objects = all.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value))
      if (objects.length === 0) return mutateJson(text, rng)
      const n = pick(rng, objects)
      const key = pick(rng, EXTRA_KEYS)
      const value = pick(rng, EXTRA_VALUES)
      const body = JSON.stringify(n.value)
      const extended = `${body.slice(0, -1)}${body === '{}' ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}}`
      const marker = '\u0000extra\u0000'
      return { text: JSON.stringify(setAt(root, n.path, marker)).replace(JSON.stringify(marker), extended), detail: `${op} ${show(n.path)}.${key} = ${JSON.stringify(value)}` }
    }
    case 'huge': {
      const n = pick(rng, strings.length ? strings : all)
      const i = Math.floor(rng() * HUGE.length)
      return { text: JSON.stringify(setAt(root, n.path, HUGE[i]())), detail: `${op}#${i} ${show(n.path)}` }
    }
    case 'huge-array': {
      const arrays = all.filter((x) => Array.isArray(x.value) && x.value.length > 0)
      if (arrays.length === 0) return mutateJson(text, rng)
      const n = pick(rng, arrays)
      const copies = Array.from({ length: 2_000 }, () => (n.value as Json[])[0])
      return { text: JSON.stringify(setAt(root, n.path, copies)), detail: `${op} ${show(n.path)} × 2000` }
    }
    case 'deep': {
      const n = pick(rng, all)
      return { text: JSON.stringify(setAt(root, n.path, DEEP)).replace(JSON.stringify(DEEP), deepText(5_000, rng)), detail: `${op} ${show(n.path)}` }
    }
    case 'control': {
      const n = pick(rng, strings.length ? strings : all)
      const c = pick(rng, CONTROL)
      const s = typeof n.value === 'string' ? n.value : 'x'
      const at = Math.floor(rng() * (s.length + 1))
      return { text: JSON.stringify(setAt(root, n.path, `${s.slice(0, at)}${c}${s.slice(at)}`)), detail: `${op} ${show(n.path)} ${JSON.stringify(c)}` }
    }
    case 'wildcard-bomb': {
      // patterns where they are matched: actions, resources, principals, conditions, config ARNs
      const patterns = strings.filter((x) => x.path.some((p) => typeof p === 'string' && /Action|Resource|Principal|AWS|Condition|arns|breakGlass|resource|principal|environments|exclude/.test(p)))
      const n = pick(rng, patterns.length ? patterns : strings.length ? strings : all)
      const bomb = pick(rng, ['*?'.repeat(5_000), `r${'*'.repeat(10_000)}x`, `arn:${'*'.repeat(5_000)}x`, `${'**/'.repeat(2_000)}x`])
      return { text: JSON.stringify(setAt(root, n.path, bomb)), detail: `${op} ${show(n.path)} (${bomb.slice(0, 12)}…)` }
    }
  }
}

function mutateText(text: string, rng: Rng, kind: 'json' | 'yaml' | 'text'): { text: string | undefined; detail: string } {
  const op = pick(rng, TEXT_OPS)
  switch (op) {
    case 'delete-file':
      return { text: undefined, detail: op }
    case 'truncate': {
      const at = Math.floor(rng() * text.length)
      return { text: text.slice(0, at), detail: `${op} at ${at} of ${text.length}` }
    }
    case 'null-file':
      return { text: kind === 'yaml' ? '~\n' : 'null', detail: op }
    case 'duplicate-key': {
      if (kind === 'json' && text.trimStart().startsWith('{')) {
        const obj = JSON.parse(text) as Record<string, Json>
        const keys = Object.keys(obj)
        if (keys.length > 0) {
          const k = pick(rng, keys)
          return { text: `${text.trimEnd().slice(0, -1)}, ${JSON.stringify(k)}: ${JSON.stringify(retype(obj[k], rng))}}`, detail: `${op} ${k}` }
        }
      }
      const lines = text.split('\n')
      const i = Math.floor(rng() * lines.length)
      lines.splice(i, 0, lines[i])
      return { text: lines.join('\n'), detail: `${op} line ${i + 1}` }
    }
    case 'bom':
      return { text: `\ufeff${text}`, detail: op }
    case 'byte-flip': {
      const at = Math.floor(rng() * text.length)
      const c = pick(rng, ['"', '{', ']', ',', ':', '\u0000', '\\', '\u001b', ' '])
      return { text: `${text.slice(0, at)}${c}${text.slice(at + 1)}`, detail: `${op} at ${at} → ${JSON.stringify(c)}` }
    }
  }
}

function mutateYaml(text: string, rng: Rng): { text: string | undefined; detail: string } {
  const op = pick(rng, ['text', 'deep', 'alias-bomb', 'control', 'tab'] as const)
  switch (op) {
    case 'text':
      return mutateText(text, rng, 'yaml')
    case 'deep':
      return { text: `${text}extra: ${'['.repeat(3_000)}${']'.repeat(3_000)}\n`, detail: 'yaml deep flow sequence' }
    case 'alias-bomb': {
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
      for (let i = 1; i < 9; i++) levels.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array.from({ length: 9 }, () => `*${i === 1 ? 'a' : 'b'.repeat(i - 1)}`).join(',')}]`)
      return { text: `${text}${levels.join('\n')}\n`, detail: 'yaml alias bomb' }
    }
    case 'control': {
      const lines = text.split('\n')
      const i = Math.floor(rng() * lines.length)
      lines[i] = `${lines[i]}${pick(rng, CONTROL)}`
      return { text: lines.join('\n'), detail: `yaml control characters on line ${i + 1}` }
    }
    case 'tab':
      return { text: text.replace(/^ {2}/m, '\t'), detail: 'yaml tab indentation' }
  }
}

const WORKSPACE_OPS = ['hostile-name', 'utf16', 'huge-file', 'deep-dirs', 'binary', 'truncate'] as const

function mutateWorkspace(files: Map<string, Buffer>, rng: Rng): string {
  const op = pick(rng, WORKSPACE_OPS)
  const token = `ghp_${'k9bOh0tgQ2xV7Lm3'.repeat(3).slice(0, 36)}`
  switch (op) {
    case 'hostile-name': {
      const name = `ws/evil${pick(rng, CONTROL.filter((c) => !c.includes('\u0000')))}.env`.replace(/\ud800/, 'x')
      files.set(name, Buffer.from(`GITHUB_TOKEN=${token}\n`))
      return `workspace ${op} ${JSON.stringify(name)}`
    }
    case 'utf16':
      files.set('ws/.env.production', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(files.get('ws/.env.production')!.toString('utf8'), 'utf16le')]))
      return `workspace ${op}`
    case 'huge-file':
      files.set('ws/.env.staging', Buffer.concat([files.get('ws/.env.staging')!, Buffer.alloc(1_200_000, 0x23)]))
      return `workspace ${op}`
    case 'deep-dirs':
      files.set(`ws/${'d/'.repeat(150)}.env`, Buffer.from(`GITHUB_TOKEN=${token}\n`))
      return `workspace ${op}`
    case 'binary':
      files.set('ws/scripts/renew-domain.sh', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rng() * 256))))
      return `workspace ${op}`
    case 'truncate': {
      const f = files.get('ws/.env.production')!
      files.set('ws/.env.production', f.subarray(0, Math.floor(rng() * f.length)))
      return `workspace ${op}`
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mutants on disk

/** relative path in the mutant → pristine file it is linked from */
function pristineFiles(estate: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (dir: string, base: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name)
      if (e.isDirectory()) {
        if (full !== WORKSPACE) walk(full, base, prefix)
      } else out.set(`${prefix}${relative(base, full).split(sep).join('/')}`, full)
    }
  }
  if (estate === 'lone-file') out.set('snap/acme-prod-gaad.json', LONE_FILE)
  else walk(join(FIXTURES, 'estates', estate), join(FIXTURES, 'estates', estate), 'snap/')
  walk(WORKSPACE, WORKSPACE, 'ws/')
  return out
}

/**
 * Writes mutant `id` under `dir` and returns how to run it. Unchanged files are hard links to a
 * pristine copy (`pristine`, made once by the caller): no copying, and a write to any of them
 * would show in the pristine copy's hashes too.
 */
export function writeMutant(id: number, seed: number, dir: string, pristine: string, formats: readonly string[]): Mutant {
  const rng = prng(seed * 100_003 + id)
  const estate = pick(rng, [...ESTATES, ...ESTATES, 'lone-file'] as const)
  const files = pristineFiles(estate)
  const overrides = new Map<string, Buffer | undefined>()
  const yaml = rng() < 0.4
  const configName = yaml ? 'bulkhead.config.yaml' : 'bulkhead.config.json'
  let config: string = yaml ? toYaml(BASE_CONFIG) : `${JSON.stringify(BASE_CONFIG, null, 2)}\n`

  const target = rng()
  let label: string
  const dataFiles = [...files.keys()].filter((f) => /^snap\/\d{12}\//.test(f))
  if (target < 0.05 && dataFiles.length > 0) {
    // not collected: the file is gone and the manifest says why, so the scan is partial (exit 3 or 1)
    const file = pick(rng, dataFiles)
    const manifest = JSON.parse(readFileSync(files.get('snap/snapshot.json')!, 'utf8')) as { errors?: unknown[] }
    manifest.errors = [{ file: file.slice(5), operation: 'ListThings', message: `AccessDenied\u001b[2J on ${file}` }]
    overrides.set(file, undefined)
    overrides.set('snap/snapshot.json', Buffer.from(JSON.stringify(manifest)))
    label = `${file.slice(5)}: not collected (manifest errors entry)`
  } else if (target < 0.7) {
    const jsonFiles = [...files.keys()].filter((f) => f.startsWith('snap/') && f.endsWith('.json'))
    // the manifest and the IAM data are where most of the meaning is: drawn more often
    const weighted = [...jsonFiles, ...jsonFiles.filter((f) => /snapshot\.json$|authorization-details|gaad/.test(f)).flatMap((f) => [f, f])]
    const file = pick(rng, weighted)
    const text = readFileSync(files.get(file)!, 'utf8')
    const m = rng() < 0.7 ? mutateJson(text, rng) : mutateText(text, rng, 'json')
    overrides.set(file, m.text === undefined ? undefined : Buffer.from(m.text))
    label = `${file.slice(5)}: ${m.detail}`
  } else if (target < 0.9) {
    const m = yaml ? mutateYaml(config, rng) : rng() < 0.7 ? mutateJson(config, rng) : mutateText(config, rng, 'json')
    label = `${configName}: ${m.detail}`
    if (m.text === undefined) config = ''
    else config = m.text
    if (m.text === undefined) overrides.set(configName, undefined)
  } else {
    const ws = new Map([...files].filter(([k]) => k.startsWith('ws/')).map(([k, v]) => [k, readFileSync(v)]))
    label = mutateWorkspace(ws, rng)
    for (const [k, v] of ws) if (!files.has(k) || !readFileSync(files.get(k)!).equals(v)) overrides.set(k, v)
  }

  const root = join(dir, `m${id}`)
  for (const [rel, source] of files) {
    if (overrides.has(rel)) continue
    const to = join(root, rel)
    mkdirSync(dirname(to), { recursive: true })
    linkSync(join(pristine, relative(FIXTURES, source)), to)
  }
  for (const [rel, content] of overrides) {
    if (content === undefined) continue
    mkdirSync(dirname(join(root, rel)), { recursive: true })
    writeFileSync(join(root, rel), content)
  }
  if (!(overrides.has(configName) && overrides.get(configName) === undefined)) writeFileSync(join(root, configName), config)
  mkdirSync(join(root, 'ws'), { recursive: true })

  const snapshot = estate === 'lone-file' ? join(root, 'snap/acme-prod-gaad.json') : join(root, 'snap')
  if (estate !== 'lone-file' && !existsSync(snapshot)) mkdirSync(snapshot, { recursive: true })
  const format = pick(rng, formats)
  const failOn = pick(rng, ['critical', 'high', 'none'])
  const args = ['scan', '--snapshot', snapshot, '--workspace', join(root, 'ws'), '--config', join(root, configName), '--format', format, '--fail-on', failOn, ...(rng() < 0.2 ? ['--allow-partial'] : [])]
  return { id, label: `m${id} ${estate} ${label} (--format ${format})`, root, args }
}

/**
 * Every file under `dir` as inode, size and modification time, and a SHA-256 of the content of
 * those that are not hard links into the pristine copy (whose content the caller hashes once):
 * a file written, replaced, added or removed by a run changes this.
 */
export function fingerprintTree(dir: string, content: 'all' | 'unlinked' = 'unlinked'): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name)
      if (e.isDirectory()) walk(full)
      else {
        const s = statSync(full)
        out.set(full, `${s.ino}:${s.size}:${s.mtimeMs}:${s.nlink > 1 && content === 'unlinked' ? 'linked' : createHash('sha256').update(readFileSync(full)).digest('hex')}`)
      }
    }
  }
  walk(dir)
  return out
}
