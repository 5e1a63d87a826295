import { parseArgs } from 'node:util';
import type { BenchContext, BenchResult } from './bench-suite';
import { suites } from './suites/index';
import { LOAD_CORE, SERVER_CORE, canPin, pin } from './support/pinning';

/*
 * `pnpm bench`: every suite in one run, then one table. Ratios are against baselines measured
 * in the same run on the same machine, never against numbers from elsewhere.
 *   --only <suite>   run one suite (http, watch, …)
 *   --duration <s>   seconds per throughput measurement (default 10)
 *   --quick          fewer iterations, to check the bench itself works
 */
const { values } = parseArgs({
  options: { only: { type: 'string' }, duration: { type: 'string', default: '10' }, quick: { type: 'boolean', default: false } },
});

async function main(): Promise<void> {
  const pinned = canPin();
  if (pinned) pin(process.pid, LOAD_CORE);
  const context: BenchContext = {
    durationSeconds: Number(values.duration),
    quick: values.quick ?? false,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  };
  context.log(
    pinned
      ? `servers pinned to core ${SERVER_CORE}, load generator to core ${LOAD_CORE}`
      : 'taskset is not available: nothing is pinned, figures are noisier',
  );
  const selected = suites.filter((suite) => !values.only || suite.name === values.only);
  if (selected.length === 0) throw new Error(`no suite named ${values.only}; there are: ${suites.map((s) => s.name).join(', ')}`);
  const results: { suite: string; result: BenchResult }[] = [];
  for (const suite of selected) {
    context.log(`${suite.name}: ${suite.description}`);
    for (const result of await suite.run(context)) results.push({ suite: suite.name, result });
  }
  printTable(results);
}

function printTable(rows: { suite: string; result: BenchResult }[]): void {
  const lines = rows.map(({ suite, result }) => {
    const value = `${result.value >= 100 ? result.value.toFixed(0) : result.value.toFixed(2)} ${result.unit}`;
    const ratio = result.ratio ? `${result.ratio.value.toFixed(2)}x ${result.ratio.to}` : '';
    const target = result.target ? `${result.target.met ? 'met' : 'MISSED'} (${result.target.text})` : '';
    return [suite, result.name, value, ratio, target, result.note ?? ''];
  });
  const header = ['suite', 'figure', 'value', 'ratio', 'target', 'note'];
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(format(header));
  console.log(format(widths.map((width) => '-'.repeat(width))));
  for (const line of lines) console.log(format(line));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
