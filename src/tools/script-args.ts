import { parseArgs, type ParseArgsConfig } from 'util';

/** Exit code of a script run with flags it does not know. */
export const USAGE_ERROR = 2;

/**
 * The flags of a script (`npm run <script> -- ...`): no positionals, unknown flags refused.
 * Undefined after printing the problem and the usage, for the script to exit with {@link USAGE_ERROR}.
 */
export function parseScriptArgs<Options extends NonNullable<ParseArgsConfig['options']>>(script: string, usage: string, args: string[], options: Options) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    if (!(error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS_'))) throw error;
    console.error(`${script}: ${error.message}\n\n${usage}`);
    return undefined;
  }
}
