// Runs once before the suite:
// - builds dist/ so e2e tests run the real CLI (tsc emits even with type errors; `npm run lint`
//   is where those fail CI);
// - makes the SARIF validator executable (npm 11 skips its postinstall);
// - makes sure a moto_server is there for the integration suite: CI starts one and sets
//   MOTO_ENDPOINT; on a fresh developer clone we start it here (installing the pinned moto with
//   pip first if it is missing) and stop it after the run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'

export const MOTO_REQUIREMENT = 'moto[server]==5.2.5'
let moto: ChildProcess | undefined

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => ok(port))
    })
  })
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const r = await fetch(`${endpoint}/moto-api/`)
    return r.ok
  } catch {
    return false
  }
}

async function ensureMoto(): Promise<void> {
  if (process.env.MOTO_ENDPOINT) return
  const has = () => spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0
  if (!has()) {
    process.stderr.write(`global setup: moto_server not found; installing ${MOTO_REQUIREMENT} with pip\n`)
    spawnSync('python3', ['-m', 'pip', 'install', '--quiet', MOTO_REQUIREMENT], { stdio: 'inherit' })
    if (!has()) throw new Error(`moto_server is not installed and pip could not install ${MOTO_REQUIREMENT}: the integration suite needs it`)
  }
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  for (let i = 0; i < 120 && !(await answers(endpoint)); i++) await new Promise((r) => setTimeout(r, 250))
  if (!(await answers(endpoint))) throw new Error(`moto_server did not answer on ${endpoint}`)
  process.env.MOTO_ENDPOINT = endpoint
}

export default async function setup(): Promise<() => void> {
  const root = resolve(import.meta.dirname, '../..')
  const multitool = resolve(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool')
  if (existsSync(multitool)) chmodSync(multitool, 0o755)
  if (!process.env.BULKHEAD_SKIP_BUILD) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' })
  if (!process.env.BULKHEAD_SKIP_MOTO) await ensureMoto()
  return () => {
    moto?.kill()
  }
}
