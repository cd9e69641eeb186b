// postmortem-bot inside GitHub Actions, with no server: the workflow's event is handled once by the
// same handlers the server runs, with the workflow's token; a `schedule` (or manual) run does the
// scheduled jobs for the workflow's repository. Written for Probot 14: the published Actions
// adapter targets Probot 13, and what it does is small enough to hold here.
import { readFile } from "node:fs/promises";
import { Probot, type Logger } from "probot";
import type { Octokit, RepoRef } from "../github/github-client.js";
import postmortemBot from "../index.js";
import { resolveBotLogin } from "../github/app-identity.js";
import { runDigests } from "../jobs/run-digest.js";
import { runSweep } from "../jobs/run-sweep.js";
import { ProductionOctokit } from "../github/production-octokit.js";

export type ScheduledJob = "sweep" | "digest-weekly" | "digest-monthly";
const ALL_JOBS: ScheduledJob[] = ["sweep", "digest-weekly", "digest-monthly"];

/** Runs what the workflow's event asks for; resolves when the work is done, rejects when it failed. */
export async function runInActions(env: NodeJS.ProcessEnv, options: { log?: Logger; Octokit?: typeof ProductionOctokit } = {}): Promise<string> {
  const { log, Octokit = ProductionOctokit } = options;
  const token = env.GITHUB_TOKEN;
  const name = env.GITHUB_EVENT_NAME;
  const repository = env.GITHUB_REPOSITORY;
  if (!token || !name || !repository) throw new Error("GITHUB_TOKEN, GITHUB_EVENT_NAME and GITHUB_REPOSITORY must be set (run this inside GitHub Actions)");
  const probot = new Probot({
    githubToken: token,
    Octokit,
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    ...(log ? { log } : { logLevel: (env.LOG_LEVEL as "info") ?? "info", logFormat: "json" }),
  });

  if (name === "schedule" || name === "workflow_dispatch") {
    const [owner, repo] = repository.split("/") as [string, string];
    const jobs = parseJobs(env.POSTMORTEM_BOT_JOBS);
    const self = await resolveBotLogin(probot, env);
    await runScheduledJobs((await probot.auth()) as Octokit, { owner, repo }, jobs, probot.log, name === "workflow_dispatch", self);
    return `ran ${jobs.join(", ")} for ${repository}`;
  }

  if (!env.GITHUB_EVENT_PATH) throw new Error("GITHUB_EVENT_PATH is not set");
  const payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8")) as object;
  await probot.load(postmortemBot);
  // The run id and attempt name the delivery, as X-GitHub-Delivery does for the server.
  await probot.receive({ id: `${env.GITHUB_RUN_ID ?? "local"}-${env.GITHUB_RUN_ATTEMPT ?? "1"}`, name, payload } as Parameters<Probot["receive"]>[0]);
  return `handled ${name}.${(payload as { action?: string }).action ?? ""}`;
}

export function parseJobs(text: string | undefined): ScheduledJob[] {
  if (!text?.trim()) return ALL_JOBS;
  const jobs = text.split(/[\s,]+/).filter(Boolean);
  const unknown = jobs.filter((job) => !(ALL_JOBS as string[]).includes(job));
  if (unknown.length > 0) throw new Error(`unknown job ${unknown.join(", ")}: use ${ALL_JOBS.join(", ")}`);
  return jobs as ScheduledJob[];
}

/** A scheduled run posts only the digests the repository enables; a manual one posts what it was asked. */
async function runScheduledJobs(octokit: Octokit, repo: RepoRef, jobs: readonly ScheduledJob[], log: Logger, manual: boolean, self: string): Promise<void> {
  if (jobs.includes("sweep")) await runSweep(octokit, repo, log, { self });
  const kinds = jobs.filter((job) => job !== "sweep").map((job) => (job === "digest-weekly" ? "weekly" : "monthly"));
  if (kinds.length > 0) await runDigests(octokit, repo, kinds, log, { self, onlyEnabled: !manual });
}
