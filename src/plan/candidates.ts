// The catalogue of candidate changes (spec §9). Each candidate knows what it is, why, what it
// costs and why, how it edits the snapshot files (as a person's AWS CLI call would edit the
// account) and the command that person would run. The model (model.ts) says which steps of which
// paths each one breaks; the solver chooses; verification proves.
import { globMatcher } from '../glob.js'
import type { IamEngine } from '../iam/engine.js'
import type { Bucket, DataStore, Database, Inventory, Principal, Table, Vault, WorkspaceToken } from '../inventory/types.js'
import { maskAccessKeyId } from '../inventory/access-key.js'
import { dataStores } from '../inventory/stores.js'
import { FILES, pathOf } from '../snapshot/files.js'
import { COSTS, PER_EXTRA_DENY } from './costs.js'
import {
  appendStatements, asList, bucketPolicyLocation, Documents, findStatement, iamEntry, IAM_LISTS, iamKind, isObject, locatePolicy, readPolicy,
  replaceStatement, splitStatementId, statementsOf, vaultPolicyLocation, writePolicy, type PolicyLocation, type RawPolicy, type RawStatement, type ReadFile,
} from './documents.js'
import { DESTRUCTIVE as DESTRUCTIVE_LIST, narrowStatement } from './narrow.js'
import type { ChangeKind, WorkspaceEdit } from './types.js'

export interface Candidate {
  id: string
  kind: ChangeKind
  cost: number
  costReason: string
  title: string
  target: string
  reason: string
  /** edit the snapshot files as the change would edit the account */
  apply(docs: Documents): void
  /** the policies whose new document the change shows */
  policies: PolicyLocation[]
  /** the AWS CLI commands, given the documents after the change */
  commands(docs: Documents): string[]
  workspace?: WorkspaceEdit[]
  breakGlass?: string[]
  note?: string
}

/** Actions a vault Deny takes from everyone but break-glass principals (src/iam/stores/database.ts). */
export const VAULT_DENIED = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DeleteBackupVaultLockConfiguration']
const VAULT_SELF = ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy']
/** Actions a bucket Deny takes (src/iam/stores/bucket.ts; s3-bucket-policy-allows-delete's remediation). */
export const BUCKET_DENIED = ['s3:DeleteObjectVersion', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:BypassGovernanceRetention', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']

const GUARDRAIL_POLICY = 'bulkhead-guardrails'
const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)
const fileName = (id: string): string => `${id.replace(/^arn:aws[\w-]*:/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(-80)}.json`
const nameOfArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)
const accountOf = (arn: string): string => arn.split(':')[4] ?? ''

/** `cat > file <<'EOF' … EOF` then the command that reads it: a person copies both. */
function withDocument(docs: Documents, loc: PolicyLocation, command: string): string[] {
  return [`cat > ${fileName(loc.id)} <<'EOF'\n${JSON.stringify(readPolicy(docs, loc), null, 2)}\nEOF`, command.replace('{file}', `file://${fileName(loc.id)}`)]
}

/** The command that writes a policy back, by where it lives. */
function putPolicyCommand(docs: Documents, loc: PolicyLocation): string[] {
  const n = loc.names
  switch (loc.kind) {
    case 'user-inline': return withDocument(docs, loc, `aws iam put-user-policy --user-name ${q(n.owner!)} --policy-name ${q(n.policyName!)} --policy-document {file}`)
    case 'role-inline': return withDocument(docs, loc, `aws iam put-role-policy --role-name ${q(n.owner!)} --policy-name ${q(n.policyName!)} --policy-document {file}`)
    case 'group-inline': return withDocument(docs, loc, `aws iam put-group-policy --group-name ${q(n.owner!)} --policy-name ${q(n.policyName!)} --policy-document {file}`)
    case 'managed': return withDocument(docs, loc, `aws iam create-policy-version --policy-arn ${q(n.policyArn!)} --policy-document {file} --set-as-default`)
    case 'trust': return withDocument(docs, loc, `aws iam update-assume-role-policy --role-name ${q(n.owner!)} --policy-document {file}`)
    case 'vault': return withDocument(docs, loc, `aws backup put-backup-vault-access-policy --region ${q(n.region!)} --backup-vault-name ${q(n.vault!)} --policy {file}`)
    case 'bucket': return withDocument(docs, loc, `aws s3api put-bucket-policy --bucket ${q(n.bucket!)} --policy {file}`)
  }
}

/** An inline policy of a user, role or group, created when it does not exist yet. */
function inlineLocation(inventory: Inventory, ownerArn: string, policyName: string): PolicyLocation | undefined {
  const id = `${ownerArn}/inline/${policyName}`
  const found = locatePolicy(id, inventory)
  if (found) return found
  const kind = iamKind(ownerArn)
  const file = kind === 'group' ? inventory.groups.find((g) => g.arn === ownerArn)?.source : inventory.principals.find((p) => p.arn === ownerArn)?.source
  if (!kind || !file) return undefined
  const l = IAM_LISTS[kind]
  return {
    id, kind: `${kind}-inline`, file,
    get: (json) => {
      const list = iamEntry(json, ownerArn)?.[l.inline]
      const p = Array.isArray(list) ? (list as Record<string, unknown>[]).find((x) => x.PolicyName === policyName) : undefined
      return p && isObject(p.PolicyDocument) ? (p.PolicyDocument as RawPolicy) : undefined
    },
    set: (json, doc) => {
      const copy = JSON.parse(JSON.stringify(json)) as unknown
      const e = iamEntry(copy, ownerArn)
      if (!e) return copy
      const list = (Array.isArray(e[l.inline]) ? e[l.inline] : (e[l.inline] = [])) as Record<string, unknown>[]
      const p = list.find((x) => x.PolicyName === policyName)
      if (p) p.PolicyDocument = doc
      else list.push({ PolicyName: policyName, PolicyDocument: doc })
      return copy
    },
    names: { owner: nameOfArn(ownerArn), policyName },
  }
}

const breakGlassExemption = (inventory: Inventory): RawStatement['Condition'] | undefined => {
  const arns = inventory.principals.filter((p) => p.breakGlass).map((p) => p.arn).sort()
  return arns.length ? { ArnNotLike: { 'aws:PrincipalArn': arns.length === 1 ? arns[0] : arns } } : undefined
}

/** Does a trust policy's principal entry admit this caller (its ARN, its account, everyone)? */
export function admits(entry: string, callerArn: string, callerAccount: string): boolean {
  if (entry === '*' || entry === callerAccount || entry === `arn:aws:iam::${callerAccount}:root`) return true
  if (entry === callerArn) return true
  if (/[*?]/.test(entry)) return globMatcher(entry)(callerArn)
  return false
}

export class Catalogue {
  readonly byId = new Map<string, Candidate>()
  private readonly stores: Map<string, DataStore>

  private readonly originals: Documents

  constructor(readonly inventory: Inventory, readonly engine: IamEngine, read: ReadFile) {
    this.stores = new Map(dataStores(inventory).map((s) => [s.arn, s]))
    this.originals = new Documents(read)
  }

  /** The statement as the snapshot has it: edits find it again by its content, whatever ran before. */
  private originalStatement(loc: PolicyLocation, index: number): RawStatement | undefined {
    return statementsOf(readPolicy(this.originals, loc))[index]
  }

  private add(c: Candidate): string {
    if (!this.byId.has(c.id)) this.byId.set(c.id, c)
    return c.id
  }

  get(id: string): Candidate {
    const c = this.byId.get(id)
    if (!c) throw new Error(`no candidate ${id}`)
    return c
  }

  store(arn: string): DataStore | undefined {
    return this.stores.get(arn)
  }

  principal(arn: string): Principal | undefined {
    return this.inventory.principals.find((p) => p.arn === arn)
  }

  // -------------------------------------------------------------------------------------------
  // Statements: narrowed to all but their destructive actions, or removed

  /**
   * Where an identity statement of this actor can be edited: its policy (inline or customer
   * managed: every holder changes with it), or, for an AWS-managed policy that nobody can edit,
   * the holder that attaches it (the actor itself or one of its groups).
   */
  private editable(via: string, actorArn: string): { loc?: PolicyLocation; index: number; holder?: string } | undefined {
    const split = splitStatementId(via)
    if (!split) return undefined
    const [policyId, index] = split
    if (/^arn:aws[\w-]*:iam::aws:policy\//.test(policyId)) {
      const actor = this.principal(actorArn)
      if (!actor) return undefined
      if (actor.managedPolicyArns.includes(policyId)) return { index, holder: actor.arn }
      const group = this.inventory.groups.find((g) => g.accountId === actor.accountId && actor.groups.includes(g.name) && g.managedPolicyArns.includes(policyId))
      return group ? { index, holder: group.arn } : undefined
    }
    const loc = locatePolicy(policyId, this.inventory)
    return loc && loc.kind !== 'trust' && loc.kind !== 'vault' && loc.kind !== 'bucket' ? { loc, index } : undefined
  }

  narrow(via: string, actorArn: string): string | undefined {
    const e = this.editable(via, actorArn)
    if (!e) return undefined
    if (e.holder) return this.guardrailForHolder(via, e.holder)
    const loc = e.loc!
    const id = `narrow-statement:${via}`
    if (this.byId.has(id)) return id
    const original = this.originalStatement(loc, e.index)
    if (!original || original.Effect !== 'Allow' || narrowStatement(original).kind === 'unchanged') return undefined
    return this.add({
      id, kind: 'narrow-statement', cost: COSTS['narrow-statement'].cost, costReason: COSTS['narrow-statement'].reason,
      title: `Narrow ${describePolicy(loc)} ${statementLabel(via)} to all but its destructive actions`,
      target: via,
      reason: `it grants the destructive actions these paths use; the rest of what it allows (the job) stays`,
      policies: [loc],
      apply: (d) => {
        const doc = readPolicy(d, loc)
        const i = findStatement(doc, e.index, original)
        if (i < 0) return
        const n = narrowStatement(original)
        if (n.kind === 'unchanged') return
        const next = n.kind === 'deny' ? appendStatements(doc, [n.deny]) : replaceStatement(doc, i, n.statement)
        writePolicy(d, loc, next)
      },
      commands: (d) => putPolicyCommand(d, loc),
    })
  }

  /** An AWS-managed policy cannot be edited: its holder gets an inline Deny of the destructive actions instead. */
  private guardrailForHolder(via: string, holderArn: string): string | undefined {
    const loc = inlineLocation(this.inventory, holderArn, GUARDRAIL_POLICY)
    if (!loc) return undefined
    const [policyId] = splitStatementId(via)!
    return this.add({
      id: `narrow-statement:${via}@${holderArn}`, kind: 'narrow-statement',
      cost: COSTS['narrow-statement'].cost, costReason: `${COSTS['narrow-statement'].reason}; AWS-managed ${nameOfArn(policyId)} cannot be edited, so its holder gets an inline Deny`,
      title: `Deny ${nameOfArn(holderArn)} the destructive actions ${nameOfArn(policyId)} grants it (inline policy ${GUARDRAIL_POLICY})`,
      target: `${via}@${holderArn}`,
      reason: `AWS-managed ${policyId} grants the destructive actions these paths use; a Deny beside it keeps the rest`,
      policies: [loc],
      apply: (d) => {
        const doc = readPolicy(d, loc)
        const statement: RawStatement = { Sid: 'BulkheadDenyDestruction', Effect: 'Deny', Action: [...DESTRUCTIVE_LIST], Resource: '*' }
        if (statementsOf(doc).some((s) => s.Sid === statement.Sid)) return
        writePolicy(d, loc, appendStatements(doc, [statement]))
      },
      commands: (d) => putPolicyCommand(d, loc),
    })
  }

  remove(via: string, actorArn: string): string | undefined {
    const e = this.editable(via, actorArn)
    if (!e || e.holder) return undefined
    const loc = e.loc!
    const original = this.originalStatement(loc, e.index)
    if (!original || original.Effect !== 'Allow') return undefined
    return this.add({
      id: `remove-statement:${via}`, kind: 'remove-statement', cost: COSTS['remove-statement'].cost, costReason: COSTS['remove-statement'].reason,
      title: `Remove ${describePolicy(loc)} ${statementLabel(via)}`,
      target: via,
      reason: 'it grants a step of these paths that is no destructive action (an assumption, an escalation, a login), so narrowing cannot take it',
      policies: [loc],
      apply: (d) => {
        const doc = readPolicy(d, loc)
        const i = findStatement(doc, e.index, original)
        if (i >= 0) writePolicy(d, loc, replaceStatement(doc, i, null))
      },
      commands: (d) => putPolicyCommand(d, loc),
    })
  }

  // -------------------------------------------------------------------------------------------
  // Trust

  /** Remove the entries of one trust statement that admit this caller. */
  trustRemoval(trustVia: string, callerArn: string, callerAccount: string): string | undefined {
    const split = splitStatementId(trustVia)
    if (!split) return undefined
    const [policyId, index] = split
    const loc = locatePolicy(policyId, this.inventory)
    if (!loc || loc.kind !== 'trust') return undefined
    const role = this.principal(policyId.replace(/\/trust-policy$/, ''))
    const stmt = role?.trustPolicy?.Statement[index]
    if (!role || !stmt || stmt.Effect !== 'Allow') return undefined
    const aws = stmt.Principal === '*' ? ['*'] : stmt.Principal?.AWS ?? []
    const entries = aws.filter((e) => admits(e, callerArn, callerAccount)).sort()
    if (entries.length === 0) return undefined
    const wholeStatement = entries.includes('*')
    const original = this.originalStatement(loc, index)
    if (!original) return undefined
    return this.add({
      id: `remove-trust-principal:${trustVia}:${entries.join(',')}`, kind: 'remove-trust-principal',
      cost: COSTS['remove-trust-principal'].cost, costReason: COSTS['remove-trust-principal'].reason,
      title: wholeStatement
        ? `Remove ${statementLabel(trustVia)} (it admits everyone) from the trust policy of role ${role.name}`
        : `Remove ${entries.join(', ')} from the trust policy of role ${role.name}`,
      target: trustVia,
      reason: `it lets ${nameOfArn(callerArn) === 'root' ? `account ${callerAccount}` : callerArn} assume ${role.name}`,
      policies: [loc],
      apply: (d) => {
        const doc = readPolicy(d, loc)
        const i = findStatement(doc, index, original)
        if (i < 0) return
        const s = statementsOf(doc)[i]
        let next: RawPolicy
        const principal = s.Principal
        const awsList = principal === '*' ? ['*'] : isObject(principal) ? asList(principal.AWS as string | string[] | undefined) : []
        const left = awsList.filter((e) => !entries.includes(e))
        const others = isObject(principal) ? Object.keys(principal).filter((k) => k !== 'AWS') : []
        if (wholeStatement || (left.length === 0 && others.length === 0)) next = replaceStatement(doc, i, null)
        else {
          const p = { ...(principal as Record<string, unknown>) }
          if (left.length) p.AWS = left.length === 1 ? left[0] : left
          else delete p.AWS
          next = replaceStatement(doc, i, { ...s, Principal: p })
        }
        // IAM refuses an empty trust policy: one that admits nobody says so until a principal of the role's environment is named
        if (statementsOf(next).length === 0) next = { ...next, Statement: [{ Sid: 'NobodyUntilAProdPrincipalIsNamed', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }
        writePolicy(d, loc, next)
      },
      commands: (d) => putPolicyCommand(d, loc),
    })
  }

  // -------------------------------------------------------------------------------------------
  // Guardrails on the data

  vaultDeny(vaultArn: string): string | undefined {
    const v = this.inventory.vaults.find((x) => x.arn === vaultArn)
    if (!v || v.accessPolicy === undefined) return undefined
    const loc = vaultPolicyLocation(v)
    const exemption = breakGlassExemption(this.inventory)
    return this.add({
      id: `vault-deny:${v.arn}`, kind: 'vault-deny', cost: COSTS['vault-deny'].cost, costReason: COSTS['vault-deny'].reason,
      title: `Deny deleting recovery points in vault ${v.name} to everyone${exemption ? ' but break-glass principals' : ''}`,
      target: v.arn,
      reason: 'a vault access policy Deny overrides every identity policy: its recovery points then survive whoever deletes the data',
      policies: [loc],
      apply: (d) => {
        const doc = readPolicy(d, loc)
        const statement: RawStatement = {
          Sid: 'BulkheadDenyRecoveryPointDeletion', Effect: 'Deny', Principal: '*',
          Action: exemption ? [...VAULT_DENIED, ...VAULT_SELF] : [...VAULT_DENIED], Resource: '*', ...(exemption ? { Condition: exemption } : {}),
        }
        if (statementsOf(doc).some((s) => s.Sid === statement.Sid)) return
        writePolicy(d, loc, appendStatements(doc, [statement]))
      },
      commands: (d) => putPolicyCommand(d, loc),
      ...(exemption ? {} : { note: 'whoever may call backup:PutBackupVaultAccessPolicy can still replace this policy: once a break-glass role is declared, deny that to everyone else too' }),
    })
  }

  vaultLock(vaultArn: string): string | undefined {
    const v = this.inventory.vaults.find((x) => x.arn === vaultArn)
    if (!v) return undefined
    const file = v.source
    const now = this.inventory.collectedAt
    return this.add({
      id: `vault-lock:${v.arn}`, kind: 'vault-lock', cost: COSTS['vault-lock'].cost, costReason: COSTS['vault-lock'].reason,
      title: `Lock vault ${v.name} in compliance mode`,
      target: v.arn,
      reason: 'past its grace period, a compliance-mode Vault Lock lets nobody delete a recovery point before its retention ends',
      policies: [],
      apply: (d) => {
        const json = d.get(file)
        const list = isObject(json) && Array.isArray(json.BackupVaultList) ? (json.BackupVaultList as Record<string, unknown>[]) : []
        const e = list.find((x) => x.BackupVaultArn === v.arn || x.BackupVaultName === v.name)
        if (!e) return
        e.Locked = true
        e.LockDate = now
        if (e.MinRetentionDays === undefined) e.MinRetentionDays = 7
        d.set(file, json)
      },
      commands: () => [`aws backup put-backup-vault-lock-configuration --region ${q(v.region)} --backup-vault-name ${q(v.name)} --min-retention-days 7 --changeable-for-days 3`],
      note: 'the patch shows the vault as it stands once the 3-day grace period is over (LockDate = the snapshot\'s collectedAt); until then the lock can be removed',
    })
  }

  bucketDeny(bucketArn: string): string | undefined {
    const b = this.inventory.buckets.find((x) => x.arn === bucketArn)
    if (!b || b.policy === undefined) return undefined
    const loc = bucketPolicyLocation(b)
    const exemption = breakGlassExemption(this.inventory)
    return this.add({
      id: `bucket-deny:${b.arn}`, kind: 'bucket-deny', cost: COSTS['bucket-deny'].cost, costReason: COSTS['bucket-deny'].reason,
      title: `Deny deleting object versions, lifecycle rules and policy changes on bucket ${b.name} to everyone${exemption ? ' but break-glass principals' : ''}`,
      target: b.arn,
      reason: 'a bucket policy Deny overrides every identity policy, and denying s3:PutBucketPolicy keeps it standing (the account root can still change it)',
      policies: [loc],
      apply: (d) => {
        const doc = readPolicy(d, loc)
        const statement: RawStatement = { Sid: 'BulkheadDenyDestruction', Effect: 'Deny', Principal: '*', Action: [...BUCKET_DENIED], Resource: [b.arn, `${b.arn}/*`], ...(exemption ? { Condition: exemption } : {}) }
        if (statementsOf(doc).some((s) => s.Sid === statement.Sid)) return
        writePolicy(d, loc, appendStatements(doc, [statement]))
      },
      commands: (d) => putPolicyCommand(d, loc),
    })
  }

  /**
   * Deletion protection on, and a Deny of turning it off: IAM has no condition key for the
   * DeletionProtection parameter, so the Deny is of the modify call itself on this store, added
   * to every policy that grants it to a judged principal. For a bucket: versioning on, and a
   * bucket-policy Deny of s3:PutBucketVersioning.
   */
  protect(storeArn: string): string | undefined {
    const store = this.store(storeArn)
    if (!store) return undefined
    if (store.store === 'bucket') return this.protectBucket(store.bucket)
    return store.store === 'database' ? this.protectDatabase(store.database) : this.protectTable(store.table)
  }

  private modifyDenies(arn: string, action: string): { locs: PolicyLocation[]; holders: string[] } {
    const locs = new Map<string, PolicyLocation>()
    const holders = new Set<string>()
    for (const p of this.inventory.principals) {
      if (p.serviceLinked || p.breakGlass || p.kind === 'root') continue
      const decision = this.engine.can(p, action, arn)
      if (decision.verdict === 'denied') continue
      for (const via of decision.via) {
        const e = this.editable(via, p.arn)
        if (e?.loc) locs.set(e.loc.id, e.loc)
        else {
          const g = inlineLocation(this.inventory, p.arn, GUARDRAIL_POLICY)
          if (g) { locs.set(g.id, g); holders.add(p.arn) }
        }
      }
    }
    return { locs: [...locs.values()], holders: [...holders] }
  }

  private protectStore(store: Database | Table, opts: { action: string; apply: (d: Documents) => void; command: string; label: string }): string {
    const { locs } = this.modifyDenies(store.arn, opts.action)
    const cost = COSTS['deletion-protection'].cost + PER_EXTRA_DENY * locs.length
    const sid = `BulkheadDenyModify${store.name.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 100)
    return this.add({
      id: `deletion-protection:${store.arn}`, kind: 'deletion-protection', cost,
      costReason: `${COSTS['deletion-protection'].reason}${locs.length ? `; ${locs.length} polic${locs.length === 1 ? 'y' : 'ies'} lose ${opts.action} on ${store.name}` : ''}`,
      title: `Turn deletion protection on for ${opts.label} and deny ${opts.action} on it${locs.length ? ` in ${locs.length} polic${locs.length === 1 ? 'y' : 'ies'}` : ''}`,
      target: store.arn,
      reason: `deleting it then needs ${opts.action} first, and no judged principal holds that any more (IAM has no condition key for the DeletionProtection parameter, so the Deny covers the whole call: settings changes go through break-glass)`,
      policies: locs,
      apply: (d) => {
        opts.apply(d)
        for (const loc of locs) {
          const doc = readPolicy(d, loc)
          if (statementsOf(doc).some((s) => s.Sid === sid)) continue
          writePolicy(d, loc, appendStatements(doc, [{ Sid: sid, Effect: 'Deny', Action: opts.action, Resource: store.arn }]))
        }
      },
      commands: (d) => [opts.command, ...locs.flatMap((l) => putPolicyCommand(d, l))],
    })
  }

  private protectDatabase(db: Database): string {
    const cluster = db.kind === 'cluster'
    const listKey = cluster ? 'DBClusters' : 'DBInstances'
    const idKey = cluster ? 'DBClusterIdentifier' : 'DBInstanceIdentifier'
    const file = pathOf(cluster ? FILES.rdsClusters : FILES.rdsInstances, db.accountId, db.region)
    return this.protectStore(db, {
      action: cluster ? 'rds:ModifyDBCluster' : 'rds:ModifyDBInstance',
      label: `${cluster ? 'cluster' : 'database'} ${db.name}`,
      apply: (d) => {
        const json = d.get(file)
        const e = isObject(json) && Array.isArray(json[listKey]) ? (json[listKey] as Record<string, unknown>[]).find((x) => x[idKey] === db.identifier) : undefined
        if (!e || e.DeletionProtection === true) return
        e.DeletionProtection = true
        d.set(file, json)
      },
      command: `aws rds ${cluster ? 'modify-db-cluster --db-cluster-identifier' : 'modify-db-instance --db-instance-identifier'} ${q(db.identifier)} --deletion-protection --apply-immediately --region ${q(db.region)}`,
    })
  }

  private protectTable(t: Table): string {
    const file = t.files.description
    return this.protectStore(t, {
      action: 'dynamodb:UpdateTable',
      label: `table ${t.name}`,
      apply: (d) => {
        const json = d.get(file)
        const table = isObject(json) && isObject(json.Table) ? json.Table : undefined
        if (!table || table.DeletionProtectionEnabled === true) return
        table.DeletionProtectionEnabled = true
        d.set(file, json)
      },
      command: `aws dynamodb update-table --region ${q(t.region)} --table-name ${q(t.name)} --deletion-protection-enabled`,
    })
  }

  private protectBucket(b: Bucket): string | undefined {
    if (b.policy === undefined || b.versioning === undefined) return undefined
    const loc = bucketPolicyLocation(b)
    const exemption = breakGlassExemption(this.inventory)
    return this.add({
      id: `deletion-protection:${b.arn}`, kind: 'deletion-protection', cost: COSTS['deletion-protection'].cost, costReason: COSTS['deletion-protection'].reason,
      title: `Turn versioning on for bucket ${b.name} and deny suspending it to everyone${exemption ? ' but break-glass principals' : ''}`,
      target: b.arn,
      reason: 'with versioning on, a delete only adds a delete marker: destroying the data then needs s3:DeleteObjectVersion or a lifecycle rule',
      policies: [loc],
      apply: (d) => {
        const versioning = d.get(b.files.versioning)
        d.set(b.files.versioning, { ...(isObject(versioning) ? versioning : {}), Status: 'Enabled' })
        const doc = readPolicy(d, loc)
        const statement: RawStatement = { Sid: 'BulkheadDenySuspendingVersioning', Effect: 'Deny', Principal: '*', Action: 's3:PutBucketVersioning', Resource: b.arn, ...(exemption ? { Condition: exemption } : {}) }
        if (statementsOf(doc).some((s) => s.Sid === statement.Sid)) return
        writePolicy(d, loc, appendStatements(doc, [statement]))
      },
      commands: (d) => [`aws s3api put-bucket-versioning --bucket ${q(b.name)} --versioning-configuration Status=Enabled`, ...putPolicyCommand(d, loc)],
    })
  }

  // -------------------------------------------------------------------------------------------
  // Credentials, workspace, config

  deactivateKey(userArn: string, keyId: string | undefined, createdAt: string | undefined): string | undefined {
    const user = this.principal(userArn)
    if (!user || (!keyId && !createdAt)) return undefined
    const root = user.kind === 'root'
    const listFile = root ? undefined : pathOf(FILES.iamAccessKeys, user.accountId, 'global', user.name)
    const reportFile = pathOf(FILES.iamCredentialReport, user.accountId, 'global')
    const shown = keyId ? maskAccessKeyId(keyId) : `created ${createdAt}`
    return this.add({
      id: `deactivate-key:${userArn}:${keyId ? maskAccessKeyId(keyId) : createdAt}`, kind: 'deactivate-key', cost: COSTS['deactivate-key'].cost, costReason: COSTS['deactivate-key'].reason,
      title: `Deactivate access key ${shown} of ${root ? `the root user of ${user.accountId}` : `user ${user.name}`}`,
      target: userArn,
      reason: root ? 'a root access key can do anything in the account and no policy limits it' : 'an inactive key signs nothing: the copy lying in the workspace stops working',
      policies: [],
      apply: (d) => {
        if (listFile && keyId) {
          const json = d.get(listFile)
          const k = isObject(json) && Array.isArray(json.AccessKeyMetadata) ? (json.AccessKeyMetadata as Record<string, unknown>[]).find((x) => x.AccessKeyId === keyId) : undefined
          if (k) { k.Status = 'Inactive'; d.set(listFile, json) }
        }
        const report = d.get(reportFile)
        if (isObject(report) && typeof report.Content === 'string') {
          const csv = deactivateInReport(Buffer.from(report.Content, 'base64').toString('utf8'), userArn, user.credentials?.accessKeys.find((k) => k.id === keyId)?.createdAt ?? createdAt)
          if (csv) d.set(reportFile, { ...report, Content: Buffer.from(csv, 'utf8').toString('base64') })
        }
      },
      commands: () => root
        ? ['(signed in as the root user) aws iam update-access-key --status Inactive --access-key-id <the root key id: IAM console → Security credentials>']
        : [`aws iam update-access-key --user-name ${q(user.name)} --status Inactive --access-key-id "$(aws iam list-access-keys --user-name ${q(user.name)} --query "AccessKeyMetadata[?ends_with(AccessKeyId,'${keyId?.slice(-4) ?? ''}')].AccessKeyId" --output text)"`],
    })
  }

  removeSecret(t: WorkspaceToken): string {
    const pair = t.type === 'aws-access-key' && t.hasSecret
    return this.add({
      id: `remove-workspace-secret:${t.workspace}:${t.file}:${t.line}`, kind: 'remove-workspace-secret',
      cost: COSTS['remove-workspace-secret'].cost, costReason: COSTS['remove-workspace-secret'].reason,
      title: `Remove the ${pair ? 'AWS key pair' : 'secret'} from ${t.file} line ${t.line}${t.name ? ` (${t.name})` : ''}`,
      target: `workspace:${t.file}`,
      reason: 'whoever reads the working tree, an agent included, holds whatever lies in it',
      policies: [],
      apply: () => undefined,
      commands: () => [],
      workspace: [{ root: t.workspace, file: t.file, line: t.line, ...(t.name ? { name: t.name } : {}), what: pair ? `delete line ${t.line} (${t.name ?? 'the key id'}) and the secret access key beside it; load them at run time` : `delete the value on line ${t.line}; load it at run time from a secret store` }],
      note: 'a workspace file, not snapshot data: edit it (and rotate the credential: it was readable)',
    })
  }

  breakGlass(principalArn: string): string | undefined {
    const p = this.principal(principalArn)
    if (!p || p.kind !== 'role' || p.serviceLinked || p.breakGlass || p.environment.environment !== 'prod') return undefined
    return this.add({
      id: `break-glass:${p.arn}`, kind: 'break-glass', cost: COSTS['break-glass'].cost, costReason: COSTS['break-glass'].reason,
      title: `Declare role ${p.name} break-glass`,
      target: p.arn,
      reason: 'a break-glass role is expected to hold destructive power: the privilege checks judge it no more',
      policies: [],
      apply: () => undefined,
      commands: () => [],
      breakGlass: [p.arn],
      note: `config, not snapshot data: add "${p.arn}" to breakGlass in bulkhead.config (or tag the role BreakGlass=true)`,
    })
  }
}

/** `Policy deploy of role deploy-prod`, `managed policy ops-admin`, … */
export function describePolicy(loc: PolicyLocation): string {
  switch (loc.kind) {
    case 'user-inline': return `user ${loc.names.owner}'s inline policy ${loc.names.policyName}`
    case 'role-inline': return `role ${loc.names.owner}'s inline policy ${loc.names.policyName}`
    case 'group-inline': return `group ${loc.names.owner}'s inline policy ${loc.names.policyName}`
    case 'managed': return `managed policy ${loc.names.policyName}`
    case 'trust': return `role ${loc.names.owner}'s trust policy`
    case 'vault': return `vault ${loc.names.vault}'s access policy`
    case 'bucket': return `bucket ${loc.names.bucket}'s policy`
  }
}

export const statementLabel = (via: string): string => `Statement[${splitStatementId(via)?.[1] ?? '?'}]`

/** The credential report CSV with the user's key (matched by its rotation time, else the only active one) inactive. */
function deactivateInReport(csv: string, arn: string, createdAt: string | undefined): string | undefined {
  const lines = csv.split('\n')
  const cols = lines[0].split(',')
  const i = lines.findIndex((l, k) => k > 0 && l.split(',')[cols.indexOf('arn')] === arn)
  if (i < 0) return undefined
  const v = lines[i].split(',')
  const active = [1, 2].filter((n) => v[cols.indexOf(`access_key_${n}_active`)] === 'true')
  const near = (a?: string, b?: string) => !!a && !!b && Math.abs(Date.parse(a) - Date.parse(b)) < 1000
  const n = active.find((k) => near(v[cols.indexOf(`access_key_${k}_last_rotated`)], createdAt)) ?? (active.length === 1 ? active[0] : undefined)
  if (n === undefined) return undefined
  v[cols.indexOf(`access_key_${n}_active`)] = 'false'
  lines[i] = v.join(',')
  return lines.join('\n')
}

export { accountOf }
