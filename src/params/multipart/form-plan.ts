import type { Exchange } from '../../exchange.ts'
import type { ValidationIssue } from '../../schema/issues.ts'
import { NO_REFS, type SchemaRefs } from '../../schema/refs.ts'
import type { FieldSchemas } from '../../schema/types.ts'
import { hasBody } from '../body.ts'
import { readFormFields } from '../body-readers/index.ts'
import { append, isMultipartContentType } from '../body-readers/multipart.ts'
import type { RawValue } from '../coerce.ts'
import { FieldsExtractor } from '../fields.ts'
import { FileFields } from './file-fields.ts'
import { type MultipartForm, readMultipartForm } from './form.ts'
import { bodyBound, type MultipartLimits, resolveLimits } from './limits.ts'
import { SpoolFiles } from './spool.ts'

/**
 * How a route whose form has file fields reads its body, compiled once: the whole multipart body read
 * with the route's limits (files spooled past the threshold, removed after the response), then the
 * text fields validated like any form's and the file fields checked by `FileFields`. A url-encoded body
 * still gives the text fields (and every file field is missing), as in FastAPI.
 */
export class MultipartFormPlan {
  private readonly files: FileFields
  private readonly fields: FieldsExtractor | undefined
  private readonly limits: Required<MultipartLimits>
  private readonly bodyLimit: number
  private readonly order: Map<string, number>

  private constructor(
    form: FieldSchemas,
    files: FileFields,
    limits: Required<MultipartLimits>,
    bodyLimit: number | undefined,
    context: string,
    refs: SchemaRefs,
  ) {
    this.files = files
    this.fields = files.others && new FieldsExtractor('body', files.others, context, refs)
    this.limits = limits
    this.bodyLimit = bodyLimit ?? bodyBound(limits)
    this.order = new Map(Object.keys(form).map((name, index) => [name, index]))
  }

  /**
   * The plan for a form with file fields, or undefined for a form without (read by the body readers).
   * `bodyLimit` is the route's explicit one; by default the body is bounded by what the limits allow.
   */
  static of(
    form: FieldSchemas | undefined,
    limits: (MultipartLimits | undefined)[],
    bodyLimit: number | undefined,
    context: string,
    refs: SchemaRefs = NO_REFS,
  ): MultipartFormPlan | undefined {
    const files = FileFields.of(form)
    return files && new MultipartFormPlan(form!, files, resolveLimits(...limits), bodyLimit, context, refs)
  }

  /** The handler's `ctx.body`; problems are appended to `issues`, in the form's declaration order. */
  async read(exchange: Exchange, issues: ValidationIssue[]): Promise<Record<string, unknown>> {
    const form = await this.readForm(exchange)
    const found: ValidationIssue[] = []
    const values = this.fields ? await this.fields.extract(textFields(form), found) : {}
    Object.assign(values, await this.files.extract(form, found))
    const rank = (item: ValidationIssue) => this.order.get(String(item.loc[1])) ?? 0
    issues.push(...found.sort((a, b) => rank(a) - rank(b)))
    return values
  }

  private async readForm(exchange: Exchange): Promise<MultipartForm | undefined> {
    const { request } = exchange.ctx
    if (!hasBody(request)) return undefined
    const contentType = request.headers['content-type']
    if (!isMultipartContentType(contentType)) {
      const fields = await readFormFields(request, this.bodyLimit)
      const text: Record<string, string[]> = Object.create(null)
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) text[name] = [value].flat()
      return { fields: text, files: Object.create(null) }
    }
    const spoolFiles = new SpoolFiles()
    // Registered before reading: whatever happens next (the handler throws, the client goes away),
    // the temporary files go once the response is over.
    exchange.afterResponse(() => spoolFiles.cleanup())
    return readMultipartForm(request.bodyStream(this.bodyLimit), contentType!, this.limits, spoolFiles)
  }
}

/** The text fields as the field extractor takes them; empty values count as absent, as in FastAPI. */
function textFields(form: MultipartForm | undefined): Record<string, RawValue | undefined> {
  const raw: Record<string, RawValue | undefined> = Object.create(null)
  if (form === undefined) return raw
  for (const [name, values] of Object.entries(form.fields)) {
    for (const value of values) if (value !== '') raw[name] = append(raw[name], value)
  }
  return raw
}
