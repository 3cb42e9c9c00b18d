// Organizations, once, from the management account (--org): the accounts to scan, their tags,
// and the SCPs on the path root → OUs → account (spec §2), all in the caller's global folder.
import type { Clients } from './aws.js'
import { mergePages, withoutMetadata } from './output.js'
import { allPages, type ScanState } from './state.js'

export interface OrgAccount {
  Id: string
  Name?: string
  Status?: string
}

/** Suspended and closing accounts cannot be entered; they stay in the account list only. */
export const isActive = (a: OrgAccount): boolean => a.Status === undefined || a.Status === 'ACTIVE'

/** Answers of Organizations that mean "nothing of that kind here", not a failure. */
const NO_SCPS = { codes: ['PolicyTypeNotEnabledException'], body: { Policies: [] } }

type Sdk = typeof import('@aws-sdk/client-organizations')
type Client = import('@aws-sdk/client-organizations').OrganizationsClient

/**
 * Lists the organization's accounts and writes every organization file. Undefined when the
 * account list itself failed (recorded in errors).
 */
export async function collectOrganization(s: ScanState, clients: Clients, dir: string): Promise<OrgAccount[] | undefined> {
  const sdk = await import('@aws-sdk/client-organizations')
  const client = await clients.organizations()
  const list = await s.file<{ Accounts: OrgAccount[] }>(`${dir}/organizations-list-accounts.json`, 'organizations:ListAccounts', async () => {
    const pages = await allPages(sdk.paginateListAccounts({ client, pageSize: 20 }, {}))
    return { body: mergePages(pages, ['Accounts']), pages: pages.length }
  })
  if (!list) return undefined
  const accounts = list.Accounts
  await Promise.all([accountTags(s, sdk, client, dir, accounts), serviceControlPolicies(s, sdk, client, dir, accounts)])
  return accounts
}

/** Environment tags of each account (spec §3 rule 4). */
async function accountTags(s: ScanState, sdk: Sdk, client: Client, dir: string, accounts: OrgAccount[]): Promise<void> {
  await Promise.all(
    accounts.map((a) =>
      s.file(`${dir}/organizations-list-tags-for-resource--${a.Id}.json`, 'organizations:ListTagsForResource', async () => {
        const pages = await allPages(sdk.paginateListTagsForResource({ client }, { ResourceId: a.Id }))
        return { body: mergePages(pages, ['Tags']), pages: pages.length }
      }),
    ),
  )
}

/** The root, every OU on the way down to each account, and the SCPs attached to each of them. */
async function serviceControlPolicies(s: ScanState, sdk: Sdk, client: Client, dir: string, accounts: OrgAccount[]): Promise<void> {
  const roots = s.file<{ Roots: { Id: string }[] }>(`${dir}/organizations-list-roots.json`, 'organizations:ListRoots', async () => {
    const pages = await allPages(sdk.paginateListRoots({ client }, {}))
    return { body: mergePages(pages, ['Roots']), pages: pages.length }
  })
  const chain = ancestry(s, sdk, client, dir)
  const targets = new Set<string>((await roots)?.Roots.map((r) => r.Id) ?? [])
  // SCPs matter only where bulkhead evaluates permissions: the active accounts it scans.
  const scanned = accounts.filter(isActive)
  for (const ids of await Promise.all(scanned.map(async (a) => [a.Id, ...(await chain(a.Id))]))) ids.forEach((id) => targets.add(id))

  const policyIds = new Set<string>()
  await Promise.all(
    [...targets].map(async (target) => {
      const out = await s.file<{ Policies: { Id: string }[] }>(
        `${dir}/organizations-list-policies-for-target--${target}.json`,
        'organizations:ListPoliciesForTarget',
        async () => {
          const pages = await allPages(sdk.paginateListPoliciesForTarget({ client, pageSize: 20 }, { TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }))
          return { body: mergePages(pages, ['Policies']), pages: pages.length }
        },
        { emptyOn: NO_SCPS },
      )
      out?.Policies.forEach((p) => policyIds.add(p.Id))
    }),
  )
  await Promise.all(
    [...policyIds].map((id) =>
      s.file(`${dir}/organizations-describe-policy--${id}.json`, 'organizations:DescribePolicy', async () => ({
        body: withoutMetadata(await client.send(new sdk.DescribePolicyCommand({ PolicyId: id }))),
        pages: 1,
      })),
    ),
  )
}

/** `chain(id)`: the parents of id up to the root; each child's parent is asked once. */
function ancestry(s: ScanState, sdk: Sdk, client: Client, dir: string): (id: string) => Promise<string[]> {
  const parents = new Map<string, Promise<string | undefined>>()
  const parentOf = (child: string): Promise<string | undefined> => {
    let p = parents.get(child)
    if (!p) {
      p = s
        .file<{ Parents: { Id: string; Type: string }[] }>(`${dir}/organizations-list-parents--${child}.json`, 'organizations:ListParents', async () => {
          const pages = await allPages(sdk.paginateListParents({ client }, { ChildId: child }))
          return { body: mergePages(pages, ['Parents']), pages: pages.length }
        })
        .then((out) => out?.Parents[0]?.Id)
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
