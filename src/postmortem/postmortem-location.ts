import type { PostmortemConfig } from "../config/schema.js";
import type { RepoRef } from "../github/github-client.js";

/** The repository postmortems of an incident go to: configured, else the incident's own. Same owner only. */
export function postmortemRepository(config: PostmortemConfig, incidentRepo: RepoRef): RepoRef {
  const configured = config.postmortem.repository;
  if (!configured) return incidentRepo;
  const [owner, repo] = configured.includes("/") ? configured.split("/") : [incidentRepo.owner, configured];
  return { owner: owner!, repo: repo! };
}

export function sameRepository(a: RepoRef, b: RepoRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}
