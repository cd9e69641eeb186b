import { APP_LOGIN } from "./github-stand-in.js";
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The real postmortem-bot server (`node --import tsx src/server/main.ts`) as a child process,
 * pointed at a GitHub stand-in through `GHE_HOST`/`GHE_PROTOCOL`, with a private key made for the
 * run. It runs in an empty temporary directory, so a developer's `.env` (which Probot loads from
 * the working directory, over the environment) can never point it at a real GitHub or smee.io.
 */

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WEBHOOK_SECRET = "e2e-webhook-secret";

/** `--import` for tsx, resolved from the project (the child's working directory is elsewhere). */
function tsxImport(): string {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules/tsx/package.json"), "utf8")) as { exports: Record<string, any> };
  const entry = manifest.exports["."];
  const file = typeof entry === "string" ? entry : (entry.import?.default ?? entry.import ?? entry.default);
  return pathToFileURL(join(PROJECT_ROOT, "node_modules/tsx", String(file))).href;
}

/** A test private key: PKCS#1 PEM, as GitHub hands them out. */
export function testPrivateKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface LogLine {
  level: number;
  time: number;
  msg?: string;
  name?: string;
  /** The delivery id, on lines written through a delivery's logger. */
  id?: string;
  [key: string]: unknown;
}

export interface DeliveryOptions {
  id?: string;
  /** Sign with this secret instead of the server's. */
  secret?: string;
  /** `null`: send no signature header; a string: send it as is. */
  signature?: string | null;
  /** Send this text as the body instead of the payload's JSON (signed as sent). */
  rawBody?: string;
}

export interface DeliveryResult {
  id: string;
  status: number;
  text: string;
  /** Milliseconds until the HTTP answer was complete. */
  ms: number;
}

/** Runs a child process of the project with tsx; collects its output lines. */
export interface ChildHandle {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

export function spawnTs(script: string, args: string[], env: Record<string, string>, workDir: string): ChildHandle {
  const child = spawn(process.execPath, ["--import", tsxImport(), join(PROJECT_ROOT, script), ...args], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? workDir, TSX_TSCONFIG_PATH: join(PROJECT_ROOT, "tsconfig.json"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never leave a server behind when the test runner goes away first.
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  child.once("close", () => process.removeListener("exit", orphanGuard));
  const stdout: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout!, stdout);
  collectLines(child.stderr!, stderr);
  // "close": the process exited and its output streams are drained.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    into.push(...parts.filter((line) => line.length > 0));
  });
  stream.on("end", () => {
    if (rest) into.push(rest);
  });
}

export class ServerProcess {
  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly handle: ChildHandle,
    private readonly workDir: string,
    readonly privateKey: string,
  ) {}

  get pid(): number {
    return this.handle.child.pid!;
  }

  get stdout(): string[] {
    return this.handle.stdout;
  }

  get stderr(): string[] {
    return this.handle.stderr;
  }

  get exited(): Promise<number | null> {
    return this.handle.exited;
  }

  /** True while the child has not exited. */
  get running(): boolean {
    return this.handle.child.exitCode === null && this.handle.child.signalCode === null;
  }

  /** Where the server takes webhook deliveries. */
  get webhookUrl(): string {
    return `${this.url}/api/github/webhooks`;
  }

  /** Sends the server a signal (SIGTERM: what a platform sends before it stops a container). */
  kill(signal: NodeJS.Signals): void {
    this.handle.child.kill(signal);
  }

  /** Every stdout line that parses as a JSON log record, in order. */
  logs(from = 0): LogLine[] {
    return this.handle.stdout.slice(from).flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return typeof parsed === "object" && parsed !== null ? [parsed as LogLine] : [];
      } catch {
        return [];
      }
    });
  }

  /** `port`: listen there (a restart where GitHub's webhook URL points), else on a free port. */
  static async start(options: { gheHost: string; env?: Record<string, string>; port?: number }): Promise<ServerProcess> {
    const port = options.port ?? (await freePort());
    const privateKey = testPrivateKey();
    const workDir = mkdtempSync(join(tmpdir(), "postmortem-bot-e2e-"));
    const handle = spawnTs(
      "src/server/main.ts",
      [],
      {
        APP_ID: "1",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET,
        GHE_HOST: options.gheHost,
        GHE_PROTOCOL: "http",
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_FORMAT: "json",
        LOG_LEVEL: "info",
        SWEEP_CRON: "off",
        DIGEST_CRON: "off",
        STARTUP_RECONCILE: "off",
        REDELIVER_CRON: "off",
        GITHUB_REQUEST_TIMEOUT_MS: "2000",
        NODE_ENV: "test",
        ...options.env,
      },
      workDir,
    );
    const server = new ServerProcess(`http://127.0.0.1:${port}`, port, handle, workDir, privateKey);
    await server.waitForHealth(30_000);
    return server;
  }

  private async waitForHealth(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the server exited before it was healthy:\n${this.stderr.join("\n")}\n${this.stdout.join("\n")}`);
      try {
        const response = await fetch(`${this.url}/health`);
        if (response.status === 200 && ((await response.json()) as { status?: string }).status === "ok") return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.stop();
    throw new Error(`the server was not healthy within ${timeoutMs} ms:\n${this.stderr.join("\n")}`);
  }

  /** POSTs a webhook delivery as GitHub does, signed with the server's secret unless told otherwise. */
  async deliver(name: string, payload: unknown, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    const id = options.id ?? randomUUID();
    const body = options.rawBody ?? JSON.stringify(payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": id,
      "user-agent": "GitHub-Hookshot/e2e",
    };
    if (options.signature !== null) headers["x-hub-signature-256"] = options.signature ?? sign(body, options.secret ?? WEBHOOK_SECRET);
    const started = performance.now();
    const response = await fetch(`${this.url}/api/github/webhooks`, { method: "POST", headers, body });
    const text = await response.text();
    return { id, status: response.status, text, ms: performance.now() - started };
  }

  /** Peak resident set size of the server process (VmHWM), in kB; undefined off Linux. */
  peakRssKb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.running) {
      this.handle.child.kill("SIGINT");
      const stopped = await Promise.race([this.handle.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
      if (!stopped && this.running) {
        this.handle.child.kill("SIGKILL");
        await this.handle.exited;
      }
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Runs `src/cli.ts` once as a child process against the stand-in, with a token (or, given `app`,
 * with the app's credentials and no token); resolves when it exits.
 */
export async function runCli(
  args: string[],
  options: { gheHost: string; env?: Record<string, string>; timeoutMs?: number; app?: { appId: string; privateKey: string } },
): Promise<{ code: number | null; stdout: string[]; stderr: string[] }> {
  const workDir = mkdtempSync(join(tmpdir(), "postmortem-bot-cli-"));
  const credentials: Record<string, string> = options.app
    ? { APP_ID: options.app.appId, PRIVATE_KEY: options.app.privateKey }
    : { GITHUB_TOKEN: "ghs_e2e_token", POSTMORTEM_BOT_LOGIN: APP_LOGIN };
  try {
    const handle = spawnTs("src/cli.ts", args, { ...credentials, GHE_HOST: options.gheHost, GHE_PROTOCOL: "http", GITHUB_REQUEST_TIMEOUT_MS: "2000", ...options.env }, workDir);
    const timeout = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => handle.child.kill("SIGKILL"), timeout);
    const code = await handle.exited;
    clearTimeout(timer);
    // Let the streams flush their last lines.
    await new Promise((resolve) => setImmediate(resolve));
    return { code, stdout: handle.stdout, stderr: handle.stderr };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
