import { z } from "zod";

/**
 * The one description of `.github/postmortem.yml`. Defaults, the README's key table
 * (`npm run docs:config`) and the documentation comments all come from here.
 */

const isoDate = z.string().superRefine((value, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) ctx.addIssue({ code: "custom", message: "must be a date written YYYY-MM-DD" });
  // Date.parse rolls 2026-02-30 over into March: compare the date back to the text instead.
  else if (!isRealDate(value)) ctx.addIssue({ code: "custom", message: "is not a real calendar date" });
});

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const timeZone = z.string().refine(isTimeZone, "is not an IANA time zone such as Europe/Berlin or America/New_York");

/** Zones found valid so far: building an `Intl.DateTimeFormat` is the dearest step of a parse. */
const validTimeZones = new Set<string>();

function isTimeZone(value: string): boolean {
  if (validTimeZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    return false;
  }
  // Only valid names are kept, and there are a few hundred of them (in any letter case).
  if (validTimeZones.size < 2_000) validTimeZones.add(value);
  return true;
}

const severitySchema = z.strictObject({
  name: z.string().min(1).describe("Name shown in postmortems and comments, e.g. SEV1."),
  label: z.string().min(1).describe("Issue label that declares an incident of this severity."),
  postmortem: z.enum(["required", "optional"]).describe("`required` opens a postmortem as soon as the label is added; `optional` opens one on a `/postmortem` command."),
  reviewBusinessDays: z.number().int().min(0).max(60).nullable().describe("Business days after resolution by which the postmortem review is due; null for no deadline."),
});

export type SeverityLevel = z.infer<typeof severitySchema>;

export const DEFAULT_SEVERITIES: SeverityLevel[] = [
  { name: "SEV1", label: "incident:sev1", postmortem: "required", reviewBusinessDays: 1 },
  { name: "SEV2", label: "incident:sev2", postmortem: "required", reviewBusinessDays: 3 },
  { name: "SEV3", label: "incident:sev3", postmortem: "optional", reviewBusinessDays: 5 },
  { name: "SEV4", label: "incident:sev4", postmortem: "optional", reviewBusinessDays: null },
];

const repositoryName = z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$|^[A-Za-z0-9._-]+$/, "must be `owner/name` or a repository name of the same owner");

const postmortemSchema = z
  .strictObject({
    repository: repositoryName
      .nullable()
      .default(null)
      .describe("Repository where postmortems are opened (`name` or `owner/name`, same owner). null: the incident's own repository."),
    label: z.string().min(1).default("postmortem").describe("Label that marks a postmortem issue; the app finds postmortems by it."),
    extraLabels: z.array(z.string().min(1)).default([]).describe("More labels added to every postmortem issue."),
    titlePrefix: z.string().default("Postmortem: ").describe("Text put before the incident's title to name the postmortem."),
    template: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe("Path of a postmortem template in the incident's repository (default branch). null: the app's `templates/postmortem.md`."),
    checklist: z.string().min(1).nullable().default(null).describe("Path of a review checklist in the incident's repository. null: the app's `templates/review-checklist.md`."),
    reviewReminderDays: z.number().int().min(1).max(30).default(2).describe("Days between reminders on a postmortem past its review date, until it is closed or the date moves."),
    reopenWhenChecklistIncomplete: z.boolean().default(false).describe("Reopen a postmortem closed while required checklist items are unchecked (it is always commented on)."),
  })
  .prefault({})
  .describe("Where and how postmortems are opened.");

export const PRIORITIES = ["P0", "P1", "P2", "P3", "P4", "P5"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const ACTION_TYPES = ["prevention", "detection", "response"] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

const dueIn = z.string().regex(/^\d{1,3}[dwm]$/, 'must be a count and a unit: d (days), w (weeks) or m (months), e.g. "2w"');

const actionItemsSchema = z
  .strictObject({
    repository: repositoryName
      .nullable()
      .default(null)
      .describe("Repository where action items are filed (`name` or `owner/name`, same owner). null: the postmortem's repository."),
    label: z.string().min(1).default("action-item").describe("Label that marks an action-item issue; the app finds them by it."),
    defaultPriority: z.enum(PRIORITIES).default("P2").describe("Priority of a row whose Priority cell is empty or not one of P0..P5."),
    dueIn: z
      .strictObject({
        P0: dueIn.default("1w").describe("Due date of P0 items after filing."),
        P1: dueIn.default("2w").describe("Due date of P1 items after filing."),
        P2: dueIn.default("1m").describe("Due date of P2 items after filing."),
        P3: dueIn.default("1m").describe("Due date of P3 items after filing."),
        P4: dueIn.default("3m").describe("Due date of P4 items after filing."),
        P5: dueIn.default("3m").describe("Due date of P5 items after filing."),
      })
      .prefault({})
      .describe("Time from filing to the due date, per priority, when the Due cell is empty (the priority framework)."),
    dueSoonBusinessDays: z.number().int().min(0).max(20).default(2).describe("Business days before the due date when the owner gets one reminder."),
    overdueLabel: z.string().min(1).default("overdue").describe("Label added to an action item past its due date."),
    escalateAfterDays: z.number().int().min(0).max(365).default(7).describe("Days past the due date after which an overdue item is escalated."),
    escalateTo: z
      .array(z.string().regex(/^@?[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?$/, "must be a login or a team such as @acme/sre-leads"))
      .default([])
      .describe("Users or teams mentioned when an item is escalated; none: the postmortem's assignees."),
    effectivenessReviewMonths: z.number().int().min(1).max(3).default(1).describe("Months after the last action item closes when the effectiveness review is due."),
    project: z
      .strictObject({
        owner: z.string().min(1).describe("Organisation or user that owns the project."),
        number: z.number().int().positive().describe("The project's number (from its URL)."),
        dateField: z.string().min(1).default("Due").describe("Name of the project's date field set to the due date."),
      })
      .nullable()
      .default(null)
      .describe("A GitHub Project (v2) each action item is added to, with its date field set to the due date. null: none."),
  })
  .prefault({})
  .describe("How action items are filed, dated and chased.");

const digestSchema = z
  .strictObject({
    weekly: z.boolean().default(false).describe("Post a weekly digest (ISO weeks, Monday to Sunday) after each week ends. Off by default: a repository opts in."),
    monthly: z.boolean().default(false).describe("Post a monthly digest after each calendar month ends. Off by default: a repository opts in."),
    repository: repositoryName.nullable().default(null).describe("Repository where digests are posted (`name` or `owner/name`, same owner). null: this repository."),
    repositories: z.array(repositoryName).default([]).describe("More repositories of the same owner whose incidents the digest covers, besides this one."),
    topic: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "must be a GitHub topic: lower case letters, digits and hyphens")
      .nullable()
      .default(null)
      .describe("Also cover every repository of the installation with this topic."),
    showPrivateDetails: z.boolean().default(false).describe("In a public digest, name issues from private repositories (titles and links). Off: they are only counted."),
  })
  .prefault({})
  .describe("Weekly and monthly trend digests.");

const reconcileSchema = z
  .strictObject({
    lookbackDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(7)
      .describe("Days back the scheduled catch-up looks for incidents that changed (longer than GitHub's 3-day redelivery window)."),
  })
  .prefault({})
  .describe("The scheduled catch-up that brings every object in step with GitHub's state.");

export const configSchema = z
  .strictObject({
    severities: z
      .array(severitySchema)
      .min(1)
      .default(DEFAULT_SEVERITIES)
      .describe("Severity levels, most severe first. Each has `name`, `label`, `postmortem` (required | optional) and `reviewBusinessDays` (number or null).")
      // GitHub's label names are case-insensitive, and so is the app's matching.
      .refine((levels) => new Set(levels.map((level) => level.label.toLowerCase())).size === levels.length, "two severities share a label"),
    postmortem: postmortemSchema,
    actionItems: actionItemsSchema,
    digest: digestSchema,
    reconcile: reconcileSchema,
    servicePrefixes: z
      .array(z.string().min(1))
      .default(["service:", "component:"])
      .describe("Label prefixes that name a service or component: recurrence warnings on new incidents, labels copied to postmortems and action items, recurrence in digests."),
    timeZone: timeZone.default("UTC").describe("IANA time zone in which dates are shown and business days are counted."),
    holidays: z.array(isoDate).default([]).describe("Dates (YYYY-MM-DD) that do not count as business days."),
  })
  .describe("postmortem-bot configuration, read from .github/postmortem.yml");

export type PostmortemConfig = z.infer<typeof configSchema>;

export const CONFIG_FILE_NAME = "postmortem.yml";

export const DEFAULT_CONFIG: PostmortemConfig = configSchema.parse({});
