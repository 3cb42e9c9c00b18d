// Glob matching for IAM action and resource patterns, compiled once per distinct pattern.
// Actions are case-insensitive (spec §2); resource ARNs are case-sensitive like AWS compares them.
// Policies are attacker-controlled input: matching never backtracks (src/glob.ts).
import { globMatcher } from '../glob.js'

const cache = new Map<string, (value: string) => boolean>()

function compile(pattern: string, flags: '' | 'i'): (value: string) => boolean {
  return globMatcher(pattern, flags === 'i')
}

/** Does an action pattern (`rds:Delete*`, `*`) match an action name? Case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  const key = 'a\u0000' + pattern
  let fn = cache.get(key)
  if (!fn) cache.set(key, (fn = compile(pattern, 'i')))
  return fn(action)
}

/** Does a resource pattern match an ARN? `*` and `?` match any characters, colons included. */
export function resourceMatches(pattern: string, arn: string): boolean {
  const key = 'r\u0000' + pattern
  let fn = cache.get(key)
  if (!fn) cache.set(key, (fn = compile(pattern, '')))
  return fn(arn)
}

/** Case-insensitive glob, for condition operators like StringLike on keys that ignore case. */
export function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const key = (caseInsensitive ? 'i' : 's') + '\u0000' + pattern
  let fn = cache.get(key)
  if (!fn) cache.set(key, (fn = compile(pattern, caseInsensitive ? 'i' : '')))
  return fn(value)
}

/** The account id of an ARN (`arn:aws:rds:us-east-1:111111111111:db:x` → 111111111111). */
export function accountOfArn(arn: string): string | undefined {
  // the fifth colon-separated field, found without splitting (called for every decision)
  let start = 0
  for (let i = 0; i < 4; i++) {
    start = arn.indexOf(':', start) + 1
    if (start === 0) return undefined
  }
  const end = arn.indexOf(':', start)
  const account = end === -1 ? arn.slice(start) : arn.slice(start, end)
  return account.length === 12 && /^\d{12}$/.test(account) ? account : undefined
}
