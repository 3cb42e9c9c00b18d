// `npm run bench` (node --expose-gc dist/bench/run.js): each area's benchmark in turn, on
// generated estates. `--quick` (CI) runs the small sizes only.
import { benchIam } from './iam.js'
import { benchApiCalls } from './api-calls.js'
import { benchWorkspace } from './workspace.js'

const quick = process.argv.includes('--quick')

await benchIam(quick ? [100] : [100, 1000, 5000])
await benchApiCalls({ quick })
await benchWorkspace(quick ? 5_000 : 50_000)
