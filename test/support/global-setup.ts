// Runs once before the suite:
// - finds or installs the tools the tests use as real consumers (test/support/tools.ts), saying
//   so in one line, or stops the run with the one command to run: no test is skipped for them;
// - builds dist/ with `npm run build` (from a clean dist/) so e2e tests run the real CLI (tsc emits even with type
//   errors; `npm run lint` is where those fail CI);
// - makes the SARIF validator executable (npm 11 skips its postinstall);
// - makes sure a moto_server is there for the integration suite: one given by MOTO_ENDPOINT, or
//   one started here on a free port and stopped after the run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { chromiumPath, ensureTools, ToolsError } from './tools.js'

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

async function startMoto(): Promise<void> {
  if (process.env.MOTO_ENDPOINT) return
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  for (let i = 0; i < 120 && !(await answers(endpoint)); i++) await new Promise((r) => setTimeout(r, 250))
  if (!(await answers(endpoint))) throw new Error(`moto_server did not answer on ${endpoint}`)
  process.env.MOTO_ENDPOINT = endpoint
}

export default async function setup(): Promise<() => void> {
  try {
    ensureTools()
  } catch (err) {
    // one line, no stack: the message names the command to run
    if (err instanceof ToolsError) process.exit(1)
    throw err
  }
  process.env.BULKHEAD_CHROMIUM ??= chromiumPath()
  const root = resolve(import.meta.dirname, '../..')
  const multitool = resolve(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool')
  if (existsSync(multitool)) chmodSync(multitool, 0o755)
  if (!process.env.BULKHEAD_SKIP_BUILD) {
    spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
  }
  if (!process.env.BULKHEAD_SKIP_MOTO) await startMoto()
  return () => {
    moto?.kill()
  }
}
