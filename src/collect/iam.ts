// IAM, once per account: authorization details, access keys per user, the credential report,
// and the account alias that names the account when there is no organization.
import { FILES, pathOf } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { collectFile } from './fetch.js'
import { ReadOnlyViolation } from './guard.js'
import { decodePolicyDocuments } from './output.js'
import type { ScanState } from './state.js'

/** How long to wait for IAM to finish generating the credential report. */
const REPORT_WAIT_MS = [500, 1000, 2000, 4000, 8000, 8000, 8000]

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function collectIam(s: ScanState, clients: Clients, account: string): Promise<void> {
  if (s.wants('iam')) {
    // IAM returns policy documents URL-encoded; the CLI prints them decoded
    const details = await collectFile<{ UserDetailList: { UserName: string }[] }>(s, clients, FILES.iamAuthorizationDetails, { account, region: 'global', shape: decodePolicyDocuments })
    if (details) {
      await Promise.all(details.UserDetailList.map((u) => collectFile(s, clients, FILES.iamAccessKeys, { account, region: 'global', names: [u.UserName], input: { UserName: u.UserName } })))
    }
  }
  if (s.wants('credentialReport')) await credentialReport(s, clients, account)
}

/**
 * GenerateCredentialReport until it says COMPLETE, then GetCredentialReport: the documented way,
 * and the only one that never reads a report older than four hours.
 */
async function credentialReport(s: ScanState, clients: Clients, account: string): Promise<void> {
  const { GenerateCredentialReportCommand, GetCredentialReportCommand } = await import('@aws-sdk/client-iam')
  const client = await clients.iam()
  const file = FILES.iamCredentialReport
  await s.file(pathOf(file, account, 'global'), file.action, async () => {
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
