/**
 * Bounds on one multipart body. Every one has a default; a route or the app may lower or raise them
 * (`multipart: { fileSize: 100 * 1024 * 1024 }`).
 */
export interface MultipartLimits {
  /** Largest file, in bytes; past it the request gets 413 and reading stops. Default 10 MiB. */
  fileSize?: number
  /** Most files in one body; past it, 422. Default 100. */
  files?: number
  /** Most non-file fields in one body; past it, 422. Default 1000 (Starlette's `max_fields`). */
  fields?: number
  /** Largest non-file field value, in bytes; past it, 413. Default 1 MiB (Starlette's `max_part_size`). */
  fieldSize?: number
  /** Most parts (files and fields) in one body; past it, 422. Default 1100. */
  parts?: number
  /**
   * A file larger than this many bytes moves from memory to a temporary file while it arrives, as
   * FastAPI's `SpooledTemporaryFile` does. Default 1 MiB.
   */
  spoolThreshold?: number
}

/** The defaults, all finite: nothing a client sends is unbounded. */
export const DEFAULT_MULTIPART_LIMITS: Readonly<Required<MultipartLimits>> = Object.freeze({
  fileSize: 10 * 1024 * 1024,
  files: 100,
  fields: 1000,
  fieldSize: 1024 * 1024,
  parts: 1100,
  spoolThreshold: 1024 * 1024,
})

/** `limits` over the defaults (later ones win): the app's, then the route's. */
export function resolveLimits(...layers: (MultipartLimits | undefined)[]): Required<MultipartLimits> {
  const resolved = { ...DEFAULT_MULTIPART_LIMITS }
  for (const layer of layers) {
    if (!layer) continue
    for (const [key, value] of Object.entries(layer) as [keyof MultipartLimits, number | undefined][]) {
      if (value !== undefined) resolved[key] = value
    }
  }
  return resolved
}

/**
 * The most bytes a body within `limits` can have (every part at its largest, plus room for boundaries
 * and part headers): the body stream is read with this bound, so a body cannot be endless either.
 */
export function bodyBound(limits: Required<MultipartLimits>): number {
  const perPartOverhead = 16 * 1024
  return limits.files * limits.fileSize + limits.fields * limits.fieldSize + limits.parts * perPartOverhead
}
