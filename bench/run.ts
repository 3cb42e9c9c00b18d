// `npm run bench` (node --expose-gc dist/bench/run.js): each area's benchmark in turn.
import { benchIam } from './iam.js'
import { benchApiCalls } from './api-calls.js'
import { benchWorkspace } from './workspace.js'

await benchIam([100, 1000, 5000])
await benchApiCalls({ quick: process.argv.includes('--quick') })
await benchWorkspace()
