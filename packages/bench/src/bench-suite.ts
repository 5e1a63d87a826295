/** One figure a suite measured. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The figure divided by a baseline measured in the same run. */
  ratio?: { to: string; value: number };
  /** The target, as text, and whether this run met it. */
  target?: { text: string; met: boolean };
  note?: string;
}

export interface BenchContext {
  /** Seconds each throughput measurement runs (`--duration`). */
  durationSeconds: number;
  /** Fewer iterations, for a smoke run (`--quick`). */
  quick: boolean;
  log(line: string): void;
}

/**
 * A benchmark suite. Add one by writing a file under `src/suites/` and listing it in
 * `src/suites/index.ts`; `pnpm bench` runs every suite in order and prints all figures together.
 */
export interface BenchSuite {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}
