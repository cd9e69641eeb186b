import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "../e2e/server-process.js";

/**
 * A real Redis (the `redis-server` binary; `.ci/run` installs it) on a free loopback port, with
 * nothing persisted: one per test file, started in `beforeAll` and stopped in `afterAll`.
 */
export interface RedisServer {
  url: string;
  /** A new client of this server; closed by `stop`. */
  client(): Redis;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.once("error", (error) => output.push(String(error)));
  await ready(child, output, exited);
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  return {
    url,
    client: () => {
      const client = new Redis(url);
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const client of clients) client.disconnect();
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function ready(child: ChildProcess, output: string[], exited: Promise<number | null>): Promise<void> {
  const started = Date.now();
  let gone = false;
  void exited.then(() => (gone = true));
  while (!output.join("").includes("Ready to accept connections")) {
    if (gone || child.exitCode !== null) throw new Error(`redis-server did not start:\n${output.join("")}`);
    if (Date.now() - started > 10_000) {
      child.kill("SIGKILL");
      throw new Error(`redis-server was not ready within 10 s:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
