// The snapshot files a plan edits, held as parsed JSON: each change edits copies, and the
// difference between a file before and after a change is that change's patch. Where each kind of
// policy lives in the AWS CLI output (spec §2, §8) is here: an inline policy in the owner's entry
// of get-account-authorization-details, a managed policy's default version, a role's trust, a
// vault's or a bucket's policy file (a JSON string, as the CLI prints it).
import { FILES, pathOf } from '../snapshot/files.js'
import type { Bucket, Inventory, Vault } from '../inventory/types.js'
import { diff, type JsonPatchOp } from './json-patch.js'

/** Reads a snapshot file (relative path) as parsed JSON; undefined when absent. */
export type ReadFile = (file: string) => unknown

export interface RawStatement {
  Sid?: string
  Effect: string
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Principal?: unknown
  NotPrincipal?: unknown
  Condition?: Record<string, Record<string, unknown>>
}

export interface RawPolicy {
  Version?: string
  Id?: string
  Statement?: RawStatement | RawStatement[]
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

export class Documents {
  private readonly edited = new Map<string, unknown>()
  private readonly original = new Map<string, unknown>()

  constructor(private readonly read: ReadFile) {}

  private base(file: string): unknown {
    if (!this.original.has(file)) this.original.set(file, this.read(file))
    return this.original.get(file)
  }

  /** The file as it stands after the edits so far (a copy the caller may change, then `set`). */
  get(file: string): unknown {
    return clone(this.edited.has(file) ? this.edited.get(file) : this.base(file))
  }

  exists(file: string): boolean {
    return (this.edited.has(file) ? this.edited.get(file) : this.base(file)) !== undefined
  }

  set(file: string, value: unknown): void {
    this.edited.set(file, clone(value))
  }

  /** The state of every file edited so far, for a later diff. */
  state(): Map<string, unknown> {
    return new Map([...this.edited].map(([f, v]) => [f, clone(v)]))
  }

  /** Patches from `before` (a `state()`, or nothing: the snapshot) to now, one per file that changed. */
  patchesSince(before: Map<string, unknown> = new Map()): { file: string; ops: JsonPatchOp[]; create?: true }[] {
    const out: { file: string; ops: JsonPatchOp[]; create?: true }[] = []
    for (const [file, now] of this.edited) {
      const then = before.has(file) ? before.get(file) : this.base(file)
      const ops = diff(then, now)
      if (ops.length) out.push({ file, ops, ...(then === undefined ? { create: true as const } : {}) })
    }
    return out.sort((a, b) => a.file.localeCompare(b.file))
  }
}

// ---------------------------------------------------------------------------------------------
// Policy text: objects as the CLI prints them, or (URL-encoded) JSON strings as the API returns

function decodePolicy(value: unknown): RawPolicy {
  if (isObject(value)) return value as RawPolicy
  if (typeof value === 'string') {
    for (const decode of [(s: string) => s, decodeURIComponent, (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))]) {
      try {
        const parsed: unknown = JSON.parse(decode(value))
        if (isObject(parsed)) return parsed as RawPolicy
      } catch {
        // not this encoding
      }
    }
  }
  return { Version: '2012-10-17', Statement: [] }
}

/** The statements of a raw policy as a list (a single statement object is a list of one). */
export function statementsOf(doc: RawPolicy): RawStatement[] {
  return doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
}

export const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])

// ---------------------------------------------------------------------------------------------
// Where a policy lives

export type PolicyKind = 'user-inline' | 'role-inline' | 'group-inline' | 'managed' | 'trust' | 'vault' | 'bucket'

export interface PolicyLocation {
  id: string
  kind: PolicyKind
  file: string
  /** reads the document out of the file's JSON, and writes it back in the same form */
  get(fileJson: unknown): RawPolicy | undefined
  set(fileJson: unknown, doc: RawPolicy): unknown
  /** names for the AWS CLI command */
  names: { owner?: string; policyName?: string; policyArn?: string; vault?: string; bucket?: string; region?: string }
}

const LISTS = {
  user: { list: 'UserDetailList', inline: 'UserPolicyList', name: 'UserName' },
  role: { list: 'RoleDetailList', inline: 'RolePolicyList', name: 'RoleName' },
  group: { list: 'GroupDetailList', inline: 'GroupPolicyList', name: 'GroupName' },
} as const

type Entry = Record<string, unknown>
const entries = (json: unknown, key: string): Entry[] => (isObject(json) && Array.isArray(json[key]) ? (json[key] as Entry[]) : [])

/** `arn:aws:iam::1:role/path/name` → role | user | group */
function iamKind(arn: string): 'user' | 'role' | 'group' | undefined {
  const m = /^arn:aws[\w-]*:iam::\d{12}:(user|role|group)\//.exec(arn)
  return m ? (m[1] as 'user' | 'role' | 'group') : undefined
}

/** A document held in one field of an entry: an object stays an object, a string stays a string. */
function fieldAccess(pick: (json: unknown) => Entry | undefined, field: string) {
  return {
    get: (json: unknown): RawPolicy | undefined => {
      const e = pick(json)
      return e && e[field] !== undefined ? decodePolicy(e[field]) : undefined
    },
    set: (json: unknown, doc: RawPolicy): unknown => {
      const copy = clone(json)
      const e = pick(copy)
      if (e) e[field] = typeof e[field] === 'string' ? JSON.stringify(doc) : doc
      return copy
    },
  }
}

/** Where the policy with this id lives in the snapshot, or undefined (AWS-managed, SCP, not found). */
export function locatePolicy(id: string, inventory: Inventory): PolicyLocation | undefined {
  const inline = /^(arn:[^#]+?)\/inline\/(.+)$/.exec(id)
  if (inline) {
    const [, ownerArn, policyName] = inline
    const kind = iamKind(ownerArn)
    const file = kind === 'group' ? inventory.groups.find((g) => g.arn === ownerArn)?.source : inventory.principals.find((p) => p.arn === ownerArn)?.source
    if (!kind || !file) return undefined
    const l = LISTS[kind]
    const owner = (json: unknown) => entries(json, l.list).find((e) => e.Arn === ownerArn)
    const access = fieldAccess((json) => entries(owner(json), l.inline).find((p) => p.PolicyName === policyName), 'PolicyDocument')
    return { id, kind: `${kind}-inline`, file, ...access, names: { owner: nameOf(ownerArn), policyName } }
  }
  const trust = /^(arn:[^#]+?)\/trust-policy$/.exec(id)
  if (trust) {
    const role = inventory.principals.find((p) => p.arn === trust[1])
    if (!role) return undefined
    const access = fieldAccess((json) => entries(json, 'RoleDetailList').find((e) => e.Arn === role.arn), 'AssumeRolePolicyDocument')
    return { id, kind: 'trust', file: role.source, ...access, names: { owner: role.name } }
  }
  const vault = /^(arn:aws[\w-]*:backup:[^#]+?)\/access-policy$/.exec(id)
  if (vault) {
    const v = inventory.vaults.find((x) => x.arn === vault[1])
    return v ? vaultPolicyLocation(v) : undefined
  }
  const bucket = /^(arn:aws[\w-]*:s3:::[^/#]+)\/bucket-policy$/.exec(id)
  if (bucket) {
    const b = inventory.buckets.find((x) => x.arn === bucket[1])
    return b ? bucketPolicyLocation(b) : undefined
  }
  if (/^arn:aws[\w-]*:iam::\d{12}:policy\//.test(id)) {
    const m = inventory.managedPolicies.get(id)
    if (!m) return undefined
    const pick = (json: unknown) => {
      const p = entries(json, 'Policies').find((e) => e.Arn === id)
      const versions = entries(p, 'PolicyVersionList')
      return versions.find((v) => v.IsDefaultVersion === true || (p?.DefaultVersionId !== undefined && v.VersionId === p.DefaultVersionId))
    }
    return { id, kind: 'managed', file: m.source, ...fieldAccess(pick, 'Document'), names: { policyArn: id, policyName: m.name } }
  }
  return undefined
}

const nameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)

export function vaultPolicyLocation(v: Vault): PolicyLocation {
  const file = pathOf(FILES.backupVaultPolicy, v.accountId, v.region, v.name)
  return {
    id: `${v.arn}/access-policy`, kind: 'vault', file,
    get: (json) => (isObject(json) && json.Policy !== undefined ? decodePolicy(json.Policy) : undefined),
    set: (json, doc) => ({ ...(isObject(json) ? json : { BackupVaultName: v.name, BackupVaultArn: v.arn }), Policy: JSON.stringify(doc) }),
    names: { vault: v.name, region: v.region },
  }
}

export function bucketPolicyLocation(b: Bucket): PolicyLocation {
  return {
    id: `${b.arn}/bucket-policy`, kind: 'bucket', file: b.files.policy,
    get: (json) => (isObject(json) && json.Policy !== undefined ? decodePolicy(json.Policy) : undefined),
    set: (json, doc) => ({ ...(isObject(json) ? json : {}), Policy: JSON.stringify(doc) }),
    names: { bucket: b.name },
  }
}

/** Read a policy (a new one, empty, when the file or the entry has none). */
export function readPolicy(docs: Documents, loc: PolicyLocation): RawPolicy {
  return loc.get(docs.get(loc.file)) ?? { Version: '2012-10-17', Statement: [] }
}

export function writePolicy(docs: Documents, loc: PolicyLocation, doc: RawPolicy): void {
  docs.set(loc.file, loc.set(docs.get(loc.file), doc))
}

/** Append statements, keeping a single-statement document's shape until it needs a list. */
export function appendStatements(doc: RawPolicy, statements: RawStatement[]): RawPolicy {
  return { Version: doc.Version ?? '2012-10-17', ...doc, Statement: [...statementsOf(doc), ...statements] }
}

/** Replace statement `i` (null removes it). */
export function replaceStatement(doc: RawPolicy, i: number, statement: RawStatement | null): RawPolicy {
  const list = statementsOf(doc)
  if (!Array.isArray(doc.Statement) && i === 0 && statement) return { ...doc, Statement: statement }
  const next = list.flatMap((s, k) => (k === i ? (statement ? [statement] : []) : [s]))
  return { ...doc, Statement: next }
}

/** Where `original` now stands in the document: at its old index if still there, else wherever it went; -1 when it changed. */
export function findStatement(doc: RawPolicy, index: number, original: RawStatement): number {
  const list = statementsOf(doc)
  const same = (s: RawStatement | undefined) => s !== undefined && JSON.stringify(s) === JSON.stringify(original)
  return same(list[index]) ? index : list.findIndex(same)
}

/** `...#Statement[3]` → [policy id, 3] */
export function splitStatementId(via: string): [string, number] | undefined {
  const m = /^(.*)#Statement\[(\d+)\]$/.exec(via)
  return m ? [m[1], Number(m[2])] : undefined
}

/** The raw entry (user, role or group) of an IAM ARN in its authorization-details JSON. */
export function iamEntry(json: unknown, arn: string): Entry | undefined {
  const kind = iamKind(arn)
  return kind ? entries(json, LISTS[kind].list).find((e) => e.Arn === arn) : undefined
}

export { LISTS as IAM_LISTS, iamKind, isObject }
