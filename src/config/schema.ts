import { z } from "zod";

/**
 * The one description of `.github/postmortem.yml`. Defaults, the README's key table
 * (`npm run docs:config`) and the documentation comments all come from here.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "is not a real calendar date");

const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, "is not an IANA time zone such as Europe/Berlin or America/New_York");

const severitySchema = z.strictObject({
  name: z.string().min(1).describe("Name shown in postmortems and comments, e.g. SEV1."),
  label: z.string().min(1).describe("Issue label that declares an incident of this severity."),
  postmortem: z
    .enum(["required", "optional"])
    .describe("`required` opens a postmortem as soon as the label is added; `optional` opens one on a `/postmortem` command."),
  reviewBusinessDays: z
    .number()
    .int()
    .min(0)
    .max(60)
    .nullable()
    .describe("Business days after resolution by which the postmortem review is due; null for no deadline."),
});

export type SeverityLevel = z.infer<typeof severitySchema>;

export const DEFAULT_SEVERITIES: SeverityLevel[] = [
  { name: "SEV1", label: "incident:sev1", postmortem: "required", reviewBusinessDays: 1 },
  { name: "SEV2", label: "incident:sev2", postmortem: "required", reviewBusinessDays: 3 },
  { name: "SEV3", label: "incident:sev3", postmortem: "optional", reviewBusinessDays: 5 },
  { name: "SEV4", label: "incident:sev4", postmortem: "optional", reviewBusinessDays: null },
];

const repositoryName = z
  .string()
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$|^[A-Za-z0-9._-]+$/, "must be `owner/name` or a repository name of the same owner");

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
    checklist: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe("Path of a review checklist in the incident's repository. null: the app's `templates/review-checklist.md`."),
    reopenWhenChecklistIncomplete: z
      .boolean()
      .default(false)
      .describe("Reopen a postmortem closed while required checklist items are unchecked (it is always commented on)."),
  })
  .prefault({})
  .describe("Where and how postmortems are opened.");

export const configSchema = z
  .strictObject({
    severities: z
      .array(severitySchema)
      .min(1)
      .default(DEFAULT_SEVERITIES)
      .describe("Severity levels, most severe first. Each has `name`, `label`, `postmortem` (required | optional) and `reviewBusinessDays` (number or null).")
      .refine((levels) => new Set(levels.map((level) => level.label)).size === levels.length, "two severities share a label"),
    postmortem: postmortemSchema,
    timeZone: timeZone.default("UTC").describe("IANA time zone in which dates are shown and business days are counted."),
    holidays: z.array(isoDate).default([]).describe("Dates (YYYY-MM-DD) that do not count as business days."),
  })
  .describe("postmortem-bot configuration, read from .github/postmortem.yml");

export type PostmortemConfig = z.infer<typeof configSchema>;

export const CONFIG_FILE_NAME = "postmortem.yml";

export const DEFAULT_CONFIG: PostmortemConfig = configSchema.parse({});
