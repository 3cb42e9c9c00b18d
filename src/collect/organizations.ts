// Organizations, once, from the management account (--org): the accounts to scan, their tags,
// and the SCPs on the path root → OUs → account (spec §2), all in the caller's global folder.
import { FILES } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { collectFile, type FileRequest } from './fetch.js'
import type { ScanState } from './state.js'

export interface OrgAccount {
  Id: string
  Name?: string
  Status?: string
}

/** Suspended and closing accounts cannot be entered; they stay in the account list only. */
export const isActive = (a: OrgAccount): boolean => a.Status === undefined || a.Status === 'ACTIVE'

/** Organizations is global: its files go to the caller's global/ folder. */
const at = (account: string, names: string[] = [], input: Record<string, unknown> = {}): FileRequest => ({ account, region: 'global', names, input })

/**
 * Lists the organization's accounts and writes every organization file. Undefined when the
 * account list itself failed (recorded in errors).
 */
export async function collectOrganization(s: ScanState, clients: Clients, account: string): Promise<OrgAccount[] | undefined> {
  const list = await collectFile<{ Accounts: OrgAccount[] }>(s, clients, FILES.organizationAccounts, at(account))
  if (!list) return undefined
  const accounts = list.Accounts
  await Promise.all([accountTags(s, clients, account, accounts), serviceControlPolicies(s, clients, account, accounts)])
  return accounts
}

/** Environment tags of each account (spec §3 rule 4). */
async function accountTags(s: ScanState, clients: Clients, account: string, accounts: OrgAccount[]): Promise<void> {
  await Promise.all(accounts.map((a) => collectFile(s, clients, FILES.organizationTags, at(account, [a.Id], { ResourceId: a.Id }))))
}

/** The root, every OU on the way down to each account, and the SCPs attached to each of them. */
async function serviceControlPolicies(s: ScanState, clients: Clients, account: string, accounts: OrgAccount[]): Promise<void> {
  const roots = collectFile<{ Roots: { Id: string }[] }>(s, clients, FILES.organizationRoots, at(account))
  const chain = ancestry(s, clients, account)
  const targets = new Set<string>((await roots)?.Roots.map((r) => r.Id) ?? [])
  // SCPs matter only where bulkhead evaluates permissions: the active accounts it scans.
  const scanned = accounts.filter(isActive)
  for (const ids of await Promise.all(scanned.map(async (a) => [a.Id, ...(await chain(a.Id))]))) ids.forEach((id) => targets.add(id))

  const policyIds = new Set<string>()
  await Promise.all(
    [...targets].map(async (target) => {
      // SCPs not enabled (PolicyTypeNotEnabledException) is an empty list, per the table's row
      const out = await collectFile<{ Policies: { Id: string }[] }>(s, clients, FILES.organizationPoliciesForTarget, at(account, [target], { TargetId: target }))
      out?.Policies.forEach((p) => policyIds.add(p.Id))
    }),
  )
  await Promise.all([...policyIds].map((id) => collectFile(s, clients, FILES.organizationPolicy, at(account, [id], { PolicyId: id }))))
}

/** `chain(id)`: the parents of id up to the root; each child's parent is asked once. */
function ancestry(s: ScanState, clients: Clients, account: string): (id: string) => Promise<string[]> {
  const parents = new Map<string, Promise<string | undefined>>()
  const parentOf = (child: string): Promise<string | undefined> => {
    let p = parents.get(child)
    if (!p) {
      p = collectFile<{ Parents: { Id: string; Type: string }[] }>(s, clients, FILES.organizationParents, at(account, [child], { ChildId: child })).then((out) => out?.Parents[0]?.Id)
      parents.set(child, p)
    }
    return p
  }
  const chain = async (id: string): Promise<string[]> => {
    const parent = await parentOf(id)
    return parent ? [parent, ...(parent.startsWith('r-') ? [] : await chain(parent))] : []
  }
  return chain
}
