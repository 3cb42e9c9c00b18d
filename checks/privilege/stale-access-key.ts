// Breaks the chain at "a token created for an unrelated chore, long ago": the older an active
// key, the more places it has been copied to and the less anyone remembers it exists.
import { defineCheck, integer } from '../../src/checks/define.js'
import { maskAccessKeyId } from '../../src/inventory/access-key.js'
import { ageHours } from '../../src/inventory/recovery.js'

/** whole days, as a person counts them, unless that would read as exactly the limit */
function ageDays(then: string, now: string, limit: number): number {
  const exact = ageHours(then, now) / 24
  return Math.floor(exact) > limit ? Math.floor(exact) : Math.round(exact * 10) / 10
}

export default defineCheck({
  id: 'stale-access-key',
  title: 'IAM user has an active access key older than the rotation limit',
  riskClass: 'privilege',
  severity: 'medium',
  description:
    'Long-lived access keys leak through repositories, CI logs, laptops and agent context; rotating them bounds ' +
    'how long a leaked copy works. Ages are measured from the credential report creation dates to the time ' +
    'the inventory was collected. Break-glass users are skipped and listed as skipped.',
  remediation:
    'aws iam create-access-key --user-name <user>, move consumers to the new key, then ' +
    'aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive and ' +
    'aws iam delete-access-key --user-name <user> --access-key-id <old-key-id>',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  compliance: { 'cis-aws': ['1.14'], 'nist-800-53': ['IA-5'], soc2: ['CC6.1'], 'iso-27001': ['A.5.17'] },
  needs: ['credentialReport'],
  options: { maxKeyAgeDays: integer({ min: 1, default: 90, doc: 'oldest age in days an active access key may reach before rotation' }) },
  run({ inventory, options, finding, skip }) {
    return inventory.principals
      .filter((p) => p.kind === 'user')
      .flatMap((user) => {
        const stale = (user.credentials?.accessKeys ?? [])
          .filter((k) => k.active && k.createdAt)
          .filter((k) => ageHours(k.createdAt!, inventory.collectedAt) > options.maxKeyAgeDays * 24)
          .map((k) => ({ id: k.id && maskAccessKeyId(k.id), createdAt: k.createdAt!, ageDays: ageDays(k.createdAt!, inventory.collectedAt, options.maxKeyAgeDays) }))
          .sort((a, b) => b.ageDays - a.ageDays)
        if (stale.length === 0) return []
        if (user.breakGlass) {
          skip(`${user.arn}: break-glass user (has ${stale.length} active access key(s) older than ${options.maxKeyAgeDays} days)`, user.arn)
          return []
        }
        const more = stale.length > 1 ? ` and ${stale.length - 1} more` : ''
        return [
          finding({
            resource: user,
            principal: user,
            message: `user ${user.name} has an active access key ${stale[0].ageDays} days old${more} (rotation limit ${options.maxKeyAgeDays} days)`,
            evidence: { staleAccessKeys: stale, maxKeyAgeDays: options.maxKeyAgeDays, collectedAt: inventory.collectedAt },
          }),
        ]
      })
  },
})
