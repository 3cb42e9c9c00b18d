// S3, once per account whatever --regions says (spec §8): the buckets, and for each its region,
// versioning, Object Lock, replication, policy, lifecycle and tags, asked in the bucket's own
// region. The NotFound answers (no policy, no lock, ...) are absent files, per the file table.
import { FILES, regionOfLocation } from '../snapshot/files.js'
import type { Clients } from './aws.js'
import { collectFile } from './fetch.js'
import type { ScanState } from './state.js'

const PER_BUCKET = [FILES.s3BucketVersioning, FILES.s3ObjectLock, FILES.s3Replication, FILES.s3BucketPolicy, FILES.s3Lifecycle, FILES.s3BucketTagging]

/** `home`: where the account-wide calls go (the scan's first region). */
export async function collectS3(s: ScanState, clients: Clients, account: string, home: string): Promise<void> {
  if (!s.wants('s3Buckets')) return
  const global = { account, region: 'global' }
  const list = await collectFile<{ Buckets: { Name: string; BucketRegion?: string }[] }>(s, clients, FILES.s3Buckets, { ...global, endpointRegion: home })
  await Promise.all(
    (list?.Buckets ?? []).map(async ({ Name: bucket, BucketRegion }) => {
      const names = [bucket]
      const input = { Bucket: bucket }
      let region = BucketRegion
      if (!region) {
        const location = await collectFile<{ LocationConstraint: string | null }>(s, clients, FILES.s3BucketLocation, {
          ...global, names, input, endpointRegion: home,
          // the SDK drops the null of a us-east-1 bucket; the CLI prints it
          shape: (body) => ({ ...body, LocationConstraint: body.LocationConstraint ?? null }),
        })
        // not known: ask at home, where a redirect names the bucket's region (followRegionRedirects)
        region = location ? regionOfLocation(location.LocationConstraint) : home
      }
      await Promise.all(PER_BUCKET.filter((f) => s.wants(f.part)).map((f) => collectFile(s, clients, f, { ...global, names, input, endpointRegion: region })))
    }),
  )
}
