// Colour only on a terminal, never with NO_COLOR or --no-color. `script` gives the CLI a real pty.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { BIN, fixture } from '../support/cli.js'

const ESC = '\u001b['

function onTerminal(args: string, env: Record<string, string> = {}): string {
  const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} ${args}`, '/dev/null'], {
    encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm-256color', ...env },
  })
  return r.stdout
}

describe('text colour', () => {
  const args = `scan --snapshot ${fixture('shared-blast-radius')} --checks rds-only-automated-backups`
  it('is on for an interactive terminal', () => {
    expect(onTerminal(args)).toContain(ESC)
  })
  it('is off with --no-color, with NO_COLOR, and when stdout is not a terminal', () => {
    expect(onTerminal(`${args} --no-color`)).not.toContain(ESC)
    expect(onTerminal(args, { NO_COLOR: '1' })).not.toContain(ESC)
    const piped = spawnSync(process.execPath, [BIN, ...args.split(' ')], { encoding: 'utf8' })
    expect(piped.stdout).toMatch(/rds-only-automated-backups/)
    expect(piped.stdout).not.toContain(ESC)
  })
})
