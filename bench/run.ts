// `npm run bench` (node --expose-gc dist/bench/run.js): each area's benchmark in turn, on
// generated estates. `--quick` (CI) runs the small sizes only; `--only iam|api|workspace` one area;
// `--estates 5k,org-10x1k` some of the IAM estates (1k, 5k, 20k, org-3x300, org-10x1k).
import { benchIam } from './iam.js'
import { benchApiCalls } from './api-calls.js'
import { benchWorkspace } from './workspace.js'

const quick = process.argv.includes('--quick')
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
const estates = process.argv.includes('--estates') ? process.argv[process.argv.indexOf('--estates') + 1].split(',') : undefined
const runs = process.argv.includes('--runs') ? Number(process.argv[process.argv.indexOf('--runs') + 1]) : 1

if (!only || only === 'iam') await benchIam(estates ?? (quick ? ['1k', 'org-3x300'] : ['1k', '5k', '20k', 'org-3x300', 'org-10x1k']), runs)
if (!only || only === 'api') await benchApiCalls({ quick })
if (!only || only === 'workspace') await benchWorkspace(quick ? 5_000 : 50_000)
