import { Context } from "probot";
import type { Octokit, RepoRef } from "../github/github-client.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";

/**
 * The configuration of a repository outside a webhook (scheduled jobs, the command line), read
 * exactly as a delivery reads it: `_extends`, the owner's `.github` repository, and the same
 * per-installation cache (a sweep over an installation's repositories reads the owner's shared
 * file once). The context is built around the repository and the client's installation.
 */
export async function loadRepositoryConfig(octokit: Octokit, repo: RepoRef, log: Context["log"]): Promise<LoadedConfig> {
  const installationId = await installationOf(octokit);
  const payload = { repository: { owner: { login: repo.owner }, name: repo.repo }, ...(installationId ? { installation: { id: installationId } } : {}) };
  const context = new Context({ id: "job", name: "repository", payload } as unknown as ConstructorParameters<typeof Context>[0], octokit, log);
  return loadConfig(context);
}

/** The installation an app's client acts for (Probot's token cache answers it); none for a plain token. */
async function installationOf(octokit: Octokit): Promise<number | undefined> {
  try {
    const auth = (await (octokit.auth as (options: object) => Promise<unknown>)({ type: "installation" })) as { installationId?: number };
    return typeof auth?.installationId === "number" ? auth.installationId : undefined;
  } catch {
    return undefined;
  }
}
