import { existsSync, mkdirSync } from 'node:fs'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from 'wharfjs'
import { app as authApp } from '../../examples/auth/app.ts'
import { app as demoApp } from '../../examples/seed/app.ts'
import { createTypedApp } from './fixtures/typed-app.ts'

/** Debian's chromium; CI installs it (.ci/run). Missing, the test fails: it must never pass unseen. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = 'test-results'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** Clicks "Execute" on a tried-out operation, waits for its live 200, and returns the body it shows. */
async function executeForJson(operation: Locator): Promise<unknown> {
  await operation.getByRole('button', { name: 'Execute' }).click()
  const live = operation.locator('.live-responses-table .response')
  await expect
    .poll(() => live.locator('.response-col_status').first().textContent(), { timeout: 15_000 })
    .toBe('200')
  const body = await live.locator('.response-col_description pre').first().textContent()
  return JSON.parse(body ?? '')
}

describe('the docs pages in a real browser (playwright-core + chromium)', () => {
  let server: RunningServer
  let browser: Browser
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`)
    }
    mkdirSync(SCREENSHOTS, { recursive: true })
    server = await createTypedApp().listen({ port: 0 })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** A page that records every request leaving this server: the docs must work offline. */
  async function open(path: string): Promise<{ page: Page; foreign: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } })
    const foreign: string[] = []
    page.on('request', (request) => {
      const url = request.url()
      if (!url.startsWith(server.url) && !url.startsWith('blob:') && !url.startsWith('data:'))
        foreign.push(url)
    })
    await page.goto(`${server.url}${path}`)
    return { page, foreign }
  }

  it('Swagger UI: expand an operation, try it out, execute, and see the real 200 response', async () => {
    const { page, foreign } = await open('/docs')
    const operation = page.locator('#operations-default-readItem_items__item_id__get')
    await operation.locator('.opblock-summary').click()
    await operation.getByRole('button', { name: 'Try it out' }).click()
    await operation.locator('tr[data-param-name="item_id"] input').fill('1')
    expect(await executeForJson(operation)).toEqual({ id: 1, name: 'Book', price: 12.5, tags: ['paper'] })
    await page.screenshot({ path: `${SCREENSHOTS}/swagger-ui.png`, fullPage: true })
    expect(foreign).toEqual([])
    await page.close()
  }, 60_000)

  it('Swagger UI: "Authorize" with the OAuth2 password flow, then call a protected operation', async () => {
    const auth = await authApp.listen({ port: 0 })
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } })
      await page.goto(`${auth.url}/docs`)
      await page.locator('.auth-wrapper button.authorize').click()
      const dialog = page.locator('.modal-ux')
      await dialog.locator('#oauth_username').fill('johndoe')
      await dialog.locator('#oauth_password').fill('secret')
      await dialog.locator('.auth-btn-wrapper button.authorize').click()
      // Swagger UI shows "Authorized" once the token request succeeded.
      await expect.poll(() => dialog.locator('h6').textContent(), { timeout: 15_000 }).toBe('Authorized')
      await dialog.locator('button.btn-done').click()
      const operation = page.locator('#operations-default-get_users_me')
      await operation.locator('.opblock-summary').click()
      await operation.getByRole('button', { name: 'Try it out' }).click()
      expect(await executeForJson(operation)).toEqual({
        username: 'johndoe',
        fullName: 'John Doe',
        email: 'johndoe@example.com',
        disabled: false,
      })
      await page.screenshot({ path: `${SCREENSHOTS}/swagger-ui-oauth2.png`, fullPage: true })
      await page.close()
    } finally {
      await auth.close()
    }
  }, 60_000)

  it('Swagger UI: try out the demo upload, choose a file, execute, and see what the server received', async () => {
    const demo = await demoApp.listen({ port: 0 })
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } })
      await page.goto(`${demo.url}/docs`)
      const operation = page.locator('#operations-files-uploadFile_files_post')
      await operation.locator('.opblock-summary').click()
      await operation.getByRole('button', { name: 'Try it out' }).click()
      // format: binary in a multipart/form-data body: Swagger UI offers a file picker.
      await operation.locator('input[type="file"]').setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('uploaded from the browser'),
      })
      expect(await executeForJson(operation)).toEqual({
        filename: 'notes.txt',
        contentType: 'text/plain',
        size: 25,
      })
      await page.screenshot({ path: `${SCREENSHOTS}/swagger-ui-upload.png`, fullPage: true })
      await page.close()
    } finally {
      await demo.close()
    }
  }, 60_000)

  it('ReDoc: lists the operations', async () => {
    const { page, foreign } = await open('/redoc')
    const menu = page.locator('[role="menuitem"]')
    await expect
      .poll(() => menu.allTextContents(), { timeout: 15_000 })
      .toEqual([
        expect.stringContaining('Read Item'),
        expect.stringContaining('List Items'),
        expect.stringContaining('Create Item'),
      ])
    await page.screenshot({ path: `${SCREENSHOTS}/redoc.png`, fullPage: false })
    // Not even ReDoc's "API docs by Redocly" logo: the build made it an inline image (docs/openapi.md).
    expect(foreign).toEqual([])
    await page.close()
  }, 60_000)
})
