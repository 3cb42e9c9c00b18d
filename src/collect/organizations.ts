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

/** Answers of Organizations that mean "nothing of that kind here", not a failure. */
const NO_SCPS = { codes: ['PolicyTypeNotEnabledException'], body: { Policies: [] } }

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

  const tags = accounts.map((a) =>
    s.file(`${dir}/organizations-list-tags-for-resource--${a.Id}.json`, 'organizations:ListTagsForResource', async () => {
      const pages = await allPages(sdk.paginateListTagsForResource({ client }, { ResourceId: a.Id }))
      return { body: mergePages(pages, ['Tags']), pages: pages.length }
    }),
  )

  const roots = s.file<{ Roots: { Id: string }[] }>(`${dir}/organizations-list-roots.json`, 'organizations:ListRoots', async () => {
    const pages = await allPages(sdk.paginateListRoots({ client }, {}))
    return { body: mergePages(pages, ['Roots']), pages: pages.length }
  })

  // Each child's parent is asked once, however many accounts share the OU.
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

  const targets = new Set<string>((await roots)?.Roots.map((r) => r.Id) ?? [])
  for (const ids of await Promise.all(accounts.map(async (a) => [a.Id, ...(await chain(a.Id))]))) ids.forEach((id) => targets.add(id))

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
  await Promise.all([
    ...tags,
    ...[...policyIds].map((id) =>
      s.file(`${dir}/organizations-describe-policy--${id}.json`, 'organizations:DescribePolicy', async () => ({
        body: withoutMetadata(await client.send(new sdk.DescribePolicyCommand({ PolicyId: id }))),
        pages: 1,
      })),
    ),
  ])
  return accounts
}
