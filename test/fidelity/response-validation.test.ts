import { describe, expect, it } from 'vitest'
import { App, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger } from '../helpers.ts'

const Profile = t.Object({
  name: t.String(),
  active: t.Boolean(),
  tags: t.Array(t.String(), { default: [] }),
})

function api(options: { validateResponses?: boolean } = {}) {
  const { logger, lines } = memoryLogger()
  const app = new App({ logger, ...options })
  let value: unknown
  app.get('/profile', { response: Profile }, () => value as any)
  app.get('/lenient', { response: Profile, validateResponse: false }, () => value as any)
  const client = new TestClient(app)
  return {
    lines,
    async get(returned: unknown, path = '/profile') {
      value = returned
      const res = await client.get(path)
      return [res.status, res.json()]
    },
  }
}

describe('return values are validated against the response schema (FastAPI ResponseValidationError)', () => {
  it('a valid value is sent, filtered to the schema, defaults filled in', async () => {
    const { get } = api()
    expect(await get({ name: 'ann', active: true, password: 'x' })).toEqual([
      200,
      { name: 'ann', active: true, tags: [] },
    ])
  })

  it('null for a string is a 500, never an empty string, and is logged with what is wrong', async () => {
    const { get, lines } = api()
    expect(await get({ name: null, active: true })).toEqual([500, { detail: 'Internal Server Error' }])
    const logged = lines.find((line) => line.level === 50)
    expect(logged?.err?.type).toBe('ResponseValidationError')
    expect(logged?.err?.message).toBe(
      'GET /profile response 200: 1 validation error: response.name: Input should be a valid string (input: null)',
    )
  })

  it('1 for a boolean is a 500, never true', async () => {
    const { get } = api()
    expect(await get({ name: 'ann', active: 1 })).toEqual([500, { detail: 'Internal Server Error' }])
  })

  it('a missing required property is a 500', async () => {
    const { get } = api()
    expect(await get({ name: 'ann' })).toEqual([500, { detail: 'Internal Server Error' }])
  })

  it('validateResponse: false on a route (or validateResponses: false on the app) skips the check', async () => {
    expect(await api().get({ name: 'ann', active: 1 }, '/lenient')).toEqual([
      200,
      { name: 'ann', active: true, tags: [] },
    ])
    expect(await api({ validateResponses: false }).get({ name: null, active: true })).toEqual([
      200,
      { name: '', active: true, tags: [] },
    ])
  })
})

describe('dates are encoded per the schema format (jsonable_encoder)', () => {
  const Event = t.Object({
    day: t.String({ format: 'date' }),
    at: t.String({ format: 'date-time' }),
    maybe: t.Union([t.String({ format: 'date' }), t.Null()]),
  })
  const when = new Date('2021-12-31T10:20:30.000Z')

  for (const validate of [true, false]) {
    it(`Date → 2021-12-31 for format date, ISO for date-time (validation ${validate ? 'on' : 'off'})`, async () => {
      const app = new App({ logger: false, validateResponses: validate })
      app.get('/event', { response: Event }, () => ({ day: when, at: when, maybe: when }) as any)
      const res = await new TestClient(app).get('/event')
      expect([res.status, res.json()]).toEqual([
        200,
        { day: '2021-12-31', at: '2021-12-31T10:20:30.000Z', maybe: '2021-12-31' },
      ])
    })
  }

  it('without a response schema a Date is its ISO text', async () => {
    const app = new App({ logger: false })
    app.get('/now', () => ({ at: when }))
    expect((await new TestClient(app).get('/now')).json()).toEqual({ at: '2021-12-31T10:20:30.000Z' })
  })
})
