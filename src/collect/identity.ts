// `agent-check --aws`: who a discovered key is, as AWS says. sts:GetCallerIdentity signed with
// the key itself: read-only, needs no permission, and answers for keys of any account. Sent
// through the same guarded, counted client as every collector call (the call table lists it).
import type { AwsCredentialIdentity } from '@smithy/types'
import { Clients, Runtime } from './aws.js'

export type CallerIdentity = { arn: string; accountId: string } | { rejected: string }

/** Answers about the key itself (it does not exist, is deactivated or expired, or the secret is wrong). */
const KEY_ERRORS = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException', 'AccessDenied', 'AuthFailure'])

/**
 * One sts:GetCallerIdentity per key. An answer about the key is data (`rejected`); anything else
 * (network, throttling after retries) is thrown for the caller to record as a collection error.
 */
export async function callerIdentityOf(keys: AwsCredentialIdentity, options: { region?: string; runtime?: Runtime } = {}): Promise<CallerIdentity> {
  const rt = options.runtime ?? new Runtime({ maxAttempts: 3 })
  const clients = new Clients(rt, { accountId: 'agent-credential', credentials: async () => keys })
  const sts = await clients.sts(options.region ?? 'us-east-1')
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}))
    return { arn: out.Arn ?? '', accountId: out.Account ?? '' }
  } catch (err) {
    const name = (err as { name?: string }).name ?? ''
    if (KEY_ERRORS.has(name)) return { rejected: name }
    throw err
  }
}
