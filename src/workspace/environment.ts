// Spec §3 for files: which environment a credential serves. First match wins:
// config globs (workspace.environments), the CI job's `environment:` key, the job's name, the
// file's name (.env.production), then its directories innermost first (deploy/staging/, k8s/prod/).
// Only the path inside the workspace counts: /home/me/dev/app must not make every file "dev".
import type { Environment, EnvironmentDecision } from '../inventory/types.js'
import { charSteps, programMatcher, type Step } from '../glob.js'
import { environmentFromName, environmentOfWord } from '../inventory/environment.js'
import type { CiJob } from './yaml-blocks.js'

export type EnvironmentGlobs = Partial<Record<Environment, string[]>>

const SLASH = '/'.charCodeAt(0)
const globCache = new Map<string, (relPath: string) => boolean>()

/**
 * `**` any number of directories, `*` and `?` within one path segment. A pattern without a
 * slash matches at any depth (like .gitignore), and a directory pattern matches what is under it.
 * Compiled to a pattern program (src/glob.ts), not a regular expression: `**` groups backtrack
 * on the deep paths a hostile repository can hold.
 */
export function pathGlobMatcher(glob: string): (relPath: string) => boolean {
  const cached = globCache.get(glob)
  if (cached) return cached
  let p = glob.replace(/^\.\//, '').replace(/\/$/, '')
  if (!p.includes('/')) p = `**/${p}`
  const steps: Step[] = []
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]
    if (ch === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/'
      // `**/`: nothing, or any run that ends in a slash; `**` alone: any run
      if (slash) steps.push({ op: 'optional', skip: 2 }, { op: 'run' }, { op: 'char', code: SLASH })
      else steps.push({ op: 'run' })
      i += slash ? 2 : 1
    } else if (ch === '*') steps.push({ op: 'run', except: SLASH })
    else if (ch === '?') steps.push({ op: 'one', except: SLASH })
    else steps.push(...charSteps(ch))
  }
  // and whatever lies under a matching directory
  steps.push({ op: 'optional', skip: 2 }, { op: 'char', code: SLASH }, { op: 'run' })
  const compiled = programMatcher(steps)
  globCache.set(glob, compiled)
  return compiled
}

export function globMatches(glob: string, relPath: string): boolean {
  return pathGlobMatcher(glob)(relPath)
}

function fromConfig(globs: EnvironmentGlobs, relPath: string): EnvironmentDecision | undefined {
  for (const [env, patterns] of Object.entries(globs)) {
    const hit = patterns?.find((g) => globMatches(g, relPath))
    if (hit) {
      return { environment: env as Environment, rule: 'config-arn', detail: `config workspace.environments.${env} '${hit}' matches ${relPath}` }
    }
  }
  return undefined
}

/** The word of `name` that environmentFromName decided on. */
function decidingWord(name: string, env: Environment): string {
  return name.split(/[-_./: ]+/).find((w) => environmentOfWord(w) === env) ?? name
}

function fromPath(relPath: string): EnvironmentDecision | undefined {
  const parts = relPath.split('/')
  const file = parts.pop() ?? relPath
  const byName = environmentFromName(file)
  if (byName) return { ...byName, detail: `file name '${file}' has the word '${decidingWord(file, byName.environment)}'` }
  for (let i = parts.length; i > 0; i--) {
    const dir = parts[i - 1]
    const decided = environmentFromName(dir)
    if (decided) {
      const word = decidingWord(dir, decided.environment)
      return { ...decided, detail: `directory '${parts.slice(0, i).join('/')}/' has the word '${word}'` }
    }
  }
  return undefined
}

const DEFAULT: EnvironmentDecision = { environment: 'unknown', rule: 'default', detail: 'no config glob, CI environment, file name or directory decides' }

/** The environment of a file (no CI job involved). */
export function environmentOfFile(relPath: string, globs: EnvironmentGlobs): EnvironmentDecision {
  return fromConfig(globs, relPath) ?? fromPath(relPath) ?? DEFAULT
}

/** The environment of a line in a CI job: its `environment:` key, then its name, then the file. */
export function environmentOfJob(job: CiJob, relPath: string, globs: EnvironmentGlobs): EnvironmentDecision {
  const config = fromConfig(globs, relPath)
  if (config) return config
  if (job.environment) {
    const byKey = environmentOfWord(job.environment) ?? environmentFromName(job.environment)?.environment
    if (byKey) return { environment: byKey, rule: 'tag', detail: `CI job '${job.name}' has environment: ${job.environment}` }
  }
  const byName = environmentFromName(job.name)
  if (byName) return { environment: byName.environment, rule: 'name', detail: `CI job name '${job.name}'` }
  return environmentOfFile(relPath, globs)
}
