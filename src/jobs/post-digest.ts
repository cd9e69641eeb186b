import type { PostmortemConfig } from "../config/schema.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { readMarkerData } from "../domain/markers.js";
import { keptOfRace } from "../domain/kept-of-race.js";
import { computeDigest } from "../digest/compute-digest.js";
import { gatherFacts } from "../digest/gather-facts.js";
import type { Period, PeriodKind } from "../digest/model.js";
import { lastCompletePeriod, periodOf, previousPeriods } from "../digest/periods.js";
import { digestTitle, renderDigest } from "../digest/render-digest.js";
import { writtenByApp, type GitHubClient, type IssueRecord, type RepoRef } from "../github/github-client.js";
import { resolveRepository, sameRepository } from "../config/repositories.js";

export const DIGEST_LABEL = "digest";
const HISTORY: Record<PeriodKind, number> = { weekly: 4, monthly: 6 };

export interface DigestJob {
  /** The repository whose configuration this is: its incidents are covered, and by default the digest is posted there. */
  home: RepoRef;
  config: PostmortemConfig;
  kind: PeriodKind;
  /** A past period (`2026-W40`, `2026-09`), read in the configured time zone; default: the last complete one. */
  periodId?: string;
  now: Date;
}

export type DigestOutcome =
  | { kind: "exists"; digest: IssueRef }
  | { kind: "posted"; digest: IssueRef; body: string }
  | { kind: "duplicate-closed"; digest: IssueRef }
  | { kind: "dry-run"; title: string; body: string };

/**
 * Posts one digest issue for a period, or finds the one already posted: the period's marker is
 * looked up before creating, and after creating, the older of two racing digests is kept.
 */
export async function postDigest(github: GitHubClient, job: DigestJob, dryRun = false): Promise<DigestOutcome> {
  const { config, kind } = job;
  const period = job.periodId ? periodOf(kind, job.periodId, config.timeZone) : lastCompletePeriod(kind, job.now, config.timeZone);
  const target = resolveRepository(config.digest.repository, job.home);
  const kindLabel = `${DIGEST_LABEL}:${kind}`;

  const existing = await findDigests(github, target, kindLabel, period);
  if (existing[0] && !dryRun) return { kind: "exists", digest: { ...target, number: existing[0].number } };

  const sources = await sourceRepositories(github, job.home, config);
  const periods = [period, ...previousPeriods(period, HISTORY[kind], config.timeZone)];
  const windowStart = periods.at(-1)!.start;
  const { facts, repositories } = await gatherFacts(github, sources, config, windowStart);
  const digest = computeDigest(facts, { kind, period, timeZone: config.timeZone, severities: config.severities, history: HISTORY[kind], now: job.now });
  // The target is usually one of the sources, whose privacy the digest has already read.
  const targetPrivate = repositories.find((source) => sameRepository(source.repo, target))?.isPrivate ?? (await github.isPrivate(target));
  const body = renderDigest(digest, {
    repositories: repositories.map(({ repo }) => `${repo.owner}/${repo.repo}`),
    severities: config.severities.map((level) => level.name),
    timeZone: config.timeZone,
    labels: { incidents: config.severities.map((level) => level.label), postmortem: config.postmortem.label, actionItem: config.actionItems.label },
    // A public digest names nothing from a private repository unless the team says it may.
    mayShow: (issue) => !issue.private || targetPrivate || config.digest.showPrivateDetails,
  });
  const title = digestTitle(digest);
  if (dryRun) return { kind: "dry-run", title, body };

  const created = await github.createIssue(target, { title, body, labels: [DIGEST_LABEL, kindLabel], assignees: [] });
  const ref: IssueRef = { ...target, number: created.number };
  const race = keptOfRace(created.number, await findDigests(github, target, kindLabel, period));
  if (race.kept === "theirs") {
    const kept: IssueRef = { ...target, number: race.number };
    await github.closeAsDuplicate(ref, kept);
    return { kind: "duplicate-closed", digest: kept };
  }
  return { kind: "posted", digest: ref, body };
}

/** The period's digests, oldest first: created after the period ended, so listed since its end. */
async function findDigests(github: GitHubClient, repo: RepoRef, label: string, period: Period): Promise<IssueRecord[]> {
  const issues = await github.listLabelledIssuesSince(repo, label, period.end);
  return issues
    .filter((issue) => writtenByApp(issue.user) && readMarkerData(issue.body, "digest")?.period === period.id && readMarkerData(issue.body, "digest")?.kind === period.kind)
    .sort((a, b) => a.number - b.number);
}

/** The home repository, the configured ones, and those of the owner with the configured topic. */
async function sourceRepositories(github: GitHubClient, home: RepoRef, config: PostmortemConfig): Promise<RepoRef[]> {
  const repos: RepoRef[] = [home, ...config.digest.repositories.map((name) => resolveRepository(name, home))];
  if (config.digest.topic) repos.push(...(await github.repositoriesWithTopic(home.owner, config.digest.topic)));
  return repos.filter((repo, index) => repo.owner.toLowerCase() === home.owner.toLowerCase() && repos.findIndex((other) => sameRepository(other, repo)) === index);
}
