// IAM: authorization details + credential report + access key lists → principals, groups,
// managed policies. AWS PascalCase stops here.
import { InputError } from '../errors.js'
import { isTimestamp } from '../snapshot/validate.js'
import type { RawAccount, RawTag } from '../snapshot/raw.js'
import { arnMatches, classifyResource, type EnvironmentConfig } from './environment.js'
import { parsePolicyDocument } from './policy.js'
import type { AccessKey, Account, Credentials, Group, ManagedPolicy, NamedPolicy, Principal, Tags } from './types.js'

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'

export function tagsOf(list: RawTag[] | undefined): Tags {
  return Object.fromEntries((list ?? []).map((t) => [t.Key, t.Value ?? '']))
}

export interface IamContext {
  environments: EnvironmentConfig
  breakGlass: string[]
  display(path: string): string
}

function inline(list: { PolicyName: string; PolicyDocument: unknown }[] | undefined, ownerArn: string, file: string, path: string): NamedPolicy[] {
  return (list ?? []).map((p, i) => ({
    name: p.PolicyName,
    id: `${ownerArn}/inline/${p.PolicyName}`,
    document: parsePolicyDocument(p.PolicyDocument, file, `${path}[${i}].PolicyDocument`),
    source: file,
  }))
}

function isBreakGlass(ctx: IamContext, arn: string, tags: Tags): boolean {
  if (ctx.breakGlass.some((p) => arnMatches(p, arn))) return true
  return Object.entries(tags).some(([k, v]) => ['breakglass', 'break-glass'].includes(k.toLowerCase()) && v.toLowerCase() === 'true')
}

export function normalizeIam(ctx: IamContext, raw: RawAccount, account: Account, now: string) {
  const details = raw.authorizationDetails
  const file = raw.authorizationDetailsFile
  const shown = ctx.display(file)
  const principals: Principal[] = []
  const groups: Group[] = []
  const managedPolicies: ManagedPolicy[] = []
  if (!details) return { principals, groups, managedPolicies }

  const base = (arn: string, name: string, tags: Tags) => ({
    arn, accountId: raw.id, region: 'global', name, source: file,
    environment: classifyResource(ctx.environments, { arn, name, tags }, account),
    tags, breakGlass: isBreakGlass(ctx, arn, tags),
  })
  const credentials = parseCredentialReport(raw.credentialReportCsv, ctx.display(`${raw.id}/global/iam-get-credential-report.json`), now)

  ;(details.UserDetailList ?? []).forEach((u, i) => {
    const tags = tagsOf(u.Tags)
    const creds = credentials?.get(u.Arn) ?? (credentials ? { passwordEnabled: false, accessKeys: [] } : undefined)
    principals.push({
      ...base(u.Arn, u.UserName, tags), type: 'AWS::IAM::User', kind: 'user', path: u.Path ?? '/',
      inlinePolicies: inline(u.UserPolicyList, u.Arn, shown, `$.UserDetailList[${i}].UserPolicyList`),
      managedPolicyArns: (u.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn),
      groups: u.GroupList ?? [],
      ...(u.PermissionsBoundary ? { permissionsBoundaryArn: u.PermissionsBoundary.PermissionsBoundaryArn } : {}),
      serviceLinked: false,
      ...(creds ? { credentials: withKeyIds(creds, raw.accessKeys.get(u.UserName)) } : {}),
    })
  })
  ;(details.RoleDetailList ?? []).forEach((r, i) => {
    const tags = tagsOf(r.Tags)
    const path = r.Path ?? '/'
    principals.push({
      ...base(r.Arn, r.RoleName, tags), type: 'AWS::IAM::Role', kind: 'role', path,
      inlinePolicies: inline(r.RolePolicyList, r.Arn, shown, `$.RoleDetailList[${i}].RolePolicyList`),
      managedPolicyArns: (r.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn),
      groups: [],
      ...(r.PermissionsBoundary ? { permissionsBoundaryArn: r.PermissionsBoundary.PermissionsBoundaryArn } : {}),
      trustPolicy: parsePolicyDocument(r.AssumeRolePolicyDocument, shown, `$.RoleDetailList[${i}].AssumeRolePolicyDocument`),
      serviceLinked: path.startsWith('/aws-service-role/'),
    })
  })
  const root = credentials?.get(`arn:aws:iam::${raw.id}:root`)
  if (root) {
    const arn = `arn:aws:iam::${raw.id}:root`
    principals.push({
      ...base(arn, '<root_account>', {}), type: 'AWS::IAM::Root', kind: 'root', path: '/', breakGlass: false,
      environment: classifyResource(ctx.environments, { arn }, account),
      inlinePolicies: [], managedPolicyArns: [], groups: [], serviceLinked: false, credentials: root,
      source: `${raw.id}/global/iam-get-credential-report.json`,
    })
  }
  ;(details.GroupDetailList ?? []).forEach((g, i) => {
    groups.push({
      arn: g.Arn, name: g.GroupName, accountId: raw.id, source: file,
      inlinePolicies: inline(g.GroupPolicyList, g.Arn, shown, `$.GroupDetailList[${i}].GroupPolicyList`),
      managedPolicyArns: (g.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn),
    })
  })
  ;(details.Policies ?? []).forEach((p, i) => {
    const index = p.PolicyVersionList.findIndex((v) => v.IsDefaultVersion || (p.DefaultVersionId !== undefined && v.VersionId === p.DefaultVersionId))
    if (index < 0) throw new InputError(shown, `$.Policies[${i}].PolicyVersionList`, 'a version with IsDefaultVersion true')
    const owner = p.Arn.split(':')[4] || 'aws'
    managedPolicies.push({
      arn: p.Arn, name: p.PolicyName ?? p.Arn.slice(p.Arn.lastIndexOf('/') + 1), owner, source: file,
      document: parsePolicyDocument(p.PolicyVersionList[index].Document, shown, `$.Policies[${i}].PolicyVersionList[${index}].Document`),
    })
  })
  return { principals, groups, managedPolicies }
}

/** AdministratorAccess is known by its ARN even when the IAM data omits it (spec §7). */
export const ADMINISTRATOR_ACCESS: ManagedPolicy = {
  arn: ADMINISTRATOR_ACCESS_ARN, name: 'AdministratorAccess', owner: 'aws', source: 'built-in (known by its ARN)',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] },
}

// ---------------------------------------------------------------------------------------------
// Credential report (base64 CSV): the only source of key ages and last use.

const NOT = new Set(['', 'N/A', 'no_information', 'not_supported'])
const DATE_COLUMNS = /_(last_rotated|last_used_date|last_used|last_changed)$/
const when = (v: string | undefined) => (v === undefined || NOT.has(v) ? undefined : v)

export function parseCredentialReport(csv: string | undefined, file: string, _now: string): Map<string, Credentials> | undefined {
  if (csv === undefined) return undefined
  const [header, ...lines] = csv.trim().split(/\r?\n/)
  const cols = header.split(',')
  const need = ['user', 'arn', 'password_enabled', 'access_key_1_active', 'access_key_2_active']
  for (const c of need) if (!cols.includes(c)) throw new InputError(file, '$.Content', `a credential report CSV with a "${c}" column`)
  const out = new Map<string, Credentials>()
  for (const [n, line] of lines.entries()) {
    if (line.trim() === '') continue
    const v = line.split(',')
    // a cut-off row would read as a user without keys or password: fewer findings, not an error
    if (v.length !== cols.length) throw new InputError(file, '$.Content', `a credential report whose line ${n + 2} has the header's ${cols.length} columns (it has ${v.length})`)
    // every age is computed from these; a value that is no date would make a check silently quiet
    const get = (c: string) => {
      const value = v[cols.indexOf(c)]
      if (DATE_COLUMNS.test(c) && when(value) !== undefined && !isTimestamp(value)) {
        throw new InputError(file, '$.Content', `a credential report whose ${c} on line ${n + 2} is a timestamp or N/A`)
      }
      return value
    }
    if (!get('arn')?.startsWith('arn:')) throw new InputError(file, '$.Content', `a credential report whose line ${n + 2} has an arn column`)
    const keys: AccessKey[] = []
    for (const n of [1, 2]) {
      const rotated = when(get(`access_key_${n}_last_rotated`))
      if (get(`access_key_${n}_active`) !== 'true' && !rotated) continue
      keys.push({
        active: get(`access_key_${n}_active`) === 'true',
        ...(rotated ? { createdAt: rotated } : {}),
        ...(when(get(`access_key_${n}_last_used_date`)) ? { lastUsedAt: get(`access_key_${n}_last_used_date`) } : {}),
      })
    }
    out.set(get('arn'), {
      passwordEnabled: get('password_enabled') === 'true',
      ...(when(get('password_last_used')) ? { passwordLastUsedAt: get('password_last_used') } : {}),
      ...(when(get('password_last_changed')) ? { passwordLastChangedAt: get('password_last_changed') } : {}),
      accessKeys: keys,
    })
  }
  return out
}

/** Match ListAccessKeys ids to the report's keys by creation time, else by order. */
function withKeyIds(creds: Credentials, listed: { AccessKeyId: string; Status: string; CreateDate?: string }[] | undefined): Credentials {
  if (!listed) return creds
  const sameSecond = (a?: string, b?: string) => !!a && !!b && Math.abs(Date.parse(a) - Date.parse(b)) < 1000
  const unused = [...listed]
  const keys = creds.accessKeys.map((k) => {
    const i = unused.findIndex((l) => sameSecond(l.CreateDate, k.createdAt))
    const hit = i >= 0 ? unused.splice(i, 1)[0] : undefined
    return hit ? { ...k, id: hit.AccessKeyId } : k
  })
  for (const k of keys) {
    if (k.id || unused.length === 0) continue
    const i = unused.findIndex((l) => (l.Status === 'Active') === k.active)
    if (i >= 0) k.id = unused.splice(i, 1)[0].AccessKeyId
  }
  // keys listed but absent from the report (report older than the key): still map their ids
  for (const l of unused) keys.push({ id: l.AccessKeyId, active: l.Status === 'Active', ...(l.CreateDate ? { createdAt: l.CreateDate } : {}) })
  return { ...creds, accessKeys: keys }
}
