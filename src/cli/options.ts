import { parseArgs } from 'node:util'
import { UsageError } from './usage-error.ts'

/** One command-line option, as `--help` shows it and `parseArgs` reads it. */
export interface OptionSpec {
  name: string
  type: 'string' | 'boolean'
  short?: string
  /** May be given several times (values collected in order). */
  multiple?: boolean
  /** The value's placeholder in `--help` (`PORT`). */
  value?: string
  help: string
  /** The default, as `--help` states it. */
  defaultText?: string
}

/** A subcommand: its usage line, what it does, and its options. */
export interface CommandSpec {
  name: string
  summary: string
  usage: string
  description: string
  options: OptionSpec[]
}

/** What `parseCommand` read. Booleans given as `--no-x` are `false`. */
export interface ParsedCommand {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>
  positionals: string[]
}

const HELP: OptionSpec = { name: 'help', short: 'h', type: 'boolean', help: 'Show this help and exit.' }

/**
 * Parses `argv` for `spec` strictly: an unknown option, a missing value or an extra argument is a
 * `UsageError` (exit code 2) that names it.
 *
 * @example
 * const { values, positionals } = parseCommand(runCommand, ['app.ts', '--port', '9000'], 1)
 */
export function parseCommand(spec: CommandSpec, argv: string[], maxPositionals: number): ParsedCommand {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {}
  for (const option of [...spec.options, HELP]) {
    options[option.name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.multiple ? { multiple: true } : {}),
    }
  }
  let parsed: ParsedCommand
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative: true })
  } catch (error) {
    throw new UsageError(cleanParseError(error as Error))
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`)
  }
  return parsed
}

/** parseArgs' messages mention its own API (`strict:false`); users need the option's name only. */
function cleanParseError(error: Error): string {
  return error.message.replace(/\. To specify.*$/s, '').replace(/\s*\n.*$/s, '')
}

/**
 * The `--help` text of a command, every option with its value, meaning and default.
 *
 * @example
 * console.log(helpText(devCommand))
 */
export function helpText(spec: CommandSpec): string {
  const rows = [...spec.options, HELP].map((option) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${option.name}${option.value ? ` ${option.value}` : ''}`
    const help = option.defaultText ? `${option.help} Default: ${option.defaultText}.` : option.help
    return [flag, help] as const
  })
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2
  const lines = rows.map(([flag, help]) => `  ${flag.padEnd(width)}${wrap(help, 100 - width - 2, width + 2)}`)
  return `Usage: ${spec.usage}\n\n${spec.description}\n\nOptions:\n${lines.join('\n')}\n`
}

function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  lines.push(line)
  return lines.join(`\n${' '.repeat(indent)}`)
}

/**
 * Reads an integer option within bounds, or throws a `UsageError` naming the option.
 *
 * @example
 * integerOption('workers', '4', 1, 64) // 4
 */
export function integerOption(option: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`--${option} must be an integer from ${min} to ${max}; got "${text}"`)
  }
  return value
}
