// The HTML report in a real headless browser: Debian's chromium (the test setup finds or
// installs it) driven by playwright-core. Network is off for the browser and the page's CSP
// forbids any request.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { render, pathGraph, renderPathSvg } from '../../src/report/html.js'
import { complianceSection } from '../../src/report/compliance.js'
import { ctxOf, dbArn, meta, roleArn, sampleFinding, sampleReport } from '../support/sample-report.js'
import { PROD, STAGING } from '../support/estate.js'
import { assertValidReport } from '../support/report-schema.js'

const OTHER = '333333333333'
const rp = (n: string) => `arn:aws:rds:us-east-1:${PROD}:snapshot:awsbackup:${n}`
const steps = [
  { from: roleArn('ci-runner', STAGING), action: 'sts:AssumeRole', to: roleArn('prod-deployer'), verdict: 'allowed', via: [] },
  { from: roleArn('prod-deployer'), action: 'iam:PutRolePolicy', method: 'put-role-policy', to: `${roleArn('prod-deployer')} (escalated)`, verdict: 'conditional', via: [] },
  { from: `${roleArn('prod-deployer')} (escalated)`, action: 'rds:DeleteDBInstance', resource: dbArn('orders'), verdict: 'allowed', via: [] },
  { from: `${roleArn('prod-deployer')} (escalated)`, action: 'backup:DeleteRecoveryPoint', resource: rp('rp-1'), verdict: 'allowed', via: [] },
]

const checks = [
  meta('unrecoverable-deletion', 'privilege', 'critical', { 'nist-800-53': ['CP-9(7)', 'AC-6'], soc2: ['A1.2'] }),
  meta('rds-deletion-protection-off', 'backup', 'high', { 'nist-800-53': ['CM-3'] }),
  meta('prod-nonprod-same-account', 'isolation', 'medium', { 'nist-800-53': ['SC-32'] }),
  meta('unused-credential', 'privilege', 'low', { 'nist-800-53': ['AC-2(3)'] }),
  meta('shared-db-secret', 'isolation', 'medium', { 'nist-800-53': ['SC-12'] }),
]

function richReport() {
  const findings = [
    sampleFinding({
      checkId: 'unrecoverable-deletion', severity: 'critical', riskClass: 'privilege', resource: dbArn('orders'), principal: roleArn('ci-runner', STAGING),
      message: 'ci-runner (staging) can delete orders and its only surviving recovery point rp-1', evidence: { path: steps },
      compliance: { 'nist-800-53': ['CP-9(7)', 'AC-6'] },
    }),
    sampleFinding({ checkId: 'rds-deletion-protection-off', severity: 'high', resource: dbArn('orders'), evidence: { deletionProtection: false } }),
    sampleFinding({ checkId: 'rds-deletion-protection-off', severity: 'high', resource: dbArn('ledger', OTHER), accountId: OTHER, environment: 'prod' }),
    sampleFinding({ checkId: 'prod-nonprod-same-account', severity: 'medium', riskClass: 'isolation', resource: `arn:aws:iam::${PROD}:root`, message: 'account holds <prod> & "staging" databases' }),
    sampleFinding({ checkId: 'unused-credential', severity: 'low', riskClass: 'privilege', resource: `arn:aws:iam::${STAGING}:user/old-ci`, accountId: STAGING, environment: 'staging' }),
    sampleFinding({
      checkId: 'rds-deletion-protection-off', severity: 'high', resource: dbArn('reports'),
      suppressed: { kind: 'suppression', reason: 'decommissioned next week', owner: 'dba@acme.example', expires: '2026-12-15' },
    }),
  ]
  const base = sampleReport(findings, {
    skipped: [{ checkId: 'shared-db-secret', reason: 'kms aliases not collected (111111111111/us-east-1): optional file absent' }],
    warnings: ['stale suppression: suppression #2 (check=admin-principal; owner sre) matched no finding; remove it'],
  })
  const report = { ...base, compliance: complianceSection(base, checks, 'nist-800-53') }
  assertValidReport(JSON.parse(JSON.stringify(report)))
  return report
}

describe('path graph layout', () => {
  it('turns Step objects into nodes and edges, one column per hop, fan-out stacked', () => {
    const { nodes, edges } = pathGraph(steps)
    expect(nodes.map((n) => [n.col, n.row])).toEqual([[0, 0], [1, 0], [2, 0], [3, 0], [3, 1]])
    expect(edges.map((e) => e.label)).toEqual(['sts:AssumeRole', 'iam:PutRolePolicy (put-role-policy) (conditional)', 'rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint'])
    expect(edges.map((e) => e.conditional)).toEqual([false, true, false, false])
  })

  it('draws a repeated hop once and joins two actions on the same target into one arrow', () => {
    const hop = { from: roleArn('ci', STAGING), action: 'sts:AssumeRole', to: roleArn('deploy'), verdict: 'allowed' }
    const { nodes, edges } = pathGraph([
      hop, { from: roleArn('deploy'), action: 'rds:ModifyDBInstance', resource: dbArn('billing'), verdict: 'allowed' },
      hop, { from: roleArn('deploy'), action: 'rds:DeleteDBInstance', resource: dbArn('billing'), verdict: 'allowed' },
    ])
    expect(nodes).toHaveLength(3)
    expect(edges.map((e) => e.label)).toEqual(['sts:AssumeRole', 'rds:ModifyDBInstance + rds:DeleteDBInstance'])
  })

  it('draws the recovery points a check folded into one step (src/checks/paths.ts) as one node', () => {
    const folded = [
      { from: roleArn('ci', STAGING), action: 'sts:AssumeRole', to: roleArn('deploy'), verdict: 'allowed' },
      { from: roleArn('deploy'), action: 'backup:DeleteRecoveryPoint', resource: '2 recovery points of orders', resources: [rp('rp-1'), rp('rp-2')], verdict: 'allowed' },
    ]
    const { nodes, edges } = pathGraph(folded)
    expect(nodes.map((n) => n.key)).toEqual([roleArn('ci', STAGING), roleArn('deploy'), '2 recovery points of orders'])
    expect(edges).toHaveLength(2)
    expect(renderPathSvg(folded)).toContain('>2 recovery points of orders</text>')
  })

  it('chains plain strings and objects without `from`', () => {
    const { nodes, edges } = pathGraph(['assume role/a', { action: 'rds:DeleteDBInstance', resource: dbArn('orders') }, { description: 'delete rp-1' }])
    expect(nodes.map((n) => n.key)).toEqual(['assume role/a', dbArn('orders'), 'delete rp-1'])
    expect(edges.map((e) => [e.from, e.to, e.label])).toEqual([
      ['assume role/a', dbArn('orders'), 'rds:DeleteDBInstance'],
      [dbArn('orders'), 'delete rp-1', ''],
    ])
  })

  it('escapes labels inside the SVG', () => {
    const svg = renderPathSvg(['<script>alert(1)</script>', 'b & c'])
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;')
    expect(svg).toContain('b &amp; c')
  })
})

describe('HTML report (static)', () => {
  const html = render(richReport(), ctxOf(checks))
  it('is one file that loads nothing from anywhere', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/)
    expect(html).toContain(`content="default-src 'none';`)
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i)
    expect(html).not.toMatch(/url\(/)
  })
  it('escapes finding text', () => {
    expect(html).toContain('account holds &lt;prod&gt; &amp; &quot;staging&quot; databases')
  })
  it('says so when there is nothing to show, without filters', () => {
    const empty = render(sampleReport([]), ctxOf([]))
    expect(empty).toContain('<p>No findings.</p>')
    expect(empty).not.toContain('id="f-severity"')
  })
})

describe('HTML report in headless Chromium', () => {
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const requests: string[] = []
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-html-'))
  const file = join(dir, 'report.html')

  beforeAll(async () => {
    writeFileSync(file, render(richReport(), ctxOf(checks)))
    browser = await chromium.launch({
      executablePath: process.env.BULKHEAD_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`) })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()) })
    await page.goto(pathToFileURL(file).href)
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const visible = () => page.locator('article.finding:visible')

  it('opens with no console errors and makes no request', async () => {
    await expect(page.title()).resolves.toMatch(/^bulkhead report: \d+\/100 \(F\)$/)
    expect(problems).toEqual([])
    expect(requests).toEqual([])
  })

  it('shows score and grade overall and per risk class', async () => {
    const cards = await page.locator('.scores .card').allInnerTexts()
    expect(cards.map((c) => c.split('\n')[0])).toEqual(['OVERALL', 'ISOLATION', 'BACKUP', 'PRIVILEGE'])
    for (const c of cards) expect(c).toMatch(/\n\d+\n[ABCDF]$/)
  })

  it('filters by severity, class, account, environment and status', async () => {
    expect(await visible().count()).toBe(6)
    await page.selectOption('#f-severity', 'high')
    expect(await visible().count()).toBe(3)
    for (const sev of await visible().evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')))) expect(sev).toBe('high')
    await expect(page.locator('#shown').innerText()).resolves.toBe('3 of 6 findings shown')
    await page.selectOption('#f-status', 'open')
    expect(await visible().count()).toBe(2)
    await page.selectOption('#f-account', OTHER)
    expect(await visible().count()).toBe(1)
    await page.selectOption('#f-severity', '')
    await page.selectOption('#f-status', '')
    await page.selectOption('#f-account', '')
    await page.selectOption('#f-class', 'isolation')
    expect(await visible().count()).toBe(1)
    await page.selectOption('#f-class', '')
    await page.selectOption('#f-env', 'staging')
    expect(await visible().evaluateAll((els) => els.map((e) => e.querySelector('.check')!.textContent))).toEqual(['unused-credential'])
    await page.selectOption('#f-env', '')
    await page.selectOption('#f-severity', 'critical')
    expect(await visible().count()).toBe(1)
  })

  it('draws the path of the critical finding as an SVG graph with nodes and arrows', async () => {
    const graph = page.locator('article.finding[data-severity="critical"] svg.path-graph')
    await expect(graph.count()).resolves.toBe(1)
    expect(await graph.locator('g.node').count()).toBe(5)
    expect(await graph.locator('g.edge').count()).toBe(4)
    const box = await graph.boundingBox()
    expect(box!.width).toBeGreaterThan(500)
    expect(box!.height).toBeGreaterThan(40)
    expect(await graph.locator('g.node text.name').first().textContent()).toBe('role/ci-runner')
  })

  it('shows evidence, remediation and the compliance section', async () => {
    const card = page.locator('article.finding[data-severity="critical"]')
    await expect(card.locator('.remediation').innerText()).resolves.toBe('fix unrecoverable-deletion')
    await expect(card.locator('details pre').textContent()).resolves.toContain('"path"')
    await expect(page.locator('#compliance h2').innerText()).resolves.toBe('Compliance: NIST SP 800-53 Rev. 5')
    await expect(page.locator('#compliance tr.status-fail').count()).resolves.toBeGreaterThan(0)
    await expect(page.locator('#compliance tr:has(code:text-is("SC-12")) .status').innerText()).resolves.toBe('not-covered')
  })

  it('saves a screenshot for the CI artifact', async () => {
    await page.selectOption('#f-severity', '')
    const out = resolve(import.meta.dirname, '../../test-output/html-report.png')
    mkdirSync(resolve(out, '..'), { recursive: true })
    const png = await page.screenshot({ path: out, fullPage: true })
    writeFileSync(resolve(out, '../html-report.html'), render(richReport(), ctxOf(checks)))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  })
})
