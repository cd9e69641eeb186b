import { describe, expect, it } from "vitest";
import { readActionItemRecord, renderActionItemBlock, renderActionItemBody, type ActionItemRecord } from "../../src/action-items/action-item-body.js";
import {
  allClosedComment,
  effectivenessReminder,
  filingComment,
  incidentAllClosedComment,
  regressionComment,
  unlistedComment,
  unownedComment,
} from "../../src/action-items/messages.js";
import { addTrackedTasks } from "../../src/action-items/tracked-tasks.js";
import { DEFAULT_CONFIG, DEFAULT_SEVERITIES } from "../../src/config/schema.js";
import { computeDigest } from "../../src/digest/compute-digest.js";
import { periodOf } from "../../src/digest/periods.js";
import { digestMarker } from "../../src/digest/render-digest.js";
import { issueMention, type IssueRef } from "../../src/domain/issue-ref.js";
import { marker, readMarkerData, type MarkerData, type PlainMarkerKind } from "../../src/domain/markers.js";
import { checklistIncompleteComment, commandReply, configErrorComment, linkComment, optionalNotice, privacyRefusal } from "../../src/domain/messages.js";
import { readSummary, renderSummaryBlock, type PostmortemSummary } from "../../src/domain/postmortem-summary.js";
import { renderChecklistComment } from "../../src/domain/review-checklist.js";
import { appComments, appMarkers, hasAppMarker } from "../../src/github/app-comments.js";
import { isOwnAccount } from "../../src/github/github-client.js";
import { findLinkComment } from "../../src/postmortem/find-postmortem.js";
import { recurrenceComment } from "../../src/postmortem/recurrence.js";
import { lastReviewReminder, reviewReminderComment } from "../../src/postmortem/review-reminders.js";
import { comment } from "../helpers/github-responses.js";

const REPO = { owner: "acme", repo: "incidents" };
const ref = (number: number): IssueRef => ({ ...REPO, number });
const UTC = { timeZone: "UTC", holidays: [] };
const PERSON = { login: "mallory", type: "User" };

const RECORD: ActionItemRecord = {
  postmortem: ref(42),
  incident: ref(41),
  key: "add an alert on checkout 5xx rate",
  priority: "P1",
  type: "detection",
  due: "2026-12-11",
  dueSource: "derived",
  filedAt: "2026-11-27T10:00:00.000Z",
  reminded: "due-soon",
};

const SUMMARY: PostmortemSummary = {
  incident: ref(41),
  incidentUrl: "https://github.com/acme/incidents/issues/41",
  severity: "SEV1",
  reviewBusinessDays: 1,
  openedAt: "2026-11-23T09:00:00Z",
  resolvedAt: "2026-11-27T16:00:00Z",
  reviewDue: "2026-11-30",
  commanders: ["dana"],
};

const weeklyDigest = computeDigest(
  { incidents: [], postmortems: [], actionItems: [] },
  { kind: "weekly", period: periodOf("weekly", "2026-W48", "UTC"), timeZone: "UTC", severities: DEFAULT_SEVERITIES, history: 4, now: new Date("2026-12-01T07:00:00Z") },
);

const history = {
  incidents: [{ ref: ref(10), title: "Checkout 500s", severity: "SEV2", openedAt: "2026-09-14T08:00:00Z", closedAt: null, services: ["service:checkout"] }],
  openItems: [{ ref: ref(12), title: "Canary stage", priority: "P1", due: "2026-11-01", owners: [], services: ["service:checkout"], daysOverdue: 25 }],
};

/**
 * What every message the app writes today carries, read back through its kind's schema. Typed as a
 * record of every kind, so a kind added without an entry here does not compile.
 */
const WRITTEN: Record<PlainMarkerKind, [string, MarkerData<PlainMarkerKind>][]> = {
  postmortem: [],
  link: [[linkComment(ref(42), "#42", "SEV1"), { postmortem: "acme/incidents#42" }]],
  optional: [[optionalNotice("SEV3"), { severity: "SEV3" }]],
  checklist: [[renderChecklistComment("- [ ] Timeline"), {}]],
  "checklist-incomplete": [[checklistIncompleteComment(["Timeline"], "2026-11-27T16:00:00Z", true), { closedAt: "2026-11-27T16:00:00Z" }]],
  "config-error": [[configErrorComment(["a", "b"], "postmortem.yml"), { problems: 2 }]],
  reply: [[commandReply(9001, "Done."), { to: 9001 }]],
  "summary:end": [[renderSummaryBlock(SUMMARY, UTC), {}]],
  "action-item:end": [[renderActionItemBlock(RECORD), {}]],
  "action-items-filed": [
    [
      filingComment([{ key: RECORD.key, action: "Add an alert", ref: ref(43), record: RECORD, owners: ["dana"], adopted: false }], { as: "sub-issues" }, [], (each) =>
        issueMention(each, REPO),
      )!,
      { items: ["#43"] },
    ],
  ],
  unlisted: [[unlistedComment("#42"), {}]],
  "all-closed": [
    [allClosedComment(2, "2027-01-11", ["@dana"]), { reviewDue: "2027-01-11" }],
    [incidentAllClosedComment("#42", "2027-01-11"), { reviewDue: "2027-01-11" }],
  ],
  reminder: [
    [reviewReminderComment("2026-11-30", "2026-12-02", ["dana"], 2), { reviewDue: "2026-11-30", on: "2026-12-02" }],
    [effectivenessReminder("2027-01-11", ["dana"]), { effectivenessReview: "2027-01-11" }],
  ],
  unowned: [[unownedComment(["#5", "#7"]), { items: ["#5", "#7"] }]],
  tracked: [[addTrackedTasks("Body", ["#5"]), {}]],
  digest: [[digestMarker(weeklyDigest), { kind: "weekly", period: "2026-W48" }]],
  regression: [[regressionComment("#43", "implemented (#50)", "2026-12-01T10:00:00Z", "acme/incidents#43", []), { item: "acme/incidents#43", reopenedAt: "2026-12-01T10:00:00Z" }]],
  recurrence: [[recurrenceComment(history, ["service:checkout"], REPO, DEFAULT_CONFIG), { incidents: ["acme/incidents#10"], items: ["acme/incidents#12"] }]],
  // Written inline by the GitHub client's checked creation (test/github/checked-creation.test.ts reads it back there).
  attempt: [[marker("attempt", { id: "0b6e1f0c-3d7a-4c8e-9a51-2f4b7d9e6c13" }), { id: "0b6e1f0c-3d7a-4c8e-9a51-2f4b7d9e6c13" }]],
  "privacy-refusal": [[privacyRefusal("acme/incidents", "acme/public"), {}]],
};

describe("every marker the app writes reads back", () => {
  const rows = Object.entries(WRITTEN).flatMap(([kind, written]) => written.map(([text, data], index) => [`${kind} ${index + 1}`, kind as PlainMarkerKind, text, data] as const));

  it.each(rows)("%s", (_name, kind, text, data) => {
    expect(readMarkerData(text, kind)).toEqual(data);
  });

  it("the summary block reads back as the summary", () => {
    expect(readSummary(renderSummaryBlock(SUMMARY, UTC))).toEqual(SUMMARY);
  });

  it.each<[string, ActionItemRecord]>([
    ["with every field set", RECORD],
    ["as first filed: no incident, no type, not reminded", { ...RECORD, incident: null, type: null, reminded: null, dueSource: "explicit" }],
  ])("the action item block reads back as its record, %s", (_name, record) => {
    const body = renderActionItemBody(record, { action: "Add an alert", postmortemMention: "#42", incidentMention: null, owners: [], unassignable: [] });
    expect(readActionItemRecord(body)).toEqual(record);
  });
});

describe("markers as earlier versions wrote them still read", () => {
  it("a summary of an unresolved incident, nulls and all", () => {
    const body =
      '<!-- postmortem-bot:summary:start {"incident":"acme/incidents#41","incidentUrl":"https://github.com/acme/incidents/issues/41","severity":"SEV3","reviewBusinessDays":null,"openedAt":"2026-11-23T09:00:00Z","resolvedAt":null,"reviewDue":null,"commanders":[]} -->\n| | |\n<!-- postmortem-bot:summary:end {} -->';
    expect(readSummary(body)).toEqual({ ...SUMMARY, severity: "SEV3", reviewBusinessDays: null, resolvedAt: null, reviewDue: null, commanders: [] });
  });

  it("an action item filed without incident, type or reminder", () => {
    const body =
      '<!-- postmortem-bot:action-item:start {"postmortem":"acme/incidents#2","incident":null,"key":"add a canary","priority":"P1","type":null,"due":"2026-12-10","dueSource":"derived","filedAt":"2026-11-26T10:00:00.000Z","reminded":null} -->\n<!-- postmortem-bot:action-item:end {} -->';
    expect(readActionItemRecord(body)).toEqual({
      postmortem: ref(2),
      incident: null,
      key: "add a canary",
      priority: "P1",
      type: null,
      due: "2026-12-10",
      dueSource: "derived",
      filedAt: "2026-11-26T10:00:00.000Z",
      reminded: null,
    });
  });

  it("keys a later version adds are dropped, not refused", () => {
    expect(readMarkerData('<!-- postmortem-bot:reply {"to":9,"via":"slash"} -->', "reply")).toEqual({ to: 9 });
    const body = renderActionItemBlock(RECORD).replace('"reminded":', '"stage":"x","reminded":');
    expect(readActionItemRecord(body)).toEqual(RECORD);
  });
});

describe("a marker whose payload does not match its kind's schema is ignored", () => {
  it.each<[PlainMarkerKind, string]>([
    ["link", '{"postmortem":42}'],
    ["link", "{}"],
    ["optional", '{"severity":["SEV1"]}'],
    ["checklist-incomplete", '{"closedAt":1764259200000}'],
    ["config-error", '{"problems":"2"}'],
    ["config-error", '{"privacy":true}'],
    ["reply", '{"to":"9001"}'],
    ["action-items-filed", '{"items":"#43"}'],
    ["all-closed", '{"reviewDue":null}'],
    ["reminder", '{"reviewDue":"2026-11-30","on":20261202}'],
    ["reminder", '{"effectivenessReview":true}'],
    ["unowned", '{"items":[5,7]}'],
    ["digest", '{"kind":"daily","period":"2026-11-30"}'],
    ["digest", '{"kind":"weekly"}'],
    ["regression", '{"item":"acme/incidents#43","reopenedAt":null}'],
    ["recurrence", '{"incidents":["acme/incidents#10"]}'],
    ["attempt", '{"id":7}'],
  ])("%s %s", (kind, json) => {
    expect(readMarkerData(`<!-- postmortem-bot:${kind} ${json} -->`, kind)).toBeUndefined();
  });

  const summaryWith = (change: Partial<Record<keyof PostmortemSummary, unknown>>) =>
    renderSummaryBlock(SUMMARY, UTC).replace(/\{.*?\} -->/, () => `${JSON.stringify({ ...SUMMARY, incident: "acme/incidents#41", ...change })} -->`);

  it.each<[string, Partial<Record<keyof PostmortemSummary, unknown>>]>([
    ["commanders as a string", { commanders: "dana" }],
    ["review days as a string", { reviewBusinessDays: "1" }],
    ["no incident URL", { incidentUrl: undefined }],
    ["severity as a number", { severity: 1 }],
    ["resolvedAt as a date number", { resolvedAt: 1764259200000 }],
    ["an incident that is not a reference", { incident: "somewhere" }],
  ])("a summary with %s", (_name, change) => {
    expect(readSummary(renderSummaryBlock(SUMMARY, UTC))).toEqual(SUMMARY);
    expect(readSummary(summaryWith(change))).toBeUndefined();
  });

  const recordWith = (change: Partial<Record<keyof ActionItemRecord, unknown>>) =>
    renderActionItemBlock(RECORD).replace(/\{.*?\} -->/, () => `${JSON.stringify({ ...RECORD, postmortem: "acme/incidents#42", incident: "acme/incidents#41", ...change })} -->`);

  it.each<[string, Partial<Record<keyof ActionItemRecord, unknown>>]>([
    ["an unknown priority", { priority: "P9" }],
    ["an unknown type", { type: "bug" }],
    ["an unknown reminder stage", { reminded: "sometimes" }],
    ["no reminder field", { reminded: undefined }],
    ["no due source", { dueSource: undefined }],
    ["a due date as a number", { due: 20261211 }],
    ["a postmortem that is not a reference", { postmortem: "#42" }],
  ])("an action item with %s", (_name, change) => {
    expect(readActionItemRecord(renderActionItemBlock(RECORD))).toEqual(RECORD);
    expect(readActionItemRecord(recordWith(change))).toBeUndefined();
  });
});

describe("the app's own comments: only payloads that match count", () => {
  const comments = [
    comment(1, '<!-- postmortem-bot:unowned {"items":"#5"} -->'),
    comment(2, unownedComment(["#5"]), PERSON),
    comment(3, unownedComment(["#7"])),
    comment(4, '<!-- postmortem-bot:reminder {"reviewDue":"2026-11-30","on":99999999} -->'),
    comment(5, reviewReminderComment("2026-11-30", "2026-12-02", [], 2)),
    comment(6, '<!-- postmortem-bot:reminder {"reviewDue":"2026-11-30","on":"2026-12-09"} -->', PERSON),
    comment(7, '<!-- postmortem-bot:link {"postmortem":["acme/secret#7"]} -->'),
    comment(8, linkComment(ref(42), "#42", "SEV1")),
    // Another app (or github-actions[bot]) copying the app's markers is not the app.
    comment(9, unownedComment(["#9"]), { login: "other-app[bot]", type: "Bot" }),
  ].map((each) => ({ ...each, user: { ...each.user, self: isOwnAccount(each.user, "postmortem-bot[bot]") } }));

  it("appMarkers gives the matching payloads of the app's comments, oldest first", () => {
    expect(appMarkers(comments, "unowned")).toEqual([{ items: ["#7"] }]);
    expect(appComments(comments, "link").map((each) => each.id)).toEqual([8]);
  });

  it("hasAppMarker never matches a malformed payload or a person's comment", () => {
    expect(hasAppMarker(comments, "reminder", (data) => data.on === "2026-12-02")).toBe(true);
    expect(hasAppMarker(comments, "reminder", (data) => data.on === "2026-12-09")).toBe(false);
    expect(hasAppMarker([comments[0]!, comments[1]!], "unowned")).toBe(false);
  });

  it("the last review reminder and the incident's link skip what does not match", () => {
    expect(lastReviewReminder(comments, "2026-11-30")).toBe("2026-12-02");
    expect(findLinkComment(comments)?.comment.id).toBe(8);
    expect(findLinkComment(comments.slice(0, 7))).toBeUndefined();
  });
});
