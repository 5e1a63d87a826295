import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../harness/wait-for';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/snapshot-client.mjs');

export interface ChildMessage {
  type: string;
  [field: string]: any;
}

export interface ChildClientOptions {
  baseUrl: string;
  apiKey: string;
  namespace: string;
  snapshot: string;
  timeoutMs?: number;
}

/** A separate Node process running @config-service/node (fixtures/snapshot-client.mjs). */
export class ChildClient {
  readonly messages: ChildMessage[] = [];
  private stderr = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(options: ChildClientOptions) {
    this.child = spawn(process.execPath, [SCRIPT], {
      env: {
        PATH: process.env.PATH,
        CS_BASE_URL: options.baseUrl,
        CS_API_KEY: options.apiKey,
        CS_NAMESPACE: options.namespace,
        CS_SNAPSHOT: options.snapshot,
        CS_TIMEOUT_MS: String(options.timeoutMs ?? 5000),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        try {
          this.messages.push(JSON.parse(line) as ChildMessage);
        } catch {
          this.messages.push({ type: 'non-json', line });
        }
      }
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get errorOutput(): string {
    return this.stderr;
  }

  of(type: string): ChildMessage[] {
    return this.messages.filter((message) => message.type === type);
  }

  async next(type: string, timeoutMs = 20_000, predicate: (message: ChildMessage) => boolean = () => true): Promise<ChildMessage> {
    return waitFor(
      `the child's "${type}" message (stderr: ${this.stderr.slice(-500)})`,
      async () => this.messages.find((message) => message.type === type && predicate(message)),
      timeoutMs,
      20,
    );
  }

  send(command: string): void {
    this.child.stdin?.write(`${command}\n`);
  }

  async dump(): Promise<ChildMessage> {
    const before = this.of('dump').length;
    this.send('dump');
    await waitFor('a dump', async () => this.of('dump').length > before, 10_000, 10);
    return this.of('dump')[before]!;
  }

  kill(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send('exit');
    await Promise.race([this.exited, new Promise((done) => setTimeout(done, 5_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
