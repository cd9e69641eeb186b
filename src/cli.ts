#!/usr/bin/env node
// postmortem-bot's jobs from the command line, once: `postmortem-bot sweep --repo owner/name [--dry-run]`.
// Authenticates with GITHUB_TOKEN, or as the GitHub App (APP_ID and PRIVATE_KEY / PRIVATE_KEY_PATH).
import { parseArgs } from "node:util";
import { createProbot, type Probot } from "probot";
import type { Octokit, RepoRef } from "./github/github-client.js";
import { forEachInstallationRepository, runSweep } from "./jobs/run-sweep.js";

const USAGE = `Usage: postmortem-bot sweep (--repo owner/name | --all) [--dry-run]

  sweep      remind owners of action items due soon and overdue, escalate, call out items without owner
  --repo     the repository to sweep (owner/name)
  --all      every repository the app's installations can see (app credentials only)
  --dry-run  print what would be written instead of writing it

Credentials: GITHUB_TOKEN, or APP_ID with PRIVATE_KEY or PRIVATE_KEY_PATH. GHE_HOST for GitHub Enterprise Server.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { repo: { type: "string" }, all: { type: "boolean" }, "dry-run": { type: "boolean" }, help: { type: "boolean" } },
  });
  const [command] = positionals;
  if (values.help || command !== "sweep" || (!values.repo && !values.all)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const token = process.env.GITHUB_TOKEN;
  const probot = createProbot(token ? { overrides: { githubToken: token, logLevel: "info", logFormat: "json" } } : { overrides: { logFormat: "json" } });
  const dryRun = values["dry-run"] ? (write: string) => console.log(`[dry run] ${write}\n`) : undefined;

  const sweep = async (octokit: Octokit, repo: RepoRef) => {
    const report = await runSweep(octokit, repo, probot.log, dryRun ? { dryRun } : {});
    console.log(JSON.stringify({ repository: `${repo.owner}/${repo.repo}`, ...report }));
  };
  if (values.repo) {
    const target = await repositoryTarget(probot, token, values.repo);
    await sweep(target.octokit, target.repo);
  } else if (token) {
    throw new Error("--all needs the app's credentials (APP_ID and PRIVATE_KEY), not a token");
  } else {
    await forEachInstallationRepository(probot, sweep);
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
