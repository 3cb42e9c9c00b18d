// Discovers check modules: checks/<risk-class>/<check-id>.(ts|js), one default export each.
// Adding a check = adding one file (and its test); nothing else lists them.
import { readdirSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { InternalError, UsageError } from '../errors.js'
import { RISK_CLASSES, type Check } from './define.js'

const here = fileURLToPath(import.meta.url)
/** src/checks/registry.(ts|js) → <root>/checks, in the source tree and in dist/ alike */
export const CHECKS_DIR = join(dirname(here), '..', '..', 'checks')
const EXT = extname(here)

export function checkFiles(dir = CHECKS_DIR): { riskClass: string; id: string; file: string }[] {
  return RISK_CLASSES.flatMap((riskClass) => {
    let names: string[] = []
    try {
      names = readdirSync(join(dir, riskClass))
    } catch {
      return []
    }
    return names
      .filter((n) => n.endsWith(EXT) && !n.endsWith(`.d${EXT}`) && !n.endsWith(`.test${EXT}`))
      .sort()
      .map((n) => ({ riskClass, id: n.slice(0, -EXT.length), file: join(dir, riskClass, n) }))
  })
}

let cache: Promise<Check[]> | undefined

export function loadChecks(): Promise<Check[]> {
  cache ??= Promise.all(
    checkFiles().map(async ({ riskClass, id, file }) => {
      const mod = (await import(pathToFileURL(file).href)) as { default?: Check }
      const check = mod.default
      if (!check || check.id !== id || check.riskClass !== riskClass) {
        throw new InternalError(`check module ${file} must default-export a check with id '${id}' and riskClass '${riskClass}'`)
      }
      return check
    }),
  )
  return cache
}

/** Resolve ids (or aliases) given on the command line or in config. */
export function findCheck(checks: Check[], id: string): Check | undefined {
  return checks.find((c) => c.id === id || c.aliases?.includes(id))
}

export function selectChecks(all: Check[], only: string[] | undefined, skip: string[] | undefined, disabled: string[]): Check[] {
  const resolve = (ids: string[], flag: string) =>
    ids.map((id) => {
      const c = findCheck(all, id)
      if (!c) throw new UsageError(`${flag}: unknown check '${id}' (see 'bulkhead checks')`)
      return c.id
    })
  const onlyIds = only ? new Set(resolve(only, '--checks')) : undefined
  const skipIds = new Set([...resolve(skip ?? [], '--skip-checks'), ...disabled])
  return all.filter((c) => (!onlyIds || onlyIds.has(c.id)) && !skipIds.has(c.id))
}
