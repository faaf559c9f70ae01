import { expect, it } from 'vitest'
import { blockingBanner } from '../../src/cli/blocking-banner.ts'

it('wharf dev frames a blocked-loop warning with its hint; other lines are left to pino-pretty', () => {
  const line = JSON.stringify({
    level: 40,
    event: 'event-loop-blocked',
    blockedMs: 512,
    msg: 'Event loop blocked for 512 ms by GET /block (request r-1): await the I/O instead of blocking on it, or move CPU-bound work to a worker thread (docs/async-io.md)',
  })
  const rule = '─'.repeat(72)
  expect(blockingBanner(line, false)).toBe(
    [
      rule,
      '⚠  Event loop blocked for 512 ms by GET /block (request r-1)',
      '   Every other request waited meanwhile.',
      '   Hint: await the I/O instead of blocking on it, or move CPU-bound work to a worker thread (docs/async-io.md).',
      rule,
      '',
    ].join('\n'),
  )
  expect(blockingBanner('{"level":30,"msg":"GET / 200 0.4ms"}', false)).toBeUndefined()
  expect(blockingBanner('not json "event":"event-loop-blocked"', false)).toBeUndefined()
})
