import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SeverityLevel } from "../../src/config/schema.js";
import type { IssueRef } from "../../src/domain/issue-ref.js";
import { marker, readMarker } from "../../src/domain/markers.js";
import { renderSummaryBlock, summarize } from "../../src/domain/postmortem-summary.js";
import type { IssueComment, IssueRecord, RepoRef } from "../../src/github/github-client.js";
import { keptOfRace } from "../../src/domain/kept-of-race.js";
import type { ListedPostmortem } from "../../src/postmortem/find-postmortem.js";
import type { IncidentHints, ObservedIncident } from "../../src/postmortem/observe-incident.js";
import { choosePostmortem, CREATOR_GRACE_MS, incidentFacts, NEW_POSTMORTEM, planIncident, summaryUpdate } from "../../src/postmortem/plan-incident.js";
import type { History } from "../../src/postmortem/recurrence.js";

/** Observations are plain data here: what observeIncident would have read from GitHub. */

const NOW = new Date("2026-11-26T10:00:00Z");
const HOME: RepoRef = { owner: "acme", repo: "incidents" };
const ELSEWHERE: RepoRef = { owner: "acme", repo: "postmortems" };
const REF: IssueRef = { ...HOME, number: 41 };
const PM: IssueRef = { ...HOME, number: 42 };
const APP = { login: "postmortem-bot[bot]", type: "Bot", self: true };
const PERSON = { login: "mallory", type: "User" };
const UTC = { timeZone: "UTC", holidays: [] };
const [SEV1, SEV2, SEV3] = DEFAULT_CONFIG.severities as [SeverityLevel, SeverityLevel, SeverityLevel];
const OLD = "2026-11-23T09:05:00Z";
const YOUNG = new Date(NOW.getTime() - 60_000).toISOString();

function incident(labels: string[], fields: Partial<IssueRecord> = {}): IssueRecord {
  return {
    number: 41,
    id: 1041,
    title: "Checkout API returns 500 for all users",
    body: "Customers cannot pay.",
    state: "open",
    html_url: "https://github.com/acme/incidents/issues/41",
    created_at: "2026-11-23T09:00:00Z",
    closed_at: null,
    user: { login: "dana", type: "User" },
    assignees: [],
    labels: labels.map((name) => ({ name })),
    ...fields,
  };
}

const closedAt = (at: string): Partial<IssueRecord> => ({ state: "closed", closed_at: at });
const assigned = (...logins: string[]): Partial<IssueRecord> => ({ assignees: logins.map((login) => ({ login })) });

/** A postmortem the app opened for #41 whose summary says `severity` (and the resolution and commanders given). */
function postmortem(
  severity: SeverityLevel,
  state: { closedAt?: string; assignees?: string[] } = {},
  fields: { number?: number; createdAt?: string; repo?: RepoRef } = {},
): ListedPostmortem {
  const repo = fields.repo ?? HOME;
  const number = fields.number ?? 42;
  const summary = summarize(
    {
      ref: REF,
      url: "https://github.com/acme/incidents/issues/41",
      createdAt: "2026-11-23T09:00:00Z",
      closedAt: state.closedAt ?? null,
      state: state.closedAt ? "closed" : "open",
      assignees: state.assignees ?? [],
    },
    severity,
    UTC,
  );
  return {
    number,
    id: 2000 + number,
    title: "Postmortem: Checkout API returns 500 for all users",
    body: `${renderSummaryBlock(summary, UTC)}\n\n## Executive summary\n\nWritten by people.`,
    state: "open",
    html_url: `https://github.com/${repo.owner}/${repo.repo}/issues/${number}`,
    created_at: fields.createdAt ?? OLD,
    closed_at: null,
    user: APP,
    labels: [{ name: "postmortem" }],
    ref: { ...repo, number },
  };
}

const appComment = (id: number, body: string): IssueComment => ({ id, body, user: APP });
const personComment = (id: number, body: string): IssueComment => ({ id, body, user: PERSON });

function observed(issue: IssueRecord, rest: Partial<ObservedIncident> = {}): ObservedIncident {
  return { ref: REF, repoPrivate: false, issue, comments: [], targetRepo: HOME, ...rest };
}

const HISTORY: History = {
  incidents: [
    {
      ref: { ...HOME, number: 20 },
      title: "Checkout slow at peak",
      severity: "SEV3",
      openedAt: "2026-10-20T18:00:00Z",
      closedAt: "2026-10-21T07:00:00Z",
      services: ["service:checkout"],
    },
  ],
  openItems: [],
};
const NO_HISTORY: History = { incidents: [], openItems: [] };

const creates = (severity: string, fields: Record<string, unknown> = {}) => [
  { kind: "create-postmortem", severity: { name: severity }, title: "Checkout API returns 500 for all users", ...fields },
  { kind: "post-checklist", postmortem: NEW_POSTMORTEM },
  { kind: "link", postmortem: NEW_POSTMORTEM, severity },
];

type Row = [
  name: string,
  observation: ObservedIncident | undefined,
  hints: IncidentHints,
  outcome: Record<string, unknown>,
  writes: Record<string, unknown>[],
  problems?: unknown[],
];

describe("planIncident", () => {
  it.each<Row>([
    ["the issue is gone", undefined, {}, { kind: "gone" }, []],
    ["no severity label: not an incident, nothing to do", observed(incident(["bug"]), { listed: [] }), { lookForHistory: true }, { kind: "not-an-incident" }, []],

    // No postmortem yet.
    [
      "SEV1 without a postmortem: create it, post the checklist, link it",
      observed(incident(["incident:sev1"], assigned("dana")), { listed: [] }),
      {},
      { kind: "create" },
      creates("SEV1", { assignees: ["dana"], services: [], facts: { ref: REF, state: "open", closedAt: null, assignees: ["dana"] } }),
    ],
    ["a severity label in another case counts", observed(incident(["INCIDENT:SEV2"]), { listed: [] }), {}, { kind: "create" }, creates("SEV2")],
    [
      "the service labels travel with the postmortem",
      observed(incident(["incident:sev2", "service:checkout", "bug"]), { listed: [] }),
      {},
      { kind: "create" },
      creates("SEV2", { services: ["service:checkout"] }),
    ],
    [
      "closed before any postmortem existed (the app installed late): created with its resolution",
      observed(incident(["incident:sev2"], closedAt("2026-11-26T12:00:00Z")), { listed: [] }),
      {},
      { kind: "create" },
      creates("SEV2", { facts: { state: "closed", closedAt: "2026-11-26T12:00:00Z" } }),
    ],
    [
      "postmortems kept in another repository of the owner: no assignees (they may not be collaborators there)",
      observed(incident(["incident:sev1"], assigned("dana")), { listed: [], targetRepo: ELSEWHERE }),
      {},
      { kind: "create" },
      creates("SEV1", { assignees: [] }),
    ],

    // Optional severities.
    [
      "SEV3 without a postmortem: the optional notice",
      observed(incident(["incident:sev3"]), { listed: [] }),
      {},
      { kind: "optional" },
      [{ kind: "optional-notice", body: expect.stringContaining("A postmortem is optional for SEV3 incidents.") }],
    ],
    [
      "SEV3, the notice already given: nothing",
      observed(incident(["incident:sev3"]), { listed: [], comments: [appComment(30, marker("optional", { severity: "SEV3" }))] }),
      {},
      { kind: "optional" },
      [],
    ],
    [
      "SEV3, a copied notice marker in a person's comment: the notice is still owed",
      observed(incident(["incident:sev3"]), { listed: [], comments: [personComment(30, marker("optional", { severity: "SEV3" }))] }),
      {},
      { kind: "optional" },
      [{ kind: "optional-notice" }],
    ],
    [
      "SEV3 asked for with /postmortem: create it",
      observed(incident(["incident:sev3"]), { listed: [], comments: [appComment(30, marker("optional", { severity: "SEV3" }))] }),
      { requested: true },
      { kind: "create" },
      creates("SEV3"),
    ],

    // A linked postmortem.
    ["linked and in step: nothing", observed(incident(["incident:sev1"]), { linked: postmortem(SEV1) }), { lookForHistory: true }, { kind: "existing", postmortem: PM }, []],
    [
      "linked, the incident closed since: the deadline written and announced",
      observed(incident(["incident:sev1"], closedAt("2026-11-27T16:00:00Z")), { linked: postmortem(SEV1) }),
      {},
      { kind: "existing", postmortem: PM },
      [
        {
          kind: "update-summary",
          postmortem: PM,
          body: expect.stringContaining("| **Review due** | **2026-11-30** (1 business day after resolution) |"),
          announcement: "The incident was resolved. Review due: **2026-11-30** (1 business day after resolution).",
        },
      ],
    ],
    [
      "linked, the severity flipped up since: the summary follows, the change announced",
      observed(incident(["incident:sev1"]), { linked: postmortem(SEV3) }),
      {},
      { kind: "existing", postmortem: PM },
      [{ kind: "update-summary", postmortem: PM, body: expect.stringContaining("| **Severity** | SEV1 |"), announcement: "Severity changed from SEV3 to SEV1." }],
    ],
    [
      "linked, reopened since it was resolved: the deadline cleared and announced",
      observed(incident(["incident:sev1"]), { linked: postmortem(SEV1, { closedAt: "2026-11-24T10:00:00Z" }) }),
      {},
      { kind: "existing", postmortem: PM },
      [{ kind: "update-summary", announcement: "The incident was reopened, so the review deadline is cleared until it is resolved again." }],
    ],
    [
      "linked, a new assignee: the commanders follow, nothing to announce",
      observed(incident(["incident:sev1"], assigned("dana")), { linked: postmortem(SEV1) }),
      {},
      { kind: "existing", postmortem: PM },
      [{ kind: "update-summary", body: expect.stringContaining("| **Incident commander candidates** | @dana |"), announcement: undefined }],
    ],
    [
      "half-way through a flip down, both labels held: the more severe stays, nothing",
      observed(incident(["incident:sev1", "incident:sev3"]), { linked: postmortem(SEV1) }),
      {},
      { kind: "existing", postmortem: PM },
      [],
    ],
    [
      "a stale SEV2 delivery after the flip: GitHub holds SEV1, the postmortem says SEV1, nothing",
      observed(incident(["incident:sev1"]), { linked: postmortem(SEV1) }),
      { lookForHistory: true },
      { kind: "existing" },
      [],
    ],

    // A postmortem found in the list without its link.
    [
      "listed unlinked, older than the grace, no checklist: checklist and link",
      observed(incident(["incident:sev1"]), { listed: [postmortem(SEV1)], listedComments: [] }),
      {},
      { kind: "existing", postmortem: PM },
      [
        { kind: "post-checklist", postmortem: PM },
        { kind: "link", postmortem: PM, severity: "SEV1" },
      ],
    ],
    [
      "listed unlinked, older, its checklist posted: the link alone",
      observed(incident(["incident:sev1"]), { listed: [postmortem(SEV1)], listedComments: [appComment(11, marker("checklist", {}))] }),
      {},
      { kind: "existing", postmortem: PM },
      [{ kind: "link", postmortem: PM, severity: "SEV1" }],
    ],
    [
      "listed unlinked, older, its summary behind: checklist, link and summary",
      observed(incident(["incident:sev1"]), { listed: [postmortem(SEV2)], listedComments: [] }),
      {},
      { kind: "existing", postmortem: PM },
      [
        { kind: "post-checklist", postmortem: PM },
        { kind: "link", postmortem: PM },
        { kind: "update-summary", postmortem: PM, announcement: "Severity changed from SEV2 to SEV1." },
      ],
    ],
    [
      "listed unlinked, younger than the grace: its creator is still at work, nothing",
      observed(incident(["incident:sev1"]), { listed: [postmortem(SEV1, {}, { createdAt: YOUNG })], listedComments: [] }),
      {},
      { kind: "creator-at-work", postmortem: PM },
      [],
    ],
    [
      "listed younger, an optional severity: no notice either",
      observed(incident(["incident:sev3"]), { listed: [postmortem(SEV3, {}, { createdAt: YOUNG })], listedComments: [] }),
      {},
      { kind: "creator-at-work", postmortem: PM },
      [],
    ],

    // Where the postmortem would go.
    [
      "a postmortem repository of another owner: refused, and told as a configuration problem",
      observed(incident(["incident:sev1"]), { listed: [], targetRepo: { owner: "other", repo: "postmortems" } }),
      {},
      { kind: "refused", reason: "other owner" },
      [],
      [expect.stringContaining("`other/postmortems` belongs to another owner")],
    ],
    [
      "a private incident, a public postmortem repository: the privacy refusal",
      observed(incident(["incident:sev1"]), { listed: [], repoPrivate: true, targetRepo: ELSEWHERE, targetPrivate: false }),
      {},
      { kind: "refused", reason: "private incident, public postmortem repository" },
      [{ kind: "privacy-refusal", incidentRepo: "acme/incidents", target: "acme/postmortems" }],
    ],
    [
      "the privacy refusal already posted: refused, nothing more",
      observed(incident(["incident:sev1"]), { listed: [], repoPrivate: true, targetRepo: ELSEWHERE, targetPrivate: false, comments: [appComment(12, marker("privacy-refusal"))] }),
      {},
      { kind: "refused" },
      [],
    ],
    [
      "a private incident, a private postmortem repository: create",
      observed(incident(["incident:sev1"]), { listed: [], repoPrivate: true, targetRepo: ELSEWHERE, targetPrivate: true }),
      {},
      { kind: "create" },
      creates("SEV1"),
    ],
    [
      "a public incident, a public postmortem repository (its visibility not read): create",
      observed(incident(["incident:sev1"]), { listed: [], targetRepo: ELSEWHERE }),
      {},
      { kind: "create" },
      creates("SEV1"),
    ],
    [
      "a public incident, a public postmortem repository (its visibility known): create, nothing to hide",
      observed(incident(["incident:sev1"]), { listed: [], targetRepo: ELSEWHERE, targetPrivate: false }),
      {},
      { kind: "create" },
      creates("SEV1"),
    ],

    // The recurrence warning.
    [
      "a history, a label just added, not warned yet: the warning, and the postmortem names the earlier incidents",
      observed(incident(["incident:sev1", "service:checkout"]), { listed: [], history: HISTORY }),
      { lookForHistory: true },
      { kind: "create" },
      [
        { kind: "recurrence-warning", body: expect.stringContaining("🔁 This is not the first incident on `service:checkout`.") },
        ...creates("SEV1", { related: "- #20 (SEV3, 2026-10-20, `service:checkout`)" }),
      ],
    ],
    [
      "a history, no label just added: no warning, the related incidents still named",
      observed(incident(["incident:sev1", "service:checkout"]), { listed: [], history: HISTORY }),
      {},
      { kind: "create" },
      creates("SEV1", { related: expect.stringContaining("#20") }),
    ],
    [
      "a history, already warned: no second warning",
      observed(incident(["incident:sev1", "service:checkout"]), { listed: [], history: HISTORY, comments: [appComment(60, marker("recurrence", { incidents: [], items: [] }))] }),
      { lookForHistory: true },
      { kind: "create" },
      creates("SEV1"),
    ],
    [
      "a history, a copied warning marker in a person's comment: still warned",
      observed(incident(["incident:sev1", "service:checkout"]), {
        listed: [],
        history: HISTORY,
        comments: [personComment(60, marker("recurrence", { incidents: [], items: [] }))],
      }),
      { lookForHistory: true },
      { kind: "create" },
      [{ kind: "recurrence-warning" }, ...creates("SEV1")],
    ],
    [
      "no earlier incident nor open item: no warning",
      observed(incident(["incident:sev1", "service:search"]), { listed: [], history: NO_HISTORY }),
      { lookForHistory: true },
      { kind: "create" },
      creates("SEV1", { related: "_None recorded yet._" }),
    ],
    [
      "linked and in step, a service just added with a history: the warning alone",
      observed(incident(["incident:sev1", "service:checkout"]), { linked: postmortem(SEV1), history: HISTORY }),
      { lookForHistory: true },
      { kind: "existing", postmortem: PM },
      [{ kind: "recurrence-warning" }],
    ],
  ])("%s", (_name, observation, hints, outcome, writes, problems = []) => {
    const plan = planIncident(observation, DEFAULT_CONFIG, hints, NOW);
    expect(plan.outcome).toMatchObject(outcome);
    expect(plan.writes).toMatchObject(writes);
    expect(plan.writes).toHaveLength(writes.length);
    expect(plan.problems).toEqual(problems);
  });

  it("a plan made from the state its own writes leave behind has no writes: planning converges", () => {
    const before = observed(incident(["incident:sev1"], { ...closedAt("2026-11-27T16:00:00Z"), ...assigned("dana") }), { linked: postmortem(SEV3) });
    const [update] = planIncident(before, DEFAULT_CONFIG, {}, NOW).writes;
    expect(update).toMatchObject({ kind: "update-summary" });
    const after = observed(before.issue, { linked: { ...before.linked!, body: (update as { body: string }).body } });
    expect(planIncident(after, DEFAULT_CONFIG, {}, NOW).writes).toEqual([]);
  });
});

describe("choosePostmortem", () => {
  const at = (msAgo: number) => new Date(NOW.getTime() - msAgo).toISOString();
  it.each<[string, Pick<ObservedIncident, "linked" | "listed" | "listedComments">, Record<string, unknown>]>([
    ["the linked one", { linked: postmortem(SEV1) }, { kind: "found", postmortem: { ref: PM }, linked: true, checklistPosted: true }],
    [
      "the linked one even when others are listed",
      { linked: postmortem(SEV1, {}, { number: 50 }), listed: [postmortem(SEV1)] },
      { kind: "found", postmortem: { number: 50 }, linked: true },
    ],
    ["nothing linked, nothing listed", {}, { kind: "none" }],
    ["nothing linked, an empty list", { listed: [] }, { kind: "none" }],
    [
      "the oldest listed, of two",
      { listed: [postmortem(SEV1), postmortem(SEV1, {}, { number: 43 })], listedComments: [] },
      { kind: "found", postmortem: { ref: PM }, linked: false, checklistPosted: false },
    ],
    ["listed exactly as old as the grace: its creator stopped", { listed: [postmortem(SEV1, {}, { createdAt: at(CREATOR_GRACE_MS) })] }, { kind: "found", linked: false }],
    [
      "listed a millisecond younger than the grace: its creator is at work",
      { listed: [postmortem(SEV1, {}, { createdAt: at(CREATOR_GRACE_MS - 1) })] },
      { kind: "creator-at-work", postmortem: PM },
    ],
    [
      "listed, its checklist posted by the app",
      { listed: [postmortem(SEV1)], listedComments: [appComment(11, marker("checklist", {}))] },
      { kind: "found", checklistPosted: true },
    ],
    [
      "listed, a checklist marker in a person's comment",
      { listed: [postmortem(SEV1)], listedComments: [personComment(11, marker("checklist", {}))] },
      { kind: "found", checklistPosted: false },
    ],
    ["listed, its comments not read", { listed: [postmortem(SEV1)] }, { kind: "found", checklistPosted: false }],
  ])("%s", (_name, observation, expected) => {
    expect(choosePostmortem(observation, NOW)).toMatchObject(expected);
  });
});

describe("summaryUpdate", () => {
  const facts = (issue: IssueRecord) => incidentFacts(issue, REF);

  it("is undefined when the summary is in step", () => {
    expect(summaryUpdate(postmortem(SEV2), facts(incident(["incident:sev2"])), SEV2, DEFAULT_CONFIG)).toBeUndefined();
  });

  it("rewrites only the summary block, keeps what people wrote, and says what changed", () => {
    const update = summaryUpdate(postmortem(SEV2), facts(incident(["incident:sev1"], closedAt("2026-11-27T16:00:00Z"))), SEV1, DEFAULT_CONFIG);
    expect(update).toMatchObject({
      kind: "update-summary",
      postmortem: PM,
      announcement: "Severity changed from SEV2 to SEV1. The incident was resolved. Review due: **2026-11-30** (1 business day after resolution).",
    });
    const body = (update as { body: string }).body;
    expect(readMarker(body, "summary:start")).toMatchObject({ severity: "SEV1", resolvedAt: "2026-11-27T16:00:00Z", reviewDue: "2026-11-30" });
    expect(body.endsWith("## Executive summary\n\nWritten by people.")).toBe(true);
  });

  it("puts a summary back on top of a body a person emptied, with nothing to announce (nothing was there to compare)", () => {
    const update = summaryUpdate({ ...postmortem(SEV1), body: null }, facts(incident(["incident:sev1"])), SEV1, DEFAULT_CONFIG);
    expect(update).toMatchObject({ kind: "update-summary", announcement: undefined });
    expect(readMarker((update as { body: string }).body, "summary:start")).toMatchObject({ severity: "SEV1" });
  });
});

describe("incidentFacts", () => {
  it.each<[string, Partial<IssueRecord>, Record<string, unknown>]>([
    ["open, no assignees", {}, { state: "open", closedAt: null, assignees: [] }],
    [
      "closed, two assignees",
      { ...closedAt("2026-11-27T16:00:00Z"), ...assigned("dana", "octocat") },
      { state: "closed", closedAt: "2026-11-27T16:00:00Z", assignees: ["dana", "octocat"] },
    ],
    ["assignees missing from the answer", { assignees: null }, { assignees: [] }],
  ])("%s", (_name, fields, expected) => {
    expect(incidentFacts(incident(["incident:sev1"], fields), REF)).toMatchObject({
      ref: REF,
      url: "https://github.com/acme/incidents/issues/41",
      createdAt: "2026-11-23T09:00:00Z",
      ...expected,
    });
  });
});

describe("keptOfRace", () => {
  it.each<[string, number, number[], ReturnType<typeof keptOfRace>]>([
    ["ours is the only one", 5, [5], { kept: "ours" }],
    ["ours is the oldest", 2, [2, 3], { kept: "ours" }],
    ["ours is the oldest, listed out of order", 2, [3, 2], { kept: "ours" }],
    ["an older one exists: theirs", 3, [2, 3], { kept: "theirs", number: 2 }],
    ["the oldest of several older ones is kept", 9, [7, 4, 6, 9], { kept: "theirs", number: 4 }],
    ["the list does not show ours yet, nor anything older", 2, [], { kept: "ours" }],
    ["the list shows only newer ones", 2, [3, 4], { kept: "ours" }],
  ])("%s", (_name, created, listed, expected) => {
    expect(
      keptOfRace(
        created,
        listed.map((number) => ({ number })),
      ),
    ).toEqual(expected);
  });
});
