import { visibleText } from '../text/visible-text.js';
import { errorCodes } from './error-codes.js';
import { SwitchyardError } from './switchyard-error.js';

/** One problem in a config, policy or scenario file. */
export interface ConfigIssue {
  /** The file, as given to the parser (`<inline>` for objects). */
  readonly file: string;
  /** 1-based line, when the input was text. */
  readonly line?: number;
  /** 1-based column, when the input was text. */
  readonly column?: number;
  /** Where in the document, e.g. `policy.rules[2].effective`. */
  readonly path: string;
  /** What was expected. */
  readonly message: string;
}

const marker = Symbol.for('switchyard.ConfigError');

/**
 * A config, policy or scenario could not be read or is invalid. Every
 * problem is in `issues`, and the message lists them one per line as
 * `switchyard.yaml:14:7 policy.rules[2].effective: expected an ISO 8601 date`.
 */
export class ConfigError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** Every problem found. */
  readonly issues: readonly ConfigIssue[];
  /** The file. */
  readonly file: string;

  constructor(options: {
    file: string;
    issues: readonly ConfigIssue[];
    unreadable?: boolean;
    /** A more precise code than `unreadable` gives: a reading limit was exceeded. */
    code?: typeof errorCodes.CONFIG_LIMIT_EXCEEDED;
    cause?: unknown;
  }) {
    const count = options.issues.length;
    super({
      code: options.code ?? (options.unreadable ? errorCodes.CONFIG_UNREADABLE : errorCodes.CONFIG_INVALID),
      name: 'ConfigError',
      message: `${options.file}: ${count} problem${count === 1 ? '' : 's'}\n${options.issues.map(formatConfigIssue).join('\n')}`,
      cause: options.cause,
    });
    this.file = options.file;
    this.issues = options.issues;
  }

  /** Whether `error` is a ConfigError (of any copy of this package): its own marker, not the base class's. */
  static override isInstance(error: unknown): error is ConfigError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/** `file:line:column path: message`, the form editors and terminals link; invisible characters written out (`<U+200B>`). */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  // An invisible character in a key or value is named, not printed (`"pro<U+200B>vider"`).
  return `${where} ${visibleText(issue.path)}: ${visibleText(issue.message)}`;
}
