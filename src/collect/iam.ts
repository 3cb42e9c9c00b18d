// IAM, once per account: authorization details, access keys per user, the credential report,
// and the account alias that names the account when there is no organization.
import type { Clients } from './aws.js'
import { ReadOnlyViolation } from './guard.js'
import { decodePolicyDocuments, mergePages } from './output.js'
import { allPages, type ScanState } from './state.js'

/** How long to wait for IAM to finish generating the credential report. */
const REPORT_WAIT_MS = [500, 1000, 2000, 4000, 8000, 8000, 8000]

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function collectIam(s: ScanState, clients: Clients, dir: string): Promise<void> {
  if (s.wants('iam')) {
    const details = await authorizationDetails(s, clients, dir)
    if (details) await Promise.all(details.UserDetailList.map((u) => accessKeys(s, clients, dir, u.UserName)))
  }
  if (s.wants('credentialReport')) await credentialReport(s, clients, dir)
}

async function authorizationDetails(s: ScanState, clients: Clients, dir: string) {
  const { paginateGetAccountAuthorizationDetails } = await import('@aws-sdk/client-iam')
  const client = await clients.iam()
  return s.file<{ UserDetailList: { UserName: string }[] }>(`${dir}/iam-get-account-authorization-details.json`, 'iam:GetAccountAuthorizationDetails', async () => {
    const pages = await allPages(paginateGetAccountAuthorizationDetails({ client, pageSize: 1000 }, {}))
    const body = mergePages(pages, ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'])
    return { body: decodePolicyDocuments(body), pages: pages.length }
  })
}

async function accessKeys(s: ScanState, clients: Clients, dir: string, userName: string): Promise<void> {
  const { paginateListAccessKeys } = await import('@aws-sdk/client-iam')
  const client = await clients.iam()
  await s.file(`${dir}/iam-list-access-keys--${userName}.json`, 'iam:ListAccessKeys', async () => {
    const pages = await allPages(paginateListAccessKeys({ client, pageSize: 1000 }, { UserName: userName }))
    return { body: mergePages(pages, ['AccessKeyMetadata']), pages: pages.length }
  })
}

/**
 * GenerateCredentialReport until it says COMPLETE, then GetCredentialReport: the documented way,
 * and the only one that never reads a report older than four hours.
 */
async function credentialReport(s: ScanState, clients: Clients, dir: string): Promise<void> {
  const { GenerateCredentialReportCommand, GetCredentialReportCommand } = await import('@aws-sdk/client-iam')
  const client = await clients.iam()
  await s.file(`${dir}/iam-get-credential-report.json`, 'iam:GetCredentialReport', async () => {
    let state = (await client.send(new GenerateCredentialReportCommand({}))).State
    for (const wait of REPORT_WAIT_MS) {
      if (state === 'COMPLETE') break
      await sleep(wait)
      state = (await client.send(new GenerateCredentialReportCommand({}))).State
    }
    const report = await client.send(new GetCredentialReportCommand({}))
    // Generate + Get: the two calls any collector needs; the polls in between are overhead.
    return { body: { Content: report.Content, ReportFormat: report.ReportFormat, GeneratedTime: report.GeneratedTime }, pages: 2 }
  })
}

/** The account alias, the name of a stand-alone account; undefined when it has none or on error. */
export async function accountAlias(clients: Clients): Promise<string | undefined> {
  const { ListAccountAliasesCommand } = await import('@aws-sdk/client-iam')
  try {
    const out = await (await clients.iam()).send(new ListAccountAliasesCommand({}))
    return out.AccountAliases?.[0]
  } catch (err) {
    if (err instanceof ReadOnlyViolation) throw err
    // The name is cosmetic (the account id identifies it): a denied alias is not a scan gap.
    return undefined
  }
}
