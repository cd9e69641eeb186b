#!/usr/bin/env node
// postmortem-bot's jobs from the command line, once:
//   postmortem-bot sweep --repo owner/name [--dry-run]
//   postmortem-bot reconcile (--repo owner/name | --all) [--dry-run]
//   postmortem-bot digest --repo owner/name --period weekly|monthly [--week 2026-W40 | --month 2026-09] [--dry-run]
//   postmortem-bot redeliver [--dry-run]
// Authenticates with GITHUB_TOKEN, or as the GitHub App (APP_ID and PRIVATE_KEY / PRIVATE_KEY_PATH).
import { parseArgs } from "node:util";
import { createProbot, type Options, type Probot } from "probot";
import type { Octokit, RepoRef } from "./github/github-client.js";
import type { PeriodKind } from "./digest/model.js";
import { formatIssueRef } from "./domain/issue-ref.js";
import { resolveBotLogin } from "./github/app-identity.js";
import { ProductionOctokit } from "./github/production-octokit.js";
import { redeliverFailed } from "./jobs/redeliver-failed.js";
import { runDigests } from "./jobs/run-digest.js";
import { forEachInstallationRepository, runSweep } from "./jobs/run-sweep.js";

const USAGE = `Usage: postmortem-bot sweep (--repo owner/name | --all) [--dry-run]
       postmortem-bot reconcile (--repo owner/name | --all) [--dry-run]
       postmortem-bot digest (--repo owner/name | --all) --period weekly|monthly [--week YYYY-Www | --month YYYY-MM] [--dry-run]
       postmortem-bot redeliver [--dry-run]

  sweep      catch up (as reconcile does), then remind owners of action items due soon and overdue,
             escalate, call out items without owner
  reconcile  bring every incident changed in the look-back window and every open postmortem (with its
             action items) in step with GitHub's state: what lost deliveries missed
  digest     post the digest of the last complete week or month (or of --week / --month), unless it exists
  redeliver  ask GitHub to redeliver the app's deliveries of the last 3 days that never succeeded (app credentials only)
  --repo     the repository (owner/name) whose configuration and incidents are used
  --all      every repository the app's installations can see (app credentials only; digests only where enabled)
  --dry-run  print what would be written instead of writing it (a digest is printed whole)

Credentials: GITHUB_TOKEN, or APP_ID with PRIVATE_KEY or PRIVATE_KEY_PATH. GHE_HOST for GitHub Enterprise Server.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      repo: { type: "string" },
      all: { type: "boolean" },
      period: { type: "string" },
      week: { type: "string" },
      month: { type: "string" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const [command] = positionals;
  const kind = values.week ? "weekly" : values.month ? "monthly" : values.period;
  const valid =
    command === "redeliver"
      ? !values.repo && !values.all
      : (command === "sweep" || command === "reconcile" || (command === "digest" && (kind === "weekly" || kind === "monthly"))) && (values.repo || values.all);
  if (values.help || !valid) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const token = process.env.GITHUB_TOKEN;
  // LOG_LEVEL is honoured (Probot's own default is warn, which would hide the jobs' summaries).
  const logLevel = (process.env.LOG_LEVEL || "info") as Options["logLevel"];
  // The server's Octokit: the same write budget, retries and timeouts as every other write.
  const probot = createProbot({ overrides: { ...(token ? { githubToken: token } : {}), logLevel, logFormat: "json", Octokit: ProductionOctokit } });
  const dryRun = values["dry-run"] ? (write: string) => console.log(`[dry run] ${write}\n`) : undefined;

  if (command === "redeliver") {
    // GitHub lists an app's deliveries only to the app itself (its JWT), never to a token.
    if (token)
      throw new Error("redeliver needs the app's credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH), not GITHUB_TOKEN: GitHub lists an app's deliveries only to the app");
    const report = await redeliverFailed((await probot.auth()) as Octokit, probot.log, dryRun ? { dryRun } : {});
    console.log(JSON.stringify(report));
    return 0;
  }

  const self = await resolveBotLogin(probot);
  const sweep = async (octokit: Octokit, repo: RepoRef) => {
    const report = await runSweep(octokit, repo, probot.log, { self, ...(dryRun ? { dryRun } : {}), ...(command === "reconcile" ? { only: "reconcile" as const } : {}) });
    console.log(JSON.stringify({ repository: `${repo.owner}/${repo.repo}`, ...report }));
  };
  const digest = async (octokit: Octokit, repo: RepoRef) => {
    const periodId = values.week ?? values.month;
    const outcomes = await runDigests(octokit, repo, [kind as PeriodKind], probot.log, {
      self,
      ...(periodId ? { periodId } : {}),
      dryRun: values["dry-run"] === true,
      onlyEnabled: values.all === true,
    });
    for (const outcome of outcomes) {
      if (outcome.kind === "dry-run") console.log(`# ${outcome.title}\n\n${outcome.body}`);
      else console.log(JSON.stringify({ repository: `${repo.owner}/${repo.repo}`, outcome: outcome.kind, digest: formatIssueRef(outcome.digest) }));
    }
  };
  const job = command === "digest" ? digest : sweep;
  if (values.repo) {
    const target = await repositoryTarget(probot, token, values.repo);
    await job(target.octokit, target.repo);
  } else if (token) {
    throw new Error("--all needs the app's credentials (APP_ID and PRIVATE_KEY), not a token");
  } else {
    await forEachInstallationRepository(probot, job);
  }
  return 0;
}

async function repositoryTarget(probot: Probot, token: string | undefined, repoText: string): Promise<{ octokit: Octokit; repo: RepoRef }> {
  const [owner, name] = repoText.split("/");
  if (!owner || !name) throw new Error(`--repo must be owner/name, not ${repoText}`);
  const repo = { owner, repo: name };
  if (token) return { octokit: (await probot.auth()) as Octokit, repo };
  const app = await probot.auth();
  const { data } = await app.request("GET /repos/{owner}/{repo}/installation", { owner, repo: name });
  return { octokit: (await probot.auth(data.id)) as Octokit, repo };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/cli.js")) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
