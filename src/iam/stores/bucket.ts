// How an S3 bucket's data is destroyed for good (spec §8): every current object, and every
// version when versioning is on. s3:DeleteBucket is not needed (an emptied bucket holds nothing).
// Each entry gives its AWS reference.
import type { Bucket } from '../../inventory/types.js'
import type { PointWays, Need, Way } from './model.js'

export function bucketWays(b: Bucket): PointWays {
  const objects = `${b.arn}/*`
  const retention = b.objectLock?.enabled ? b.objectLock.defaultRetention?.mode : undefined
  // Object Lock default retention in COMPLIANCE mode: no user, root included, deletes a locked
  // version before its retention ends (S3 User Guide, "Object Lock: retention modes")
  if (retention === 'COMPLIANCE') return { ways: [], reason: `bucket ${b.name} locks every object version in COMPLIANCE mode` }
  const versioned = b.versioning !== 'Off' // Enabled, Suspended (old versions stay), or not collected: not claimed off
  // MFA delete: deleting a version needs the root user's MFA, which no IAM principal has, and no
  // lifecycle configuration can be set (S3 User Guide, "Configuring MFA delete")
  if (versioned && b.mfaDelete) return { ways: [], reason: `bucket ${b.name} has MFA delete on: no IAM principal can delete its versions` }
  const ways: Way[] = []
  if (!versioned) {
    // versioning never enabled: DeleteObject removes the data for good
    ways.push({ how: 'delete-objects', needs: [{ actions: ['s3:DeleteObject'], resource: objects, policyOf: b.arn }] })
  } else {
    // versioning on: a plain delete only adds a delete marker; DeleteObjectVersion removes a
    // version for good (S3 User Guide, "Deleting object versions"); GOVERNANCE-mode retention also
    // needs s3:BypassGovernanceRetention
    const needs: Need[] = [{ actions: ['s3:DeleteObjectVersion'], resource: objects, policyOf: b.arn }]
    if (retention === 'GOVERNANCE') needs.push({ actions: ['s3:BypassGovernanceRetention'], resource: objects, policyOf: b.arn })
    ways.push({ how: 'delete-versions', needs })
  }
  // a lifecycle rule (Expiration, NoncurrentVersionExpiration) has S3 delete everything within
  // about a day; lifecycle never removes a version under Object Lock retention
  // (S3 User Guide, "Lifecycle and Object Lock")
  if (!retention) ways.push({ how: 'lifecycle-expiration', needs: [{ actions: ['s3:PutLifecycleConfiguration'], resource: b.arn, policyOf: b.arn }] })
  if (!b.policy) return { ways }
  // a bucket-policy Deny stops these only while the policy stands: whoever may rewrite or delete
  // it (s3:PutBucketPolicy, s3:DeleteBucketPolicy, not denied by the policy itself) goes around it
  const rewrite: Need = { actions: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'], resource: b.arn, policyOf: b.arn }
  const around = ways.map((w): Way => ({ ...w, policyRewrite: true, needs: [rewrite, ...w.needs.map((n) => ({ ...n, bare: true }))] }))
  return { ways: [...ways, ...around] }
}
