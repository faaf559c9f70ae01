import { issue, messages, type ValidationIssue } from '../../schema/issues.ts'
import { sizeIssue } from '../../schema/keyword-issues.ts'
import type { AnySchema, FieldSchemas } from '../../schema/types.ts'
import { type FileFieldShape, fileFieldShape } from './file-schema.ts'
import type { MultipartForm } from './form.ts'
import type { UploadFile } from './upload-file.ts'

interface FilePlan {
  name: string
  shape: FileFieldShape
  optional: boolean
  fallback: { value: unknown } | undefined
}

/**
 * The file fields of a route's form (`FileUpload()`, `FileBytes()`, arrays and optional ones), taken
 * from a read multipart form with FastAPI's validation errors: `missing`, a text value where a file is
 * expected, too few or too many files. The other fields are left to the ordinary field extractor.
 */
export class FileFields {
  /** The form's fields that are not files, for the ordinary extractor; undefined when there are none. */
  readonly others: FieldSchemas | undefined
  private readonly plans: FilePlan[] = []

  private constructor(form: FieldSchemas) {
    const others: FieldSchemas = {}
    for (const [name, schema] of Object.entries(form)) {
      const shape = fileFieldShape(schema)
      if (shape === undefined) others[name] = schema
      else this.plans.push({ name, shape, ...presence(schema) })
    }
    this.others = Object.keys(others).length > 0 ? others : undefined
  }

  /** The file fields of `form`, or undefined when it declares none (a url-encoded form). */
  static of(form: FieldSchemas | undefined): FileFields | undefined {
    if (form === undefined) return undefined
    const fields = new FileFields(form)
    return fields.plans.length > 0 ? fields : undefined
  }

  /**
   * The handler's values for the file fields, from `form` (undefined when the body was not multipart:
   * every file is then missing, as in FastAPI). Problems are appended to `issues`.
   */
  async extract(
    form: MultipartForm | undefined,
    issues: ValidationIssue[],
  ): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {}
    for (const plan of this.plans) {
      const loc = ['body', plan.name]
      // An empty text value is absent (FastAPI); any other text where a file belongs is an error.
      const text = form?.fields[plan.name]?.filter((value) => value !== '')
      if (text !== undefined && text.length > 0) {
        issues.push(
          issue(
            'value_error',
            loc,
            "Value error, Expected UploadFile, received: <class 'str'>",
            text.at(-1),
            {
              error: {},
            },
          ),
        )
        continue
      }
      const uploads = form?.files[plan.name] ?? []
      if (uploads.length === 0) {
        if (plan.fallback) values[plan.name] = structuredClone(plan.fallback.value)
        else if (!plan.optional) issues.push(issue('missing', loc, messages.missing(), null))
        continue
      }
      const count = countIssue(plan.shape, uploads, loc)
      if (count) {
        issues.push(count)
        continue
      }
      const converted = await Promise.all(uploads.map((upload) => convert(plan.shape, upload)))
      // One file expected and several sent: the last one, as Starlette's form.get() gives.
      values[plan.name] = plan.shape.many ? converted : converted.at(-1)
    }
    return values
  }
}

function presence(schema: AnySchema): Pick<FilePlan, 'optional' | 'fallback'> {
  const record = schema as Record<string, unknown>
  return {
    optional: record['~optional'] === true,
    fallback: Object.hasOwn(record, 'default') ? { value: record.default } : undefined,
  }
}

function countIssue(
  shape: FileFieldShape,
  uploads: UploadFile[],
  loc: string[],
): ValidationIssue | undefined {
  if (!shape.many) return undefined
  const input = uploads.map((upload) => upload.toJSON())
  if (shape.minItems !== undefined && uploads.length < shape.minItems)
    return sizeIssue('minItems', shape.minItems, loc, input)
  if (shape.maxItems !== undefined && uploads.length > shape.maxItems)
    return sizeIssue('maxItems', shape.maxItems, loc, input)
  return undefined
}

function convert(shape: FileFieldShape, upload: UploadFile): UploadFile | Promise<Buffer> {
  return shape.kind === 'bytes' ? upload.bytes() : upload
}
