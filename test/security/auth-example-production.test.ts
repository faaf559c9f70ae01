import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CliProcess, get, runCli } from '../cli/harness.ts'

const APP = fileURLToPath(new URL('../../examples/auth/app.ts', import.meta.url))
const serveArgs = ['run', APP, '--host', '127.0.0.1', '--port', '0']

describe('examples/auth under `wharf run` (production)', () => {
  it('refuses to start without AUTH_SECRET: the development secret is public', async () => {
    // NODE_ENV empty: as on a fresh server, where `wharf run` makes it `production`.
    const { code, stdout, stderr } = await runCli(serveArgs, { NODE_ENV: '', AUTH_SECRET: '' })
    expect(code).toBe(1)
    expect(`${stdout}\n${stderr}`).toContain('AUTH_SECRET is not set: refusing to start in production')
  })

  it('refuses a short AUTH_SECRET', async () => {
    const { code, stdout, stderr } = await runCli(serveArgs, { NODE_ENV: '', AUTH_SECRET: 'short' })
    expect(code).toBe(1)
    expect(`${stdout}\n${stderr}`).toContain('AUTH_SECRET is shorter than 32 characters')
  })

  it('serves with a proper AUTH_SECRET', async () => {
    const cli = new CliProcess(serveArgs, { NODE_ENV: '', AUTH_SECRET: 'x'.repeat(40) })
    try {
      const url = await cli.servingUrl()
      const res = await get(`${url}/users/me`)
      expect(res.status).toBe(401)
      expect(JSON.parse(res.body)).toEqual({ detail: 'Not authenticated' })
    } finally {
      cli.kill()
      await cli.exited
    }
  })
})
