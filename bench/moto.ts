// The wire-level AWS emulator for the integration tests and the API-call benchmark: moto_server.
// Given MOTO_ENDPOINT (a running one) we use it; without it we start our own on a free port,
// and without the moto_server command we fail with a message saying how to get it (never a
// silent skip).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export interface Moto {
  endpoint: string
  /** forgets every resource of every account */
  reset(): Promise<void>
  stop(): Promise<void>
}

const HOW = 'set MOTO_ENDPOINT to a running moto_server, or install it: pip install "moto[server]==5.2.5"'

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) })
    return res.ok
  } catch {
    return false
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitUntilUp(endpoint: string, child: ChildProcess | undefined, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await answers(endpoint)) return
    if (child && child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode} before answering on ${endpoint}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${ms / 1000}s`)
}

/** moto_server, or the same server as a Python module when pip put no command on the PATH. */
function motoCommand(): string[] | undefined {
  if (spawnSync('sh', ['-c', 'command -v moto_server']).status === 0) return ['moto_server']
  if (spawnSync('python3', ['-c', 'import moto.server']).status === 0) return ['python3', '-m', 'moto.server']
  return undefined
}

export async function startMoto(): Promise<Moto> {
  let endpoint = process.env.MOTO_ENDPOINT
  let child: ChildProcess | undefined
  if (endpoint) {
    if (!(await answers(endpoint))) throw new Error(`MOTO_ENDPOINT=${endpoint} does not answer; ${HOW}`)
  } else {
    const command = motoCommand()
    if (!command) throw new Error(`integration tests need moto: ${HOW}`)
    const port = await freePort()
    endpoint = `http://127.0.0.1:${port}`
    child = spawn(command[0], [...command.slice(1), '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
    await waitUntilUp(endpoint, child, 30_000)
  }
  const url = endpoint
  return {
    endpoint: url,
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' })
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`)
    },
    async stop() {
      if (!child || child.exitCode !== null) return
      const exited = new Promise((r) => child!.once('exit', r))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** The environment a CLI process needs to talk to moto as the management account. */
export function motoEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
}
