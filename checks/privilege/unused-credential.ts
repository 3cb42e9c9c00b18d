// Breaks the chain at "a token created for an unrelated chore": a credential nobody has used in
// months does no work, only waits to be found.
import { defineCheck, integer } from '../../src/checks/define.js'
import { maskAccessKeyId } from '../../src/inventory/access-key.js'
import { ageHours } from '../../src/inventory/recovery.js'
import type { Principal } from '../../src/inventory/types.js'

interface Unused {
  credential: string
  /** last use, or undefined when never used */
  lastUsedAt?: string
  /** what the age was measured from */
  since: string
  unusedDays: number
}

const days = (then: string, now: string): number => Math.floor(ageHours(then, now) / 24)

/** Active credentials idle for more than `limit` days; a never-used one counts from its creation. */
function unusedCredentials(user: Principal, now: string, limit: number): Unused[] {
  const creds = user.credentials
  if (!creds) return []
  const found: Unused[] = []
  for (const key of creds.accessKeys.filter((k) => k.active)) {
    const since = key.lastUsedAt ?? key.createdAt
    if (!since) continue
    found.push({ credential: `access key ${key.id ? maskAccessKeyId(key.id) : '(id unknown)'}`, lastUsedAt: key.lastUsedAt, since, unusedDays: days(since, now) })
  }
  if (creds.passwordEnabled) {
    const since = creds.passwordLastUsedAt ?? creds.passwordLastChangedAt
    if (since) found.push({ credential: 'console password', lastUsedAt: creds.passwordLastUsedAt, since, unusedDays: days(since, now) })
  }
  return found.filter((u) => ageHours(u.since, now) >= limit * 24).sort((a, b) => b.unusedDays - a.unusedDays)
}

export default defineCheck({
  id: 'unused-credential',
  title: 'IAM user has an active access key or console password unused for too long',
  riskClass: 'privilege',
  severity: 'low',
  description:
    'An active access key or console password that has not been used for months is not needed, yet still ' +
    'works for whoever finds it. Idle time is measured from the last use in the credential report (or from ' +
    'creation, for a credential never used) to the time the inventory was collected. The root user is left ' +
    'to root-access-key; break-glass users are skipped and listed as skipped. CIS 1.12 sets 45 days.',
  remediation:
    'aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive ' +
    '(then aws iam delete-access-key), and for an unused password: aws iam delete-login-profile --user-name <user>',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  compliance: { 'cis-aws': ['1.12'], 'nist-800-53': ['AC-2', 'AC-2(3)'], soc2: ['CC6.2'], 'iso-27001': ['A.5.18'] },
  needs: ['credentialReport'],
  options: { maxUnusedDays: integer({ min: 1, default: 90, doc: 'days an active credential may go unused' }) },
  run({ inventory, options, finding, skip }) {
    return inventory.principals
      .filter((p) => p.kind === 'user')
      .flatMap((user) => {
        const unused = unusedCredentials(user, inventory.collectedAt, options.maxUnusedDays)
        if (unused.length === 0) return []
        if (user.breakGlass) {
          skip(`${user.arn}: break-glass user (has ${unused.length} credential(s) unused for ${options.maxUnusedDays}+ days)`, user.arn)
          return []
        }
        const top = unused[0]
        const how = top.lastUsedAt ? `unused for ${top.unusedDays} days` : `never used in the ${top.unusedDays} days since it was set`
        const more = unused.length > 1 ? ` (and ${unused.length - 1} more)` : ''
        return [
          finding({
            resource: user,
            principal: user,
            message: `user ${user.name} has an active ${top.credential} ${how}${more} (limit ${options.maxUnusedDays} days)`,
            evidence: { unused, maxUnusedDays: options.maxUnusedDays, collectedAt: inventory.collectedAt },
          }),
        ]
      })
  },
})
