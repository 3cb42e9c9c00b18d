// Policy documents compiled once into statements the evaluator can test quickly. Documents come
// from normalize as objects, but values inside may still be single strings or odd shapes: every
// field is normalized here, and anything that cannot mean a policy is a PolicyError naming the
// principal and the policy (exit 2 with one message), never a crash deep in a check.
import { BulkheadError } from '../errors.js'
import { policyOrigin, type PolicyOrigin } from '../inventory/policy.js'
import type { PolicyDocument } from '../inventory/types.js'
import { actionListMatcher } from './action-list.js'

/**
 * A policy that cannot mean anything. With the snapshot file and JSON path the document was read
 * from (spec §1: the file, the JSON path and what was expected), then the policy and its owner:
 * `…/iam-get-account-authorization-details.json: $.RoleDetailList[3].RolePolicyList[0].PolicyDocument.Statement[1]:
 * expected Resource or NotResource (policy arn:…/inline/p of arn:…:role/r)`.
 */
export class PolicyError extends BulkheadError {
  /** the snapshot file, when the document came from one */
  readonly file?: string
  /** the JSON path in that file, or the path inside the document (`Statement[1]`) */
  readonly jsonPath: string
  constructor(
    readonly owner: string,
    readonly policyId: string,
    readonly path: string,
    readonly expected: string,
    origin?: PolicyOrigin,
  ) {
    const jsonPath = origin ? inDocument(origin.jsonPath, path) : path
    super(origin ? `${origin.file}: ${jsonPath}: expected ${expected} (policy ${policyId} of ${owner})` : `policy ${policyId} of ${owner}: ${path}: expected ${expected}`)
    this.jsonPath = jsonPath
    if (origin) this.file = origin.file
  }
}

/** `$.Roles[0].Document` + `Statement[1].Effect` → `$.Roles[0].Document.Statement[1].Effect` */
function inDocument(documentPath: string, path: string): string {
  if (path === '$') return documentPath
  return path.startsWith('[') ? `${documentPath}${path}` : `${documentPath}.${path}`
}

/** `path.key`, or `path["aws:Key"]` when the key is no identifier */
function member(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

export interface CompiledCondition {
  /** operator as written, e.g. StringEqualsIfExists, ForAnyValue:StringLike */
  operator: string
  key: string
  values: string[]
}

/** '*' (anyone) or the principal values by type: AWS, Service, Federated, CanonicalUser. */
export type CompiledPrincipal = '*' | { aws: string[]; service: string[]; federated: string[]; canonical: string[] }

export interface CompiledStatement {
  /** `<policy id>#Statement[i]` */
  path: string
  effect: 'Allow' | 'Deny'
  /** lower-cased action patterns; exactly one of actions / notActions is set */
  actions?: string[]
  notActions?: string[]
  /** resource patterns; neither set = the statement names no resource (trust policies) */
  resources?: string[]
  notResources?: string[]
  principal?: CompiledPrincipal
  notPrincipal?: CompiledPrincipal
  conditions: CompiledCondition[]
  /** does the statement's Action / NotAction cover this lower-cased action? */
  coversAction(action: string): boolean
}

export interface CompiledPolicy {
  id: string
  statements: CompiledStatement[]
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A string or list of strings as a list; anything else is an error at `path`. */
function stringList(v: unknown, fail: (path: string, expected: string) => never, path: string): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  return fail(path, 'a string or a list of strings')
}

function compilePrincipal(v: unknown, fail: (path: string, expected: string) => never, path: string): CompiledPrincipal {
  if (v === '*') return '*'
  if (!isRecord(v)) return fail(path, '"*" or an object of principal types')
  const out = { aws: [] as string[], service: [] as string[], federated: [] as string[], canonical: [] as string[] }
  for (const [type, values] of Object.entries(v)) {
    const list = stringList(values, fail, member(path, type))
    switch (type.toLowerCase()) {
      case 'aws': out.aws.push(...list); break
      case 'service': out.service.push(...list.map((s) => s.toLowerCase())); break
      case 'federated': out.federated.push(...list); break
      case 'canonicaluser': out.canonical.push(...list); break
      default: return fail(member(path, type), 'a principal type AWS, Service, Federated or CanonicalUser')
    }
  }
  // {"AWS": "*"} means anyone, like "*"
  if (out.aws.includes('*')) return '*'
  return out
}

function compileConditions(v: unknown, fail: (path: string, expected: string) => never, path: string): CompiledCondition[] {
  if (v === undefined) return []
  if (!isRecord(v)) return fail(path, 'an object of condition operators')
  const out: CompiledCondition[] = []
  for (const [operator, block] of Object.entries(v)) {
    if (!isRecord(block)) return fail(member(path, operator), 'an object of condition keys')
    for (const [key, values] of Object.entries(block)) {
      const list = typeof values === 'boolean' || typeof values === 'number' ? [String(values)]
        : Array.isArray(values) ? values.map((x) => String(x))
        : typeof values === 'string' ? [values]
        : fail(member(member(path, operator), key), 'a value or a list of values')
      out.push({ operator, key, values: list })
    }
  }
  return out
}

/**
 * Compile one policy document. `owner` (a principal, vault or SCP target) and `policyId` name the
 * policy in errors; `kind` says whether statements must name resources or principals.
 */
export function compilePolicy(
  document: PolicyDocument | unknown,
  owner: string,
  policyId: string,
  kind: 'identity' | 'resource' | 'trust' = 'identity',
): CompiledPolicy {
  const origin = policyOrigin(document)
  const fail = (path: string, expected: string): never => {
    throw new PolicyError(owner, policyId, path, expected, origin)
  }
  let doc: unknown = document
  if (typeof doc === 'string') {
    // a URL-encoded JSON string (raw API form) that slipped past normalize
    try {
      doc = JSON.parse(doc.trim().startsWith('{') ? doc : decodeURIComponent(doc))
    } catch {
      fail('$', 'a JSON policy document')
    }
  }
  if (!isRecord(doc)) return fail('$', 'a policy document object')
  const raw = doc.Statement
  const list = Array.isArray(raw) ? raw : raw === undefined ? fail('Statement', 'a statement or a list of statements') : [raw]
  const statements = list.map((s, i): CompiledStatement => {
    const at = `Statement[${i}]`
    if (!isRecord(s)) return fail(at, 'a statement object')
    const effect = s.Effect
    if (effect !== 'Allow' && effect !== 'Deny') return fail(`${at}.Effect`, '"Allow" or "Deny"')
    if ((s.Action === undefined) === (s.NotAction === undefined)) return fail(at, 'exactly one of Action or NotAction')
    if (s.Resource !== undefined && s.NotResource !== undefined) return fail(at, 'at most one of Resource or NotResource')
    if (kind === 'identity' && s.Resource === undefined && s.NotResource === undefined) {
      return fail(at, 'Resource or NotResource')
    }
    if (kind !== 'identity' && s.Principal === undefined && s.NotPrincipal === undefined) {
      return fail(at, 'Principal or NotPrincipal')
    }
    const lower = (xs: string[]) => xs.map((x) => x.toLowerCase())
    const actions = s.Action !== undefined ? lower(stringList(s.Action, fail, `${at}.Action`)) : undefined
    const notActions = s.NotAction !== undefined ? lower(stringList(s.NotAction, fail, `${at}.NotAction`)) : undefined
    const matcher = actionListMatcher(actions ?? notActions!)
    return {
      path: `${policyId}#${at}`,
      effect,
      actions,
      notActions,
      coversAction: actions ? matcher : (a: string) => !matcher(a),
      resources: s.Resource !== undefined ? stringList(s.Resource, fail, `${at}.Resource`) : undefined,
      notResources: s.NotResource !== undefined ? stringList(s.NotResource, fail, `${at}.NotResource`) : undefined,
      principal: s.Principal !== undefined ? compilePrincipal(s.Principal, fail, `${at}.Principal`) : undefined,
      notPrincipal: s.NotPrincipal !== undefined ? compilePrincipal(s.NotPrincipal, fail, `${at}.NotPrincipal`) : undefined,
      conditions: compileConditions(s.Condition, fail, `${at}.Condition`),
    }
  })
  return { id: policyId, statements }
}
