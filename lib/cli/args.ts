import { parseArgs } from 'util';

/** A mistake in the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/** What the commands print to and read from; the bin passes the process's, tests may pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
}

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface CommandLine {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: string[];
}

/**
 * util.parseArgs with messages in this tool's words: Node's own name the option but add advice
 * about `--` that does not fit here, and differ between Node versions.
 */
export function parseCommandLine(command: string, args: string[], options: Spec): CommandLine {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
      throw new UsageError(`unknown option ${option}; see cdk8s-patterns ${command} --help`);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      throw new UsageError(err.message.includes('argument missing') ? `option ${option} needs a value` : `option ${option} takes no value`);
    }
    throw new UsageError(err.message);
  }
}

/** The value of a string option that must be one of `choices`. */
export function choice<T extends string>(option: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} must be ${choices.map((c) => `"${c}"`).join(' or ')}, got "${value}"`);
  }
  return value as T;
}
