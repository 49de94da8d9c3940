/**
 * What the scripts' flag handling shares: a parse error is printed with the usage and exits 2,
 * `--help` prints the usage and exits 0; otherwise the parsed flags come back.
 */
export function flagsOrExitCode<T extends { readonly help: boolean }>(name: string, usage: string, parsed: T | { readonly error: string }): T | number {
  if ('error' in parsed) {
    console.error(`${name}: ${parsed.error}\n\n${usage}`);
    return 2;
  }
  if (parsed.help) {
    console.log(usage);
    return 0;
  }
  return parsed;
}
