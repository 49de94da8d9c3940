/**
 * Instruction counts for `npm run bench -- --instructions`: one run of an app under callgrind
 * (valgrind --tool=callgrind --separate-threads=yes), which does not see a busy machine's noise.
 * With separate threads callgrind writes one file per thread, `<out>-01`, `<out>-02`, …; each
 * header names its `thread:` (1 is the main one) and gives the `summary:` of its events, Ir
 * (instructions) by default (valgrind's "Callgrind Format Specification", callgrind manual).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface InstructionCounts {
  /** The main thread's: where the synth runs. */
  readonly mainThread: number;
  /** Every thread's: garbage collection and compilation run beside the main thread. */
  readonly allThreads: number;
}

/** valgrind's arguments before the program, writing to `outFile` (one file per thread). */
export function callgrindArgs(outFile: string): string[] {
  return ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${outFile}`];
}

/** The counts in the files callgrind wrote for `outFile`. */
export function readCallgrindCounts(outFile: string): InstructionCounts {
  const prefix = `${path.basename(outFile)}-`;
  const files = fs.readdirSync(path.dirname(outFile)).filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)));
  if (files.length === 0) throw new Error(`bench: callgrind wrote no ${prefix}NN files next to ${outFile}`);
  let mainThread: number | undefined;
  let allThreads = 0;
  for (const name of files) {
    const header = fs.readFileSync(path.join(path.dirname(outFile), name), 'utf8').slice(0, 16384);
    const summary = /^summary:\s*(\d+)/m.exec(header);
    if (!summary) throw new Error(`bench: ${name} has no summary line`);
    allThreads += Number(summary[1]);
    if (/^thread:\s*1$/m.test(header)) mainThread = Number(summary[1]);
  }
  if (mainThread === undefined) throw new Error(`bench: no file of thread 1 among ${files.join(', ')}`);
  return { mainThread, allThreads };
}
