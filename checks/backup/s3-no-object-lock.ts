// Breaks the chain at "its backups were deleted too", for the data itself: a default retention in
// COMPLIANCE mode keeps every object version for its retention period whatever any principal,
// root included, is allowed to do.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import type { Bucket } from '../../src/inventory/types.js'

/** Why the bucket's versions are not locked against everyone, or undefined when they are. */
function gap(b: Bucket): { state: string; severity?: 'low'; detail: string } | undefined {
  const lock = b.objectLock
  if (lock === undefined) return undefined
  if (lock === null || !lock.enabled) return { state: 'none', detail: 'has no Object Lock' }
  const retention = lock.defaultRetention
  if (!retention) return { state: 'no-default-retention', detail: 'has Object Lock but no default retention, so new versions are locked only when a writer asks' }
  const period = retention.years ? `${retention.years} years` : `${retention.days ?? 0} days`
  if (retention.mode === 'COMPLIANCE') return undefined
  return {
    state: 'governance',
    severity: 'low',
    detail: `locks new versions for ${period} in GOVERNANCE mode, which a principal with s3:BypassGovernanceRetention can delete anyway (low: it still stops everyone else)`,
  }
}

export default defineCheck({
  id: 's3-no-object-lock',
  title: 'Prod bucket does not lock object versions in compliance mode',
  riskClass: 'backup',
  severity: 'medium',
  description:
    'Object Lock with a default retention in COMPLIANCE mode makes every new object version undeletable, by ' +
    'any principal including the root user, until its retention ends: a leaked token can add delete markers but ' +
    'cannot destroy data. GOVERNANCE mode can be bypassed by whoever holds s3:BypassGovernanceRetention (low). ' +
    'Without a default retention only objects written with a retention are locked.',
  remediation:
    'Versioning must be on first; then aws s3api put-object-lock-configuration --bucket <bucket> ' +
    '--object-lock-configuration \'{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":30}}}\'' +
    ' (choose the days as your recovery window: compliance-mode versions cannot be deleted before it ends)',
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html',
  ],
  compliance: { 'nist-800-53': ['CP-9', 'SI-12'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['s3Buckets', 's3ObjectLock'],
  run({ inventory, finding }) {
    return inventory.buckets.filter(isProd).flatMap((b) => {
      const g = gap(b)
      if (!g) return []
      return [
        finding({
          resource: b,
          location: { file: b.files.objectLock },
          severity: g.severity,
          message: `bucket ${b.name} ${g.detail} (required: default retention in COMPLIANCE mode)`,
          evidence: { objectLock: g.state, ...(b.objectLock?.defaultRetention ? { defaultRetention: b.objectLock.defaultRetention } : {}) },
        }),
      ]
    })
  },
})
