import { describe, expect, it } from 'vitest'
import { measureUpload } from '../../bench/upload-memory.ts'

const MiB = 1024 * 1024

/**
 * The bench (`node bench/upload-memory.ts`, 1 GiB) made small: 192 MiB through a real socket to a
 * server in its own process. Were the file held in memory, RSS would grow by 192 MiB or more; streamed
 * and spooled, it grows by what the garbage collector lets pile up (about 60 MiB here). The bounds are
 * generous on purpose: this guards against buffering, it does not time anything.
 */
describe('a large upload keeps the server flat and responsive', () => {
  it.each(['/upload', '/stream'])(
    '%s: 192 MiB raise RSS by less than 150 MiB; /ping answers meanwhile',
    async (route) => {
      const figures = await measureUpload(192 * MiB, route)
      expect(figures.status).toBe(200)
      expect(JSON.parse(figures.response).size).toBe(192 * MiB)
      expect(figures.growthMiB).toBeLessThan(150)
      expect(figures.pingMaxMs).toBeLessThan(1000)
    },
    60_000,
  )
})
