// Runs once before the suite: builds dist/ so e2e tests run the real CLI, and makes the
// SARIF validator executable (npm 11 skips its postinstall).
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'

export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..')
  const multitool = resolve(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool')
  if (existsSync(multitool)) chmodSync(multitool, 0o755)
  // tsc emits even with type errors; `npm run lint` is where type errors fail CI.
  if (!process.env.BULKHEAD_SKIP_BUILD) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' })
}
