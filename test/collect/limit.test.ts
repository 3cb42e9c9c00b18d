import { describe, expect, it } from 'vitest'
import { Limiter } from '../../src/collect/limit.js'
import { Progress } from '../../src/collect/progress.js'

describe('Limiter', () => {
  it('never runs more than its size at once, and runs everything', async () => {
    const limiter = new Limiter(3)
    let active = 0
    let peak = 0
    const task = async (i: number) => {
      active++
      peak = Math.max(peak, active)
      await new Promise((r) => setTimeout(r, 2 + (i % 3)))
      active--
      return i
    }
    const out = await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.run(() => task(i))))
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(peak).toBe(3)
    expect(limiter.inFlight).toBe(0)
  })
  it('frees the slot of a failed task', async () => {
    const limiter = new Limiter(1)
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next')
  })
  it('refuses a size below 1', () => {
    expect(() => new Limiter(0)).toThrow(RangeError)
  })
})

describe('Progress', () => {
  it('draws on a TTY and clears its line at the end', () => {
    let out = ''
    const p = Progress.for({ isTTY: true, write: (t) => ((out += t), true) }, false, () => 42)
    p.addAccounts(2)
    expect(out).toContain('accounts 0/2')
    p.finish()
    expect(out.endsWith('\r\x1b[2K')).toBe(true)
    expect(p.line()).toBe('collecting: accounts 0/2, services 0/0, 42 calls, 0 errors')
  })
  it('is silent when stderr is not a TTY, or with quiet', () => {
    let out = ''
    const write = (t: string) => ((out += t), true)
    Progress.for({ isTTY: false, write }, false, () => 0).addAccounts(1)
    Progress.for({ isTTY: true, write }, true, () => 0).addAccounts(1)
    expect(out).toBe('')
  })
})
