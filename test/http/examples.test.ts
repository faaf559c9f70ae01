import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestClient } from 'wharfjs/testing'
import {
  createExternalApiApp,
  http as exampleClient,
  app as exportedApp,
  startStandInApi,
} from '../../examples/seed/external-api.ts'
import { createFanOutApp, SERVICE_DELAYS, startServices } from '../../examples/seed/fan-out.ts'

describe('examples/seed/external-api.ts', () => {
  let standIn: { url: string; close(): Promise<void> }

  beforeAll(async () => {
    standIn = await startStandInApi()
  })

  afterAll(async () => {
    await exampleClient.close()
    await standIn.close()
  })

  it('exports the app with the /external-api route', () => {
    expect(exportedApp.routes.map((route) => `${route.method} ${route.path}`)).toContain('GET /external-api')
  })

  it('returns the upstream JSON when it answers 200', async () => {
    const res = await new TestClient(createExternalApiApp(`${standIn.url}/data`)).get('/external-api')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ source: 'stand-in', items: [{ id: 1, name: 'Hammer' }] })
  })

  it("raises HTTPException(status, 'Failed to fetch data') when it does not", async () => {
    const res = await new TestClient(createExternalApiApp(`${standIn.url}/elsewhere`)).get('/external-api')
    expect(res.status).toBe(404)
    expect(res.json()).toEqual({ detail: 'Failed to fetch data' })
  })

  it('answers 502 when the upstream cannot be reached', async () => {
    const gone = await startStandInApi()
    await gone.close()
    const app = createExternalApiApp(`${gone.url}/data`)
    app.log.level = 'silent'
    const res = await new TestClient(app).get('/external-api')
    expect(res.status).toBe(502)
    expect(res.json()).toEqual({ detail: 'Could not connect to the upstream server' })
  })
})

describe('examples/seed/fan-out.ts', () => {
  it('gathers the services concurrently: all three calls are in flight at once', async () => {
    const services = await startServices()
    const { app, http } = createFanOutApp(services.url)
    try {
      const res = await new TestClient(app).get('/dashboard')
      expect(res.status).toBe(200)
      const body = res.json()
      expect(body).toMatchObject({
        user: { service: 'user' },
        orders: { service: 'orders' },
        recommendations: { service: 'recommendations' },
        sequentialMs: SERVICE_DELAYS.user + SERVICE_DELAYS.orders + SERVICE_DELAYS.recommendations,
      })
      expect(services.maxConcurrent).toBe(3)
    } finally {
      await http.close()
      await services.close()
    }
  })
})
