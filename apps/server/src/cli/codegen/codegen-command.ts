import { readFile, writeFile } from 'node:fs/promises';
import { fetchSchemas } from './fetch-schemas';
import { generateConfigTypes } from './generate-config-types';

export interface CodegenOptions {
  url: string;
  namespace: string[];
  out: string;
  check?: boolean;
  apiKey?: string;
}

/**
 * `config-service codegen`: writes the TypeScript module of the namespaces' schemas, or with
 * `--check` only compares it with the file on disk and fails (exit 1) when they differ.
 * Returns the exit code.
 */
export async function codegenCommand(options: CodegenOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const apiKey = options.apiKey ?? env.CONFIG_SERVICE_API_KEY;
  const generated = await generateConfigTypes(await fetchSchemas(options.url, options.namespace, apiKey));
  if (!options.check) {
    await writeFile(options.out, generated);
    process.stderr.write(`wrote ${options.out} (${options.namespace.join(', ')})\n`);
    return 0;
  }
  const onDisk = await readFile(options.out, 'utf8').catch(() => null);
  if (onDisk === generated) return 0;
  process.stderr.write(
    onDisk === null
      ? `${options.out} does not exist; run config-service codegen without --check\n`
      : `${options.out} is out of date with the schemas on ${options.url}; run config-service codegen without --check\n`,
  );
  return 1;
}
