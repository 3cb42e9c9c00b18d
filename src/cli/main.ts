// The command line (spec §1). Each command's work is a lazy import, so `--help` loads commander
// and nothing else. main() returns the exit code; only the bin sets process.exitCode.
import { Command, CommanderError, Option } from 'commander'
import { isBulkheadError, UsageError } from '../errors.js'
import { printable } from '../report/printable.js'
import { VERSION } from './version.js'

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean)
/** repeatable comma lists: `--checks a --checks b,c` selects all three */
const listRepeat = (v: string, prev: string[] = []) => [...prev, ...list(v)]
const positiveInt = (flag: string) => (v: string): number => {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new UsageError(`${flag}: expected a whole number of at least 1, got '${v}'`)
  return Number(v)
}
const collectRepeat = (v: string, prev: string[] = []) => [...prev, v]
const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'csv', 'ocsf', 'asff']
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none']

function awsSourceOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'AWS profile (standard provider chain otherwise: env vars, SSO, instance/container role)')
    .option('--regions <list|all>', 'regions to scan, comma-separated, or "all" enabled regions', 'us-east-1')
    .option('--org', 'list the organization\'s accounts and scan each through --assume-role')
    .option('--assume-role <name>', 'role assumed in each member account with --org', 'OrganizationAccountAccessRole')
    .option('--concurrency <n>', 'API calls in flight at once', positiveInt('--concurrency'), 8)
    .option('--verbose', 'log every API call to stderr')
    .option('--quiet', 'no progress on stderr')
    .option('--allow-partial', 'exit 0 instead of 3 when some data could not be collected')
}

/** Where a scan reads from: a snapshot or live AWS (with its options), workspaces, a config file. */
function scanInputOptions(cmd: Command): Command {
  return awsSourceOptions(
    cmd
      .option('--snapshot <dir|file>', 'snapshot directory (format v1) or a lone get-account-authorization-details JSON file')
      .option('--aws', 'scan live AWS (read-only)'),
  )
    .option('--workspace <dir>', 'local tree to scan for tokens (repeatable)', collectRepeat)
    .option(...CONFIG_OPTION)
}

const CONFIG_OPTION = ['--config <file>', 'bulkhead.config.json|yaml (default: ./bulkhead.config.* if present)'] as const

export function buildProgram(out: { stdout: (s: string) => void; stderr: (s: string) => void }): Command {
  const program = new Command('bulkhead')
    .description('Audit AWS accounts for the mistakes that let one token destroy production and every backup.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces of internal errors')
    .exitOverride()
    // commander's own error lines ("error: …" and a hint on a second line) are not printed:
    // main() prints the one `bulkhead: …` line every other error gets
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr, outputError: () => {} })

  scanInputOptions(
    program
      .command('scan')
      .description('scan a snapshot, a live AWS account or organization, and/or local workspaces; print a scored report'),
  )
    .addOption(new Option('--format <format>', 'report format on stdout or --output').choices(FORMATS).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--report <format=file>', 'also write a report in another format (repeatable)', collectRepeat)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above this').choices(FAIL_ON).default('critical'))
    .option('--checks <ids>', 'run only these checks (comma-separated, repeatable)', listRepeat)
    .option('--skip-checks <ids>', 'do not run these checks (comma-separated, repeatable)', listRepeat)
    .option('--baseline <file>', 'findings in this baseline are marked baselined and do not fail the scan')
    .addOption(new Option('--compliance <framework>', 'add a per-control section').choices(['cis-aws', 'nist-800-53', 'soc2', 'iso-27001']))
    .option('--no-color', 'no ANSI colours (also when NO_COLOR is set or stdout is not a terminal)')
    .action(async (opts) => {
      const { runScan } = await import('./scan.js')
      exitCode = await runScan(opts, out)
    })

  scanInputOptions(
    program
      .command('fix')
      .description('the cheapest set of changes after which no critical (or high) finding remains: new policies, AWS CLI commands, JSON patches (never applied)'),
  )
    .addOption(new Option('--objective <severity>', 'remove every finding at or above this').choices(['critical', 'high']).default('critical'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--output <file>', 'write the plan to a file instead of stdout')
    .option('--checks <ids>', 'run only these checks (comma-separated, repeatable)', listRepeat)
    .option('--skip-checks <ids>', 'do not run these checks (comma-separated, repeatable)', listRepeat)
    .option('--baseline <file>', 'findings in this baseline are accepted: the plan does not aim at them')
    .option('--verify', 'apply the patches in memory, scan again, exit 1 if a claimed removal did not happen')
    .option('--plan <file>', 'with --verify: check this plan (written by fix --format json) instead of planning again')
    .option('--no-color', 'no ANSI colours')
    .action(async (opts) => {
      const { runFix } = await import('./fix.js')
      exitCode = await runFix(opts, out)
    })

  awsSourceOptions(
    program
      .command('collect')
      .description('collect a live account (read-only) into a snapshot directory for later or offline review')
      .requiredOption('--out <dir>', 'snapshot directory to write (replaced only once complete)'),
  ).action(async (opts) => {
    const { runCollect } = await import('./collect.js')
    exitCode = await runCollect({ ...opts, regions: parseRegions(opts.regions) })
  })

  program
    .command('checks')
    .description('the check catalogue: ids, severities, risk classes and compliance mappings')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts) => {
      const { runChecksCommand } = await import('./catalogue.js')
      exitCode = await runChecksCommand(opts.format, out)
    })

  program
    .command('explain')
    .description('what a check catches, why it matters, how to fix it, references')
    .argument('<check-id>')
    .action(async (id: string) => {
      const { runExplain } = await import('./catalogue.js')
      exitCode = await runExplain(id, out)
    })

  program
    .command('baseline')
    .description("accept today's findings: later scans with --baseline fail only on new ones")
    .requiredOption('--from <report.json>', 'a JSON report of bulkhead scan')
    .requiredOption('--out <file>', 'baseline file to write')
    .action(async (opts) => {
      const { runBaseline } = await import('./baseline.js')
      exitCode = await runBaseline({ from: opts.from, out: opts.out }, (l) => out.stderr(`${l}\n`))
    })

  program
    .command('policy')
    .description('print the least-privilege read-only IAM policy a live scan needs')
    .option('--assume-role <name>', 'the role scan --org assumes in member accounts', 'OrganizationAccountAccessRole')
    .action(async (opts) => {
      const { policyDocument } = await import('./policy.js')
      out.stdout(`${JSON.stringify(policyDocument({ assumeRole: opts.assumeRole }), null, 2)}\n`)
      exitCode = 0
    })

  awsSourceOptions(
    program
      .command('agent-check')
      .description('before you start an AI agent here: every credential it would inherit (environment, ~/.aws, caches, workspace) and what each can destroy')
      .option('--snapshot <dir|file>', 'judge against this snapshot (format v1)')
      .option('--aws', 'judge against live AWS (read-only); also asks sts:GetCallerIdentity of each static key found')
      .option('--home <dir>', 'the home directory to read ~/.aws from (default: yours)'),
  )
    .option('--workspace <dir>', 'local tree whose files the agent can read (repeatable)', collectRepeat)
    .option(...CONFIG_OPTION)
    .addOption(new Option('--format <format>', 'report format on stdout or --output').choices(FORMATS).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--report <format=file>', 'also write a report in another format (repeatable)', collectRepeat)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above this').choices(FAIL_ON).default('critical'))
    .option('--no-color', 'no ANSI colours (also when NO_COLOR is set or stdout is not a terminal)')
    .action(async (opts) => {
      const { runAgentCheck } = await import('./agent-check.js')
      exitCode = await runAgentCheck(opts, out)
    })

  program
    .command('reach')
    .description('what one credential can destroy: a principal, an access key id, or a profile of ~/.aws')
    .option('--principal <arn>', 'an IAM user or role of the snapshot')
    .option('--access-key <id>', 'an access key id (AKIA…): judged as if its secret were at hand')
    .option('--profile <name>', 'a profile of ~/.aws/credentials or ~/.aws/config')
    .option('--home <dir>', 'the home directory to read ~/.aws from (default: yours)')
    .option('--snapshot <dir|file>', 'judge against this snapshot (format v1)')
    .option('--aws', 'judge against live AWS (read-only, the default credential chain)')
    .option('--regions <list|all>', 'with --aws: regions to collect', 'us-east-1')
    .option('--org', "with --aws: every account of the organization through --assume-role")
    .option('--assume-role <name>', 'the role assumed in each member account with --org', 'OrganizationAccountAccessRole')
    .option('--concurrency <n>', 'API calls in flight at once', positiveInt('--concurrency'), 8)
    .option('--quiet', 'no progress on stderr')
    .option('--allow-partial', 'exit 0 instead of 3 when some data could not be collected')
    .option(...CONFIG_OPTION)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'no ANSI colours (also when NO_COLOR is set or stdout is not a terminal)')
    .action(async (opts) => {
      const { runReach } = await import('./reach.js')
      exitCode = await runReach(opts, out)
    })

  program
    .command('schema')
    .description('print a JSON Schema')
    .argument('<which>', 'report | config | snapshot')
    .action(async (which: string) => {
      const { runSchema } = await import('./catalogue.js')
      exitCode = await runSchema(which, out)
    })

  return program
}

export function parseRegions(value: string | undefined): string[] | 'all' | undefined {
  if (value === undefined) return undefined
  if (value === 'all') return 'all'
  const regions = list(value)
  for (const r of regions) if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new UsageError(`--regions: '${r}' is not a region name (e.g. us-east-1) or 'all'`)
  return regions
}

let exitCode = 0

/** "error: unknown option '--snapshto'\n(Did you mean --snapshot?)" → one line with the way to help. */
function usageMessage(err: CommanderError): string {
  const what = printable(err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim())
  return `${what} (run with --help for usage)`
}

const PROCESS_OUT = { stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s) }

/**
 * Writes to stdout fail after main() has returned: a reader that went away (`| head`) is no
 * error of ours and ends the run quietly with its verdict; anything else (a full disk) means the
 * report was lost: one line and exit 2, never Node's stack trace and exit 1 ("findings").
 */
function guardStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return
    process.stderr.write(`bulkhead: cannot write the report to stdout (${err.code ?? err.message})\n`)
    stdoutFailed = true
    process.exitCode = 2
  })
}
let stdoutFailed = false

export async function main(argv: string[], out = PROCESS_OUT): Promise<number> {
  exitCode = 0
  if (out === PROCESS_OUT) guardStdout()
  const debug = argv.includes('--debug') || !!process.env.BULKHEAD_DEBUG
  try {
    await buildProgram(out).parseAsync(argv)
    // the error may also come before the bin sets the exit code from this return value
    await new Promise((resolve) => setImmediate(resolve))
    return stdoutFailed ? 2 : exitCode
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; `bulkhead` alone has printed its help; every other commander
      // error is a usage error: one line, exit 2
      if (err.exitCode === 0) return 0
      if (err.code !== 'commander.help') out.stderr(`bulkhead: ${usageMessage(err)}\n`)
      return 2
    }
    // messages carry paths and names from the input: a line break or an escape sequence in them
    // must not forge lines (CI workflow commands) or repaint the terminal
    if (isBulkheadError(err) && err.name !== 'InternalError') {
      out.stderr(`bulkhead: ${printable(err.message)}\n`)
      return err.exitCode
    }
    const message = printable(err instanceof Error ? err.message : String(err))
    out.stderr(`bulkhead: internal error (a bug: please report it): ${message.replaceAll(process.cwd(), '.')}\n`)
    if (debug && err instanceof Error && err.stack) out.stderr(`${err.stack}\n`)
    return 2
  }
}
