// Throttling, hung connections and verbose logging, over real HTTP: a small fake AWS endpoint
// answers STS and RDS query-protocol calls the way AWS does (XML, 400 Throttling).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectLive } from '../../src/collect/index.js'

const ACCOUNT = '111111111111'
const RDS_NS = 'http://rds.amazonaws.com/doc/2014-10-31/'
let server: Server
let throttleLeft = 0
const seen: string[] = []

function reply(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' })
  res.end(xml)
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const action = /Action=(\w+)/.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '?'
  seen.push(action)
  if (action === 'GetCallerIdentity') {
    return reply(res, 200, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
  }
  if (action === 'ListAccountAliases') {
    return reply(res, 200, `<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult><AccountAliases><member>acme-prod</member></AccountAliases><IsTruncated>false</IsTruncated></ListAccountAliasesResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListAccountAliasesResponse>`)
  }
  if (action === 'DescribeDBInstances') {
    if (throttleLeft > 0) {
      throttleLeft--
      return reply(res, 400, `<ErrorResponse xmlns="${RDS_NS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
    }
    return reply(res, 200, `<DescribeDBInstancesResponse xmlns="${RDS_NS}"><DescribeDBInstancesResult><DBInstances/></DescribeDBInstancesResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`)
  }
  // DescribeDBClusters: the connection hangs, as a black-holed endpoint would.
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  Object.assign(process.env, { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' })
})
afterAll(() => {
  server.closeAllConnections()
  return new Promise<void>((r) => server.close(() => r()))
})

describe('collector robustness over HTTP', () => {
  it('retries throttling until it succeeds, times out a hung call into errors[], and counts every attempt', async () => {
    throttleLeft = 2
    seen.length = 0
    const lines: string[] = []
    const started = Date.now()
    const result = await collectLive({ regions: ['us-east-1'], parts: ['rds'], requestTimeoutMs: 300, maxAttempts: 3, verbose: true, stderr: { isTTY: false, write: (t: string) => (lines.push(t), true) } })
    expect(Date.now() - started).toBeLessThan(20_000)
    const files = result.source.list()
    expect(files).toContain(`${ACCOUNT}/us-east-1/rds-describe-db-instances.json`)
    const manifest = JSON.parse(result.source.readText('snapshot.json') ?? '{}') as { errors: { file: string; operation: string; message: string }[] }
    expect(manifest.errors).toEqual([{ file: `${ACCOUNT}/us-east-1/rds-describe-db-clusters.json`, operation: 'rds:DescribeDBClusters', message: expect.stringMatching(/timeout|timed out/i) }])
    expect(seen.filter((a) => a === 'DescribeDBInstances')).toHaveLength(3)
    expect(seen.filter((a) => a === 'DescribeDBClusters')).toHaveLength(3)
    // 1 identity + 1 alias + 3 describe-instances attempts + 3 describe-clusters attempts
    expect(result.apiCalls).toBe(8)
    expect(result.minimumCalls).toBe(2)
    expect(lines.join('')).toMatch(/^iam:ListAccountAliases 111111111111\/us-east-1 \d+ms$/m)
    expect(lines.join('')).toMatch(/^rds:DescribeDBInstances 111111111111\/us-east-1 \d+ms$/m)
    expect(lines.join('')).toMatch(/^rds:DescribeDBClusters 111111111111\/us-east-1 failed after \d+ms: \w+$/m)
  })
})
