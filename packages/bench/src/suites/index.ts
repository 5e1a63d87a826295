import type { BenchSuite } from '../bench-suite';
import { httpThroughput } from './http-throughput';
import { manyWatchers } from './many-watchers';
import { notifyLatency } from './notify-latency';
import { sdkGet } from './sdk-get';
import { writeLatency } from './write-latency';
import { schemaPut } from './schema-put';
import { startUp } from './start-up';

/**
 * Every suite `pnpm bench` runs, in this order. To add one (e.g. the SDK's `get` against
 * `Map.get`), write `src/suites/<name>.ts` exporting a BenchSuite and list it here.
 */
export const suites: BenchSuite[] = [httpThroughput, writeLatency, notifyLatency, manyWatchers, sdkGet, schemaPut, startUp];
