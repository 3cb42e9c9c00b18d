// Runs several fuzz mutants in one process through the built CLI's entry point (what
// bin/bulkhead.js calls: main(argv) from dist/), so the suite spawns two processes instead of
// hundreds. For each job: `start` is written before the run (a batch killed on its time limit
// shows which mutant hung), then the exit code, the time taken, stderr, and what stdout held.
// Usage: node test/fuzz/batch.mjs <jobs.json> <results.jsonl>  (FUZZ_DIST: another build's main.js)
import { appendFileSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const [jobsFile, resultsFile] = process.argv.slice(2)
const jobs = JSON.parse(readFileSync(jobsFile, 'utf8'))
const { main } = await import(process.env.FUZZ_DIST ?? resolve(import.meta.dirname, '../../dist/src/cli/main.js'))

// a raw control character other than a line feed, a tab or CSV's CRLF row end
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/

for (const job of jobs) {
  appendFileSync(resultsFile, `${JSON.stringify({ start: job.id })}\n`)
  let stdout = ''
  let stderr = ''
  const started = performance.now()
  let code
  try {
    process.chdir(job.cwd)
    code = await main(['node', 'bulkhead', ...job.args], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) })
  } catch (err) {
    // main() catches everything: an error escaping it is a failure the harness reports
    code = `threw: ${err instanceof Error ? err.stack : String(err)}`
  }
  const ms = Math.round(performance.now() - started)
  appendFileSync(resultsFile, `${JSON.stringify({ id: job.id, code, ms, stderr, stdoutBytes: stdout.length, stdoutRawControl: RAW_CONTROL.exec(stdout)?.[0] ?? null, stdoutHead: stdout.slice(0, 120) })}\n`)
}
