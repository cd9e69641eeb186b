import type { PostmortemConfig } from "../config/schema.js";
import { issueMention, sameIssue, type IssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { labelNames, serviceLabels } from "../domain/labels.js";
import { renderPostmortemTitle } from "../domain/render-postmortem.js";
import { writtenByApp, type GitHubClient, type IssueRecord, type RepoRef } from "../github/github-client.js";
import { actionItemsRepository, sameRepository } from "../config/repositories.js";
import { readActionItemRecord, renderActionItemBody, type ActionItemRecord } from "./action-item-body.js";
import { findActionTable } from "./action-table.js";
import { derivedDueDate } from "./due-date.js";
import { editCells, type CellEdit } from "./edit-cells.js";
import { fitAssignees, fitLabels, nextLinking } from "./fit-issue-limits.js";
import { filingComment, type FiledItem, type Linking, type RowProblem } from "./messages.js";
import { addToProject, findProject } from "./project-v2.js";
import { readActionRows, type ActionRow } from "./read-rows.js";
import { addTrackedTasks } from "./tracked-tasks.js";
import type { ObservedItem } from "./plan-item-rows.js";
import { keptOfRace } from "../domain/kept-of-race.js";

export interface FilingContext {
  github: GitHubClient;
  config: PostmortemConfig;
  /** Configuration problems to tell the user about (the caller reports them). */
  problems: string[];
  now: Date;
}

export interface Postmortem {
  ref: IssueRef;
  issue: IssueRecord;
  /** Whether the postmortem's repository is private (from the webhook's repository). */
  private: boolean;
}

export interface FilingOutcome {
  filed: FiledItem[];
  linkedAs: Linking | null;
  rowProblems: RowProblem[];
}

/**
 * Files every row of the postmortem's action items table that has no issue yet: one issue per
 * row, linked to the postmortem, and the number written back into the row. Rows already filed by
 * a delivery that stopped before writing back are adopted, not filed twice.
 */
export async function fileActionItems(ctx: FilingContext, postmortem: Postmortem, existing: readonly ObservedItem[]): Promise<FilingOutcome> {
  const { github, config } = ctx;
  const none: FilingOutcome = { filed: [], linkedAs: null, rowProblems: [] };
  const table = findActionTable(postmortem.issue.body ?? "");
  if (!table) return none;
  const pending = readActionRows(table, postmortem.ref).filter((row) => row.fileable && !row.issue);
  if (pending.length === 0) return none;

  const itemsRepo = actionItemsRepository(config, postmortem.ref);
  if (!(await mayFileIn(ctx, postmortem, itemsRepo))) return none;

  const incident = readSummary(postmortem.issue.body)?.incident ?? null;
  const project = config.actionItems.project ? await findProject(github, config.actionItems.project) : undefined;
  if (typeof project === "string") ctx.problems.push(`\`actionItems.project\`: ${project}; items were filed without it.`);

  // The postmortem's service labels travel on to its action items: a new incident on the service finds them.
  const services = serviceLabels(labelNames(postmortem.issue), config);
  const filed: FiledItem[] = [];
  const rowProblems: RowProblem[] = [];
  let linkedAs: FilingOutcome["linkedAs"] = null;
  const uncopiedLabels: string[] = [];
  for (const row of pending) {
    const adopted = existing.find((item) => item.record.key === row.key);
    if (adopted) {
      // Its delivery stopped before writing the number back, maybe before linking it too: link it
      // again (GitHub answers an existing link with a 422 the client takes as linked).
      const link = await github.addSubIssue(postmortem.ref, adopted.issue.id);
      if (link !== "linked") linkedAs = nextLinking(linkedAs, link);
      filed.push({ key: row.key, action: row.action, ref: adopted.ref, record: adopted.record, owners: row.owners, adopted: true });
      continue;
    }
    const record = recordFor(row, postmortem.ref, incident, config, ctx.now);
    const view = {
      action: row.action,
      postmortemMention: issueMention(postmortem.ref, itemsRepo),
      incidentMention: incident ? issueMention(incident, itemsRepo) : null,
      owners: row.owners,
      unassignable: [] as string[],
    };
    // GitHub's caps: the first 10 owners assigned, the rest named in the body; labels up to 100.
    const { assigned, named } = fitAssignees(row.owners);
    const atMention = (owners: readonly string[]) => owners.map((owner) => `@${owner}`);
    const fitted = fitLabels([config.actionItems.label, `priority:${record.priority}`, ...(record.type ? [`type:${record.type}`] : [])], services);
    for (const label of fitted.uncopied) if (!uncopiedLabels.includes(label)) uncopiedLabels.push(label);
    const created = await github.createIssue(
      itemsRepo,
      {
        title: renderPostmortemTitle({ titlePrefix: "", incidentTitle: row.action }),
        body: renderActionItemBody(record, { ...view, unassignable: atMention(named) }),
        labels: fitted.labels,
        assignees: assigned,
      },
      (owners) => renderActionItemBody(record, { ...view, unassignable: atMention([...owners, ...named]) }),
    );
    const ref: IssueRef = { ...itemsRepo, number: created.number };
    const problems = [...row.problems];
    if (!row.priority) problems.push(`filed as ${record.priority} (the default priority)`);
    if (named.length > 0) problems.push(`GitHub assigns at most 10 owners: ${named.map((owner) => `\`${owner}\``).join(", ")} named in the issue instead`);
    if (created.unassignable.length > 0) problems.push(`owner ${created.unassignable.map((owner) => `\`${owner}\``).join(", ")} could not be assigned; named in the issue instead`);
    if (problems.length > 0) rowProblems.push({ position: row.row.position, action: row.action, problems });

    const link = await github.addSubIssue(postmortem.ref, created.id);
    linkedAs = nextLinking(linkedAs, link);
    if (project && typeof project !== "string" && created.node_id) await addToProject(github, project, created.node_id, record.due);
    filed.push({ key: row.key, action: row.action, ref, record, owners: row.owners, adopted: false });
  }

  if (filed.length > 0) {
    // One read after the creations: the items now (a racing replica's included) and the body now.
    const now = await github.getBodyAndLabelledIssues(postmortem.ref, itemsRepo, config.actionItems.label, postmortem.issue.created_at);
    if (filed.some((item) => !item.adopted)) await keepOldestOfDuplicates(github, actionItemsAmong(now.issues, itemsRepo, postmortem.ref), filed);
    await writeBack(github, postmortem.ref, now.body ?? "", filed, linkedAs?.as === "task list");
  }
  const comment = filingComment(
    filed.filter((item) => !item.adopted),
    linkedAs,
    rowProblems,
    (ref: IssueRef) => issueMention(ref, postmortem.ref),
    uncopiedLabels,
  );
  if (comment) await github.createComment(postmortem.ref, comment);
  return { filed, linkedAs, rowProblems };
}

/**
 * Another replica may have filed the same rows at the same moment: per row the oldest issue is
 * kept, ours closes as its duplicate, and the row gets the kept number.
 */
async function keepOldestOfDuplicates(github: GitHubClient, all: readonly ObservedItem[], filed: FiledItem[]): Promise<void> {
  for (const [index, item] of filed.entries()) {
    if (item.adopted) continue;
    const same = all.filter((other) => other.record.key === item.key);
    const race = keptOfRace(
      item.ref.number,
      same.map((other) => other.ref),
    );
    const oldest = race.kept === "theirs" ? same.find((other) => other.ref.number === race.number) : undefined;
    if (!oldest) continue;
    await github.closeAsDuplicate(item.ref, oldest.ref);
    filed[index] = { ...item, ref: oldest.ref, record: oldest.record, adopted: true };
  }
}

function recordFor(row: ActionRow, postmortem: IssueRef, incident: IssueRef | null, config: PostmortemConfig, now: Date): ActionItemRecord {
  const priority = row.priority ?? config.actionItems.defaultPriority;
  return {
    postmortem,
    incident,
    key: row.key,
    priority,
    type: row.type ?? null,
    due: row.due ?? derivedDueDate(priority, now, config),
    dueSource: row.due ? "explicit" : "derived",
    filedAt: now.toISOString(),
    reminded: null,
  };
}

/**
 * Fills only the Issue cell (and an empty Due cell) of each filed row in the body as read after
 * the creations, found again by its action text: an edit a person made meanwhile stays.
 */
async function writeBack(github: GitHubClient, postmortem: IssueRef, body: string, filed: readonly FiledItem[], asTasks: boolean): Promise<void> {
  const table = findActionTable(body);
  if (!table) return;
  const rows = readActionRows(table, postmortem);
  const edits: CellEdit[] = [];
  for (const item of filed) {
    const row = rows.find((candidate) => candidate.key === item.key && !candidate.issue);
    if (!row) continue;
    edits.push({ row: row.row, column: "issue", value: issueMention(item.ref, postmortem) });
    if (!row.row.cells.due?.text && item.record.dueSource === "derived") edits.push({ row: row.row, column: "due", value: item.record.due });
  }
  let next = editCells(body, table, edits);
  if (asTasks)
    next = addTrackedTasks(
      next,
      filed.map((item) => issueMention(item.ref, postmortem)),
    );
  if (next !== body) await github.updateIssue(postmortem, { body: next });
}

/** Action items stay with the postmortem's owner, and never leave a private repository for a public one. */
async function mayFileIn(ctx: FilingContext, postmortem: Postmortem, itemsRepo: RepoRef): Promise<boolean> {
  const postmortemRepo = postmortem.ref;
  if (sameRepository(postmortemRepo, itemsRepo)) return true;
  const target = `${itemsRepo.owner}/${itemsRepo.repo}`;
  if (itemsRepo.owner.toLowerCase() !== postmortemRepo.owner.toLowerCase()) {
    ctx.problems.push(`\`actionItems.repository\`: \`${target}\` belongs to another owner; no action item was filed.`);
    return false;
  }
  if (postmortem.private && !(await ctx.github.isPrivate(itemsRepo))) {
    ctx.problems.push(
      `\`actionItems.repository\`: \`${target}\` is public and this postmortem's repository is private; no action item was filed there, so nothing private is published.`,
    );
    return false;
  }
  return true;
}

/** The action items filed from a postmortem, found by their label since the postmortem was opened. */
export async function listActionItemsOf(
  github: GitHubClient,
  itemsRepo: RepoRef,
  label: string,
  postmortem: Pick<Postmortem, "ref" | "issue">,
): Promise<{ ref: IssueRef; issue: IssueRecord; record: ActionItemRecord }[]> {
  return actionItemsAmong(await github.listLabelledIssuesSince(itemsRepo, label, postmortem.issue.created_at), itemsRepo, postmortem.ref);
}

/** Of labelled issues, those this app filed from the postmortem (its own record in the body). */
export function actionItemsAmong(issues: readonly IssueRecord[], itemsRepo: RepoRef, postmortem: IssueRef): ObservedItem[] {
  return issues.flatMap((issue) => {
    const record = readActionItemRecord(issue.body);
    if (!record || !writtenByApp(issue.user) || !sameIssue(record.postmortem, postmortem)) return [];
    return [{ ref: { ...itemsRepo, number: issue.number }, issue, record }];
  });
}
