import type { RequestView } from '../../request.ts'
import type { RawValue } from '../coerce.ts'

/** A form's raw fields by name: strings, or arrays of strings for repeated names. */
export type FormFields = Record<string, RawValue | undefined>

/**
 * A form encoding a route's `form` fields can arrive in. Each format is one reader in its own file,
 * listed in `FORM_READERS` (index.ts): a new encoding is one new file there.
 */
export interface FormReader {
  /** True for the content types this reader parses. */
  accepts(contentType: string | undefined): boolean
  /**
   * The raw fields (strings, or arrays of strings for repeated names), before coercion and
   * validation. Reads at most `limit` bytes (413 beyond).
   */
  read(request: RequestView, limit: number): Promise<FormFields>
}
