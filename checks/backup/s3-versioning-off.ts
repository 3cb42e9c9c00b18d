// Breaks the chain at "one delete call": without versioning, DeleteObject (or a lifecycle rule
// that expires everything) destroys the object itself; with it, a delete leaves the versions.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'

export default defineCheck({
  id: 's3-versioning-off',
  title: 'Prod bucket does not keep object versions',
  riskClass: 'backup',
  severity: 'high',
  description:
    'With versioning off (never enabled, or Suspended) an s3:DeleteObject call or an overwrite destroys the ' +
    'object for good, and a lifecycle expiration rule (s3:PutLifecycleConfiguration) empties the bucket within ' +
    'a day. With versioning Enabled a delete only adds a delete marker: destroying data then needs ' +
    's3:DeleteObjectVersion or a NoncurrentVersionExpiration rule, which Object Lock, MFA delete and a bucket ' +
    'policy can stop. Versioning is also what replication and Object Lock require.',
  remediation: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html',
  ],
  compliance: { 'cis-aws': ['2.1.2'], 'nist-800-53': ['CP-9', 'CP-10'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['s3Buckets', 's3Versioning'],
  run({ inventory, finding }) {
    return inventory.buckets
      .filter(isProd)
      .filter((b) => b.versioning !== undefined && b.versioning !== 'Enabled')
      .map((b) =>
        finding({
          resource: b,
          location: { file: b.files.versioning },
          message: `bucket ${b.name} has versioning ${b.versioning === 'Off' ? 'never enabled' : 'Suspended'} (required: Enabled for prod), so one DeleteObject or lifecycle expiration destroys its objects for good`,
          evidence: { versioning: b.versioning, mfaDelete: b.mfaDelete ?? false },
        }),
      )
  },
})
