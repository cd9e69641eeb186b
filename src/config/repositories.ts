import type { PostmortemConfig } from "../config/schema.js";
import type { RepoRef } from "../github/github-client.js";

/** A configured repository (`name` or `owner/name`), else the base one; a bare name takes the base's owner. */
export function resolveRepository(configured: string | null, base: RepoRef): RepoRef {
  if (!configured) return { owner: base.owner, repo: base.repo };
  const [owner, repo] = configured.includes("/") ? configured.split("/") : [base.owner, configured];
  return { owner: owner!, repo: repo! };
}

/** The repository postmortems of an incident go to: configured, else the incident's own. */
export function postmortemRepository(config: PostmortemConfig, incidentRepo: RepoRef): RepoRef {
  return resolveRepository(config.postmortem.repository, incidentRepo);
}

/** The repository action items of a postmortem go to: configured, else the postmortem's own. */
export function actionItemsRepository(config: PostmortemConfig, postmortemRepo: RepoRef): RepoRef {
  return resolveRepository(config.actionItems.repository, postmortemRepo);
}

export function sameRepository(a: RepoRef, b: RepoRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}
