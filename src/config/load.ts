// bulkhead.config.json|yaml: environment overrides, break-glass principals, check options,
// suppressions, workspace settings. Validated against configSchema(checks) before use.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { isMap, isScalar, isSeq, parseDocument } from 'yaml'
import type { Check } from '../checks/define.js'
import { InputError } from '../errors.js'
import type { EnvironmentConfig } from '../inventory/environment.js'
import type { Environment } from '../inventory/types.js'
import { pathOf } from '../snapshot/duplicate-keys.js'
import { duplicateKeyExpectation, parseJson, validateOrThrow } from '../snapshot/validate.js'
import type { SuppressionRule } from '../suppress/suppressions.js'
import type { WorkspaceOptions } from '../workspace/options.js'
import { configSchema } from './schema.js'

export interface BulkheadConfig {
  file?: string
  environments: EnvironmentConfig
  breakGlass: string[]
  /** per-check: enabled flag and option values */
  checks: Record<string, { enabled?: boolean } & Record<string, unknown>>
  suppressions: SuppressionRule[]
  workspace: WorkspaceOptions
}

export const CONFIG_NAMES = ['bulkhead.config.json', 'bulkhead.config.yaml', 'bulkhead.config.yml']

interface RawConfig {
  environments?: Partial<Record<Environment, { accounts?: string[]; arns?: string[] }>>
  breakGlass?: string[]
  checks?: BulkheadConfig['checks']
  suppressions?: SuppressionRule[]
  workspace?: BulkheadConfig['workspace']
}

/** Load `--config FILE`, else the first bulkhead.config.* in `cwd`, else defaults. */
export function loadConfig(path: string | undefined, checks: Check[], cwd = process.cwd()): BulkheadConfig {
  const file = path ?? CONFIG_NAMES.map((n) => join(cwd, n)).find((f) => existsSync(f))
  if (!file) return fromRaw({}, undefined)
  if (!existsSync(file)) throw new InputError(file, '$', 'a bulkhead config file (no such file)')
  if (statSync(file).isDirectory()) throw new InputError(file, '$', 'a bulkhead config file (this is a directory)')
  const text = readText(file)
  // `null` is refused (the schema wants an object); a YAML file of comments only is an empty config
  const data = ['.yaml', '.yml'].includes(extname(file)) ? parseYaml(text, file) : parseJson(text, file)
  // without $id: ajv keeps schemas by id, and the schema differs with the set of checks
  const { $id: _id, ...schema } = configSchema(checks)
  return fromRaw(resolveAliases(validateOrThrow<RawConfig>(schema, data, file), checks), file)
}

/** A suppression may name a check by an old id (an alias): it means the check of today. */
function resolveAliases(raw: RawConfig, checks: Check[]): RawConfig {
  if (!raw.suppressions) return raw
  const byAlias = new Map(checks.flatMap((c) => (c.aliases ?? []).map((a) => [a, c.id] as const)))
  return { ...raw, suppressions: raw.suppressions.map((s) => (s.check && byAlias.has(s.check) ? { ...s, check: byAlias.get(s.check) } : s)) }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError(file, '$', `a readable bulkhead config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
}

function parseYaml(text: string, file: string): unknown {
  // duplicate keys are found below, where their JSON path is known
  const doc = parseDocument(text, { uniqueKeys: false })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    const line = e.linePos?.[0]
    throw new InputError(file, '$', `valid YAML (${e.code}${line ? ` at line ${line.line}, column ${line.col}` : ''})`)
  }
  const duplicate = duplicateYamlKey(doc.contents)
  if (duplicate) throw new InputError(file, duplicate.path, duplicateKeyExpectation(duplicate.key))
  // nothing but comments (or an empty `---` document): no settings, as an empty file says
  const contents = doc.contents
  if (contents === null || (isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1])) return {}
  try {
    return doc.toJS()
  } catch (err) {
    // the yaml library refuses alias expansions that would exhaust memory ("billion laughs")
    throw new InputError(file, '$', `YAML that can be read (${err instanceof Error ? err.message : String(err)})`)
  }
}

/** The first key given twice in one mapping (as JavaScript keys: `1` and `"1"` are one key). */
function duplicateYamlKey(root: unknown): { path: string; key: string } | undefined {
  const pending: { node: unknown; path: (string | number)[] }[] = [{ node: root, path: [] }]
  while (pending.length > 0) {
    const { node, path } = pending.pop()!
    if (isMap(node)) {
      const seen = new Set<string>()
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key)
        if (seen.has(key)) return { path: pathOf([...path, key]), key }
        seen.add(key)
        pending.push({ node: pair.value, path: [...path, key] })
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => pending.push({ node: item, path: [...path, i] }))
    }
  }
  return undefined
}

function fromRaw(raw: RawConfig, file: string | undefined): BulkheadConfig {
  if (file) checkAccountsOnce(raw, file)
  const environments: EnvironmentConfig = { arns: {}, accounts: {} }
  for (const [env, block] of Object.entries(raw.environments ?? {})) {
    if (block?.arns) environments.arns[env as Environment] = block.arns
    if (block?.accounts) environments.accounts[env as Environment] = block.accounts
  }
  return {
    ...(file ? { file } : {}),
    environments,
    breakGlass: raw.breakGlass ?? [],
    checks: raw.checks ?? {},
    suppressions: raw.suppressions ?? [],
    workspace: raw.workspace ?? {},
  }
}

/** An account in two environments would be classified by whichever the file lists first. */
function checkAccountsOnce(raw: RawConfig, file: string): void {
  const seen = new Map<string, string>()
  for (const [env, block] of Object.entries(raw.environments ?? {})) {
    ;(block?.accounts ?? []).forEach((id, i) => {
      const earlier = seen.get(id)
      if (earlier && earlier !== env) throw new InputError(file, `$.environments.${env}.accounts[${i}]`, `an account not already in environments.${earlier}.accounts (${id} is there)`)
      seen.set(id, env)
    })
  }
}
