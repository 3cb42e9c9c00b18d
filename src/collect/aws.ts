// AWS clients for the collector. Every SDK module is imported here, lazily, so `--help`,
// `checks` and snapshot scans never load the SDK. Every client gets the same three plugins:
// the read-only guard, the shared concurrency limit, and the request counter.
import type { AwsCredentialIdentityProvider, FinalizeRequestMiddleware, InitializeMiddleware, Pluggable } from '@smithy/types'
import type { BackupClient } from '@aws-sdk/client-backup'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { KMSClient } from '@aws-sdk/client-kms'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { OrganizationsClient } from '@aws-sdk/client-organizations'
import type { RDSClient } from '@aws-sdk/client-rds'
import type { S3Client } from '@aws-sdk/client-s3'
import type { STSClient } from '@aws-sdk/client-sts'
import { InternalError, UsageError } from '../errors.js'
import type { Service } from './calls.js'
import { readOnlyGuard, operationOf } from './guard.js'
import { Limiter } from './limit.js'

export interface RuntimeOptions {
  profile?: string
  concurrency?: number
  /** attempts per call, retries on throttling and 5xx included */
  maxAttempts?: number
  /** per attempt: a hung connection fails the call instead of the scan */
  requestTimeoutMs?: number
  /** one line per request (verbose) */
  log?: (line: string) => void
}

/** State shared by every client of one scan. */
export class Runtime {
  readonly limiter: Limiter
  /** HTTP requests sent, retries included */
  requests = 0
  /** the same, per service */
  readonly requestsByService = new Map<string, number>()
  /** every `service:Operation` the guard let through */
  readonly actions = new Set<string>()
  constructor(readonly options: RuntimeOptions) {
    // The SDK warns on Node 20 about its own future releases; bulkhead pins its SDK, so the
    // warning would only tell users about something they cannot act on.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
    const concurrency = options.concurrency ?? 8
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency: expected a positive whole number of calls in flight, got ${concurrency}`)
    this.limiter = new Limiter(concurrency)
  }
}

/** Whose credentials a client uses: the caller's own, or a role assumed in a member account. */
export interface Session {
  accountId: string
  /** undefined = the standard provider chain (with the profile) */
  credentials?: AwsCredentialIdentityProvider
}

function limitPlugin(rt: Runtime): Pluggable<object, object> {
  const mw: InitializeMiddleware<object, object> = (next) => (args) => rt.limiter.run(() => next(args))
  return { applyToStack: (stack) => stack.add(mw, { step: 'initialize', priority: 'low', name: 'bulkheadLimit', override: true }) }
}

/** After the retry middleware, so it sees every attempt on the wire. */
export function countPlugin(rt: Runtime, service: Service, where: string): Pluggable<object, object> {
  const mw: FinalizeRequestMiddleware<object, object> = (next, context) => async (args) => {
    rt.requests++
    rt.requestsByService.set(service, (rt.requestsByService.get(service) ?? 0) + 1)
    const started = Date.now()
    const action = `${service}:${operationOf(context.commandName)}`
    try {
      const out = await next(args)
      rt.options.log?.(`${action} ${where} ${Date.now() - started}ms`)
      return out
    } catch (err) {
      rt.options.log?.(`${action} ${where} failed after ${Date.now() - started}ms: ${(err as Error).name}`)
      throw err
    }
  }
  return { applyToStack: (stack) => stack.add(mw, { step: 'finalizeRequest', priority: 'low', name: 'bulkheadCount', override: true }) }
}

function config(rt: Runtime, session: Session, region: string, service: Service) {
  return {
    region,
    // a bucket asked in the wrong region answers a redirect to its own; S3 only
    ...(service === 's3' ? { followRegionRedirects: true } : {}),
    ...(rt.options.profile ? { profile: rt.options.profile } : {}),
    ...(session.credentials ? { credentials: session.credentials } : {}),
    retryMode: 'adaptive',
    maxAttempts: rt.options.maxAttempts ?? 5,
    // Without throwOnRequestTimeout this SDK only logs a warning and keeps waiting on a hung socket.
    requestHandler: { requestTimeout: rt.options.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000, throwOnRequestTimeout: true },
  }
}

interface Stacked {
  middlewareStack: object
}

function instrument<C extends Stacked>(client: C, rt: Runtime, service: Service, where: string): C {
  // Each client's stack is typed by its own input/output unions; the plugins work on any.
  const stack = client.middlewareStack as { use(p: Pluggable<object, object>): void }
  stack.use(readOnlyGuard(service, (a) => rt.actions.add(a)))
  stack.use(limitPlugin(rt))
  stack.use(countPlugin(rt, service, where))
  return client
}

/** Each service's SDK module, imported on first use, and the name of its client class. */
const SDK: Record<Service, { load: () => Promise<object>; client: string }> = {
  sts: { load: () => import('@aws-sdk/client-sts'), client: 'STSClient' },
  iam: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' },
  organizations: { load: () => import('@aws-sdk/client-organizations'), client: 'OrganizationsClient' },
  ec2: { load: () => import('@aws-sdk/client-ec2'), client: 'EC2Client' },
  rds: { load: () => import('@aws-sdk/client-rds'), client: 'RDSClient' },
  backup: { load: () => import('@aws-sdk/client-backup'), client: 'BackupClient' },
  kms: { load: () => import('@aws-sdk/client-kms'), client: 'KMSClient' },
  secretsmanager: { load: () => import('@aws-sdk/client-secrets-manager'), client: 'SecretsManagerClient' },
  s3: { load: () => import('@aws-sdk/client-s3'), client: 'S3Client' },
  dynamodb: { load: () => import('@aws-sdk/client-dynamodb'), client: 'DynamoDBClient' },
}

/** IAM and Organizations are global: their endpoints live in us-east-1 for the aws partition. */
const GLOBAL_SERVICES: ReadonlySet<Service> = new Set(['iam', 'organizations'])

type Constructor = new (arg: object) => unknown
interface Sender extends Stacked {
  send(command: unknown): Promise<object>
}

function member(mod: object, name: string, what: string): Constructor {
  const value = (mod as Record<string, unknown>)[name]
  if (typeof value !== 'function') throw new InternalError(`the AWS SDK has no ${what} ${name}`)
  return value as Constructor
}

/** Lazily built, cached clients of one session. */
export class Clients {
  private readonly cache = new Map<string, Promise<unknown>>()
  constructor(
    readonly rt: Runtime,
    readonly session: Session,
  ) {}

  /** The session's client of `service` (in us-east-1 for the global ones), guarded, limited and counted. */
  client<C extends Stacked>(service: Service, region: string): Promise<C> {
    const where = GLOBAL_SERVICES.has(service) ? 'us-east-1' : region
    const key = `${service}/${where}`
    let client = this.cache.get(key) as Promise<C> | undefined
    if (!client) {
      client = SDK[service].load().then((mod) => {
        const made = new (member(mod, SDK[service].client, 'client'))(config(this.rt, this.session, where, service)) as C
        return instrument(made, this.rt, service, `${this.session.accountId}/${where}`)
      })
      this.cache.set(key, client)
    }
    return client
  }

  /** Sends `<operation>Command` of the service's SDK: how the collector makes the calls of its table. */
  async send(service: Service, region: string, operation: string, input: object): Promise<Record<string, unknown>> {
    const [mod, client] = await Promise.all([SDK[service].load(), this.client<Sender>(service, region)])
    const Command = member(mod, `${operation}Command`, 'command')
    return (await client.send(new Command(input))) as Record<string, unknown>
  }

  sts(region: string): Promise<STSClient> {
    return this.client('sts', region)
  }
  iam(): Promise<IAMClient> {
    return this.client('iam', 'us-east-1')
  }
  organizations(): Promise<OrganizationsClient> {
    return this.client('organizations', 'us-east-1')
  }
  ec2(region: string): Promise<EC2Client> {
    return this.client('ec2', region)
  }
  rds(region: string): Promise<RDSClient> {
    return this.client('rds', region)
  }
  backup(region: string): Promise<BackupClient> {
    return this.client('backup', region)
  }
  kms(region: string): Promise<KMSClient> {
    return this.client('kms', region)
  }
  secretsManager(region: string): Promise<SecretsManagerClient> {
    return this.client('secretsmanager', region)
  }
  s3(region: string): Promise<S3Client> {
    return this.client('s3', region)
  }
  dynamodb(region: string): Promise<DynamoDBClient> {
    return this.client('dynamodb', region)
  }
}

/** The standard provider chain, for the profile when one is given. */
export async function baseCredentials(profile: string | undefined): Promise<AwsCredentialIdentityProvider> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
  return fromNodeProviderChain(profile ? { profile } : {})
}

/**
 * Credentials of `roleArn`, assumed with the base credentials. The provider's own STS client is
 * guarded and counted too, but not limited: it runs inside a limited call that is signing, and
 * waiting there for a free slot could deadlock the scan.
 */
export async function assumedCredentials(rt: Runtime, roleArn: string, base: AwsCredentialIdentityProvider, region: string): Promise<AwsCredentialIdentityProvider> {
  const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers')
  return fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: 'bulkhead-collect', DurationSeconds: 3600 },
    masterCredentials: base,
    clientConfig: { region, ...(rt.options.profile ? { profile: rt.options.profile } : {}), retryMode: 'adaptive', maxAttempts: rt.options.maxAttempts ?? 5 },
    clientPlugins: [readOnlyGuard('sts', (a) => rt.actions.add(a)), countPlugin(rt, 'sts', roleArn)],
  })
}

/** The region the profile or environment names, for scans without --regions. */
export async function defaultRegion(profile: string | undefined): Promise<string> {
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION
  if (fromEnv) return fromEnv
  try {
    const { STSClient } = await import('@aws-sdk/client-sts')
    const client = new STSClient(profile ? { profile } : {})
    return await client.config.region()
  } catch {
    return 'us-east-1'
  }
}
