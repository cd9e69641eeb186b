import nock from "nock";
import { Context } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config/load-config.js";
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, DEFAULT_SEVERITIES, type PostmortemConfig } from "../../src/config/schema.js";
import type { RecordedRequest } from "../helpers/github-rest-description.js";
import { configFile, noConfig } from "../helpers/github-responses.js";
import { describeRequests, github, recordingOctokit } from "../helpers/probot-harness.js";
import { issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

/** The settings these tests cover. Sections added later (e.g. `actionItems`) are only checked to keep their defaults. */
type Covered = Pick<PostmortemConfig, "severities" | "postmortem" | "timeZone" | "holidays">;
const COVERED_KEYS = ["severities", "postmortem", "timeZone", "holidays"] as const;

function covered(config: PostmortemConfig): Covered {
  return { severities: config.severities, postmortem: config.postmortem, timeZone: config.timeZone, holidays: config.holidays };
}

/** Every section of a config that these tests do not cover. */
function uncovered(config: PostmortemConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !(COVERED_KEYS as readonly string[]).includes(key)));
}

/** The defaults, written out by hand from the README's settings table (not derived from the schema). */
const EXPECTED_DEFAULTS: Covered = {
  severities: [
    { name: "SEV1", label: "incident:sev1", postmortem: "required", reviewBusinessDays: 1 },
    { name: "SEV2", label: "incident:sev2", postmortem: "required", reviewBusinessDays: 3 },
    { name: "SEV3", label: "incident:sev3", postmortem: "optional", reviewBusinessDays: 5 },
    { name: "SEV4", label: "incident:sev4", postmortem: "optional", reviewBusinessDays: null },
  ],
  postmortem: {
    repository: null,
    label: "postmortem",
    extraLabels: [],
    titlePrefix: "Postmortem: ",
    template: null,
    checklist: null,
    reviewReminderDays: 2,
    reopenWhenChecklistIncomplete: false,
  },
  timeZone: "UTC",
  holidays: [],
};

const sev = (name: string, label: string, extra: Record<string, unknown> = {}) => ({
  name,
  label,
  postmortem: "required",
  reviewBusinessDays: 1,
  ...extra,
});

const UNKNOWN = "unknown setting (check its spelling and indentation)";

describe("parseConfig: no file (empty object)", () => {
  it("gives DEFAULT_CONFIG and no problems", () => {
    const { config, problems } = parseConfig({});
    expect(problems).toEqual([]);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(covered(config)).toEqual(EXPECTED_DEFAULTS);
  });

  it("DEFAULT_CONFIG and DEFAULT_SEVERITIES are the documented defaults", () => {
    expect(covered(DEFAULT_CONFIG)).toEqual(EXPECTED_DEFAULTS);
    expect(DEFAULT_SEVERITIES).toEqual(EXPECTED_DEFAULTS.severities);
    expect(CONFIG_FILE_NAME).toBe("postmortem.yml");
  });

  it.each([
    // index, name, label, postmortem, reviewBusinessDays
    [0, "SEV1", "incident:sev1", "required", 1],
    [1, "SEV2", "incident:sev2", "required", 3],
    [2, "SEV3", "incident:sev3", "optional", 5],
    [3, "SEV4", "incident:sev4", "optional", null],
  ] as const)("default severity %i is %s (%s, %s, %s business days)", (index, name, label, postmortem, days) => {
    const { config } = parseConfig({});
    expect(config.severities).toHaveLength(4);
    expect(config.severities[index]).toEqual({ name, label, postmortem, reviewBusinessDays: days });
  });

  it.each([
    ["repository", null],
    ["label", "postmortem"],
    ["extraLabels", []],
    ["titlePrefix", "Postmortem: "],
    ["template", null],
    ["checklist", null],
    ["reopenWhenChecklistIncomplete", false],
  ] as const)("default postmortem.%s is %j", (key, value) => {
    expect(parseConfig({}).config.postmortem[key]).toEqual(value);
  });

  it.each([
    ["timeZone", "UTC"],
    ["holidays", []],
  ] as const)("default %s is %j", (key, value) => {
    expect(parseConfig({}).config[key]).toEqual(value);
  });
});

describe("parseConfig: partial overrides keep the other defaults", () => {
  const P = EXPECTED_DEFAULTS.postmortem;
  it.each<[string, unknown, Covered]>([
    ["postmortem.repository by name", { postmortem: { repository: "postmortems" } }, { ...EXPECTED_DEFAULTS, postmortem: { ...P, repository: "postmortems" } }],
    [
      "postmortem.repository as owner/name",
      { postmortem: { repository: "acme/post.mortems_2" } },
      { ...EXPECTED_DEFAULTS, postmortem: { ...P, repository: "acme/post.mortems_2" } },
    ],
    ["postmortem.repository null", { postmortem: { repository: null } }, EXPECTED_DEFAULTS],
    [
      "several postmortem keys",
      { postmortem: { extraLabels: ["sre"], titlePrefix: "PM: ", reopenWhenChecklistIncomplete: true } },
      { ...EXPECTED_DEFAULTS, postmortem: { ...P, extraLabels: ["sre"], titlePrefix: "PM: ", reopenWhenChecklistIncomplete: true } },
    ],
    [
      "template and checklist paths",
      { postmortem: { template: ".github/pm.md", checklist: ".github/check.md" } },
      { ...EXPECTED_DEFAULTS, postmortem: { ...P, template: ".github/pm.md", checklist: ".github/check.md" } },
    ],
    ["timeZone", { timeZone: "Europe/Berlin" }, { ...EXPECTED_DEFAULTS, timeZone: "Europe/Berlin" }],
    ["holidays", { holidays: ["2026-12-24", "2026-12-25", "2024-02-29"] }, { ...EXPECTED_DEFAULTS, holidays: ["2026-12-24", "2026-12-25", "2024-02-29"] }],
    [
      "custom severities replace the whole list",
      {
        severities: [
          { name: "P1", label: "prio:1", postmortem: "required", reviewBusinessDays: 2 },
          { name: "P2", label: "prio:2", postmortem: "optional", reviewBusinessDays: null },
        ],
      },
      {
        ...EXPECTED_DEFAULTS,
        severities: [
          { name: "P1", label: "prio:1", postmortem: "required", reviewBusinessDays: 2 },
          { name: "P2", label: "prio:2", postmortem: "optional", reviewBusinessDays: null },
        ],
      },
    ],
    [
      "reviewBusinessDays at its bounds 0 and 60",
      { severities: [sev("A", "a", { reviewBusinessDays: 0 }), sev("B", "b", { reviewBusinessDays: 60 })] },
      {
        ...EXPECTED_DEFAULTS,
        severities: [
          { name: "A", label: "a", postmortem: "required", reviewBusinessDays: 0 },
          { name: "B", label: "b", postmortem: "required", reviewBusinessDays: 60 },
        ],
      },
    ],
  ])("%s", (_name, input, expected) => {
    const { config, problems } = parseConfig(input);
    expect(problems).toEqual([]);
    expect(covered(config)).toEqual(expected);
    expect(uncovered(config)).toEqual(uncovered(DEFAULT_CONFIG));
  });
});

describe("parseConfig: invalid input gives the defaults plus one line per problem", () => {
  it.each<[string, unknown, string[]]>([
    ["unknown top-level key", { holidayz: [] }, [`\`holidayz\`: ${UNKNOWN}`]],
    ["two unknown keys, one line each", { holidayz: [], timezone: "UTC" }, [`\`holidayz\`: ${UNKNOWN}`, `\`timezone\`: ${UNKNOWN}`]],
    ["unknown nested key", { postmortem: { repo: "postmortems" } }, [`\`postmortem.repo\`: ${UNKNOWN}`]],
    ["unknown key inside a severity", { severities: [sev("A", "a", { days: 1 })] }, [`\`severities[0].days\`: ${UNKNOWN}`]],
    [
      "severity postmortem not an option",
      { severities: [sev("A", "a", { postmortem: "always" })] },
      ['`severities[0].postmortem`: Invalid option: expected one of "required"|"optional"'],
    ],
    [
      "second severity invalid: index in the path",
      { severities: [sev("A", "a"), sev("B", "b", { postmortem: "maybe" })] },
      ['`severities[1].postmortem`: Invalid option: expected one of "required"|"optional"'],
    ],
    ["reviewBusinessDays -1", { severities: [sev("A", "a", { reviewBusinessDays: -1 })] }, ["`severities[0].reviewBusinessDays`: Too small: expected number to be >=0"]],
    ["reviewBusinessDays 1.5", { severities: [sev("A", "a", { reviewBusinessDays: 1.5 })] }, ["`severities[0].reviewBusinessDays`: Invalid input: expected int, received number"]],
    ["reviewBusinessDays 61", { severities: [sev("A", "a", { reviewBusinessDays: 61 })] }, ["`severities[0].reviewBusinessDays`: Too big: expected number to be <=60"]],
    [
      "reviewBusinessDays missing",
      { severities: [{ name: "A", label: "a", postmortem: "required" }] },
      ["`severities[0].reviewBusinessDays`: Invalid input: expected number, received undefined"],
    ],
    ["empty severity name", { severities: [sev("", "a")] }, ["`severities[0].name`: Too small: expected string to have >=1 characters"]],
    ["no severities", { severities: [] }, ["`severities`: Too small: expected array to have >=1 items"]],
    [
      "duplicate severity labels",
      { severities: [sev("A", "incident:sev1"), sev("B", "incident:sev1", { postmortem: "optional", reviewBusinessDays: null })] },
      ["`severities`: two severities share a label"],
    ],
    ["invalid time zone", { timeZone: "Mars/Olympus" }, ["`timeZone`: is not an IANA time zone such as Europe/Berlin or America/New_York"]],
    ["empty time zone", { timeZone: "" }, ["`timeZone`: is not an IANA time zone such as Europe/Berlin or America/New_York"]],
    ["time zone not a string", { timeZone: 5 }, ["`timeZone`: Invalid input: expected string, received number"]],
    ["holiday month 13", { holidays: ["2026-13-01"] }, ["`holidays[0]`: is not a real calendar date"]],
    ["holiday day 32, second in the list", { holidays: ["2026-12-25", "2026-01-32"] }, ["`holidays[1]`: is not a real calendar date"]],
    ["holidays not a list", { holidays: "2026-12-25" }, ["`holidays`: Invalid input: expected array, received string"]],
    ["repository a/b/c", { postmortem: { repository: "a/b/c" } }, ["`postmortem.repository`: must be `owner/name` or a repository name of the same owner"]],
    [
      "repository owner with an underscore",
      { postmortem: { repository: "acme_x/postmortems" } },
      ["`postmortem.repository`: must be `owner/name` or a repository name of the same owner"],
    ],
    ["empty postmortem label", { postmortem: { label: "" } }, ["`postmortem.label`: Too small: expected string to have >=1 characters"]],
    ["empty extra label", { postmortem: { extraLabels: ["ok", ""] } }, ["`postmortem.extraLabels[1]`: Too small: expected string to have >=1 characters"]],
    [
      "reopenWhenChecklistIncomplete a string",
      { postmortem: { reopenWhenChecklistIncomplete: "yes" } },
      ["`postmortem.reopenWhenChecklistIncomplete`: Invalid input: expected boolean, received string"],
    ],
    ["postmortem not a mapping", { postmortem: "postmortems" }, ["`postmortem`: Invalid input: expected object, received string"]],
    ["top level a YAML string", "severities: SEV1", ["`(top level)`: Invalid input: expected object, received string"]],
    ["top level a number", 42, ["`(top level)`: Invalid input: expected object, received number"]],
    ["top level a list", ["timeZone: UTC"], ["`(top level)`: Invalid input: expected object, received array"]],
    ["top level null", null, ["`(top level)`: Invalid input: expected object, received null"]],
  ])("%s", (_name, input, expected) => {
    const { config, problems } = parseConfig(input);
    expect(problems).toEqual(expected);
    expect(config).toBe(DEFAULT_CONFIG);
    expect(covered(config)).toEqual(EXPECTED_DEFAULTS);
  });

  it("a holiday not written YYYY-MM-DD (26-12-25) is reported first as a format problem", () => {
    const { config, problems } = parseConfig({ holidays: ["26-12-25"] });
    expect(problems[0]).toBe("`holidays[0]`: must be a date written YYYY-MM-DD");
    expect(config).toBe(DEFAULT_CONFIG);
  });

  it("valid settings next to an invalid one are not applied: all defaults", () => {
    const { config, problems } = parseConfig({ timeZone: "Europe/Berlin", holidays: ["2026-12-25"], holidayz: [] });
    expect(problems).toEqual([`\`holidayz\`: ${UNKNOWN}`]);
    expect(config.timeZone).toBe("UTC");
    expect(config.holidays).toEqual([]);
  });

  it("reports every problem of a file, whatever their order", () => {
    const { problems } = parseConfig({
      severities: [sev("SEV1", "incident:sev1", { postmortem: "always" })],
      timeZone: "Mars/Olympus",
      holidayz: [],
    });
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        '`severities[0].postmortem`: Invalid option: expected one of "required"|"optional"',
        "`timeZone`: is not an IANA time zone such as Europe/Berlin or America/New_York",
        `\`holidayz\`: ${UNKNOWN}`,
      ]),
    );
  });
});

describe("loadConfig: the files Probot's context.config would read, read through GitHub", () => {
  let requests: RecordedRequest[];
  beforeEach(() => {
    nock.disableNetConnect();
    requests = [];
  });
  afterEach(() => nock.cleanAll());

  const REPO_FILE = `/repos/${OWNER}/${REPO}/contents/.github%2Fpostmortem.yml`;
  const OWNER_FILE = `/repos/${OWNER}/.github/contents/.github%2Fpostmortem.yml`;
  const yaml = (text: string) => [200, text, { "content-type": "text/plain; charset=utf-8" }] as const;
  const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent } as unknown as Context["log"];

  /** loadConfig on a delivery's context, with a fresh client class (so a cold cache); the paths it read. */
  async function load() {
    const Octokit = recordingOctokit(requests);
    const context = new Context({ id: "d", name: "issues", payload: issueLabeled("bug") } as never, new Octokit({ auth: { token: "test-token" } }) as never, silent);
    const loaded = await loadConfig(context);
    return { ...loaded, calls: describeRequests(requests).calls() };
  }

  it("a valid file in the repository: its settings, one request (no fallback)", async () => {
    const scope = configFile(github(), "timeZone: Europe/Berlin\n");
    const { config, problems, calls } = await load();
    expect(scope.isDone()).toBe(true);
    expect(problems).toEqual([]);
    expect(covered(config)).toEqual({ ...EXPECTED_DEFAULTS, timeZone: "Europe/Berlin" });
    expect(calls).toEqual([`GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`]);
  });

  it("no file anywhere: the defaults, after the repository and the owner's .github repository", async () => {
    const scope = noConfig(github());
    const { config, problems, calls } = await load();
    expect(scope.isDone()).toBe(true);
    expect({ config, problems }).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    expect(calls).toEqual([`GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`, `GET /repos/${OWNER}/.github/contents/.github/postmortem.yml`]);
  });

  it("an empty file is a file with no settings: the defaults, and no fallback", async () => {
    const scope = configFile(github(), "");
    const { config, calls } = await load();
    expect(scope.isDone()).toBe(true);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(calls).toHaveLength(1);
  });

  it("without a file of its own, the repository uses the owner's shared one", async () => {
    const scope = github()
      .get(REPO_FILE)
      .reply(404, { message: "Not Found" })
      .get(OWNER_FILE)
      .reply(...yaml("holidays: ['2026-12-24']\n"));
    const { config } = await load();
    expect(scope.isDone()).toBe(true);
    expect(config.holidays).toEqual(["2026-12-24"]);
  });

  it("_extends: the shared file's settings under the repository's, and the repository's lists replace the shared ones", async () => {
    const scope = github()
      .get(REPO_FILE)
      .reply(...yaml("_extends: .github\nholidays: ['2026-12-25']\n"))
      .get(OWNER_FILE)
      .reply(...yaml("timeZone: Europe/Paris\nholidays: ['2026-12-24', '2026-12-31']\npostmortem:\n  label: pm\n"));
    const { config, problems } = await load();
    expect(scope.isDone()).toBe(true);
    expect(problems).toEqual([]);
    expect(config.timeZone).toBe("Europe/Paris");
    expect(config.holidays).toEqual(["2026-12-25"]);
    expect(config.postmortem.label).toBe("pm");
  });

  it("_extends follows a chain to another repository and path", async () => {
    const scope = github()
      .get(REPO_FILE)
      .reply(...yaml("_extends: shared:configs/base.yml\ntimeZone: Asia/Tokyo\n"))
      .get(`/repos/${OWNER}/shared/contents/configs%2Fbase.yml`)
      .reply(...yaml("_extends: acme/.github\npostmortem:\n  titlePrefix: 'PM: '\n"))
      .get(`/repos/acme/.github/contents/.github%2Fpostmortem.yml`)
      .reply(...yaml("postmortem:\n  label: incident-review\n  titlePrefix: 'ignored: '\n"));
    const { config, problems } = await load();
    expect(scope.isDone()).toBe(true);
    expect(problems).toEqual([]);
    expect(config.timeZone).toBe("Asia/Tokyo");
    expect(config.postmortem.titlePrefix).toBe("PM: ");
    expect(config.postmortem.label).toBe("incident-review");
  });

  it.each<[string, (scope: nock.Scope) => nock.Scope, RegExp]>([
    [
      "invalid YAML: the file, and the first line of the parser's reason",
      (scope) => scope.get(REPO_FILE).reply(...yaml("severities: [unclosed\n")),
      /^Configuration could not be parsed from https:\/\/api\.github\.com\/repos\/Codertocat\/Hello-World\/contents\/\.github%2Fpostmortem\.yml \(invalid YAML\): [^\n]+$/,
    ],
    ["YAML that is a string, not settings", (scope) => scope.get(REPO_FILE).reply(...yaml("just words\n")), /\(YAML is not an object\)$/],
    [
      "a directory where the file should be",
      (scope) => scope.get(REPO_FILE).reply(200, [{ type: "file", name: "x" }], { "content-type": "application/json; charset=utf-8" }),
      /contents\/\.github%2Fpostmortem\.yml exists, but is either a directory or a submodule\. Ignoring\.$/,
    ],
    ["an _extends that is not a string", (scope) => scope.get(REPO_FILE).reply(...yaml("_extends: 42\n")), /^Invalid value 42 for _extends in https:/],
    ["an _extends that names no repository", (scope) => scope.get(REPO_FILE).reply(...yaml("_extends: 'a b'\n")), /^Invalid value "a b" for _extends in https:/],
    [
      "an _extends that comes back to a file already read",
      (scope) =>
        scope
          .get(REPO_FILE)
          .reply(...yaml("_extends: .github\n"))
          .get(OWNER_FILE)
          .reply(...yaml(`_extends: ${REPO}\n`)),
      /^Recursion detected\. Ignoring "_extends" from .*\/\.github\/contents\/.* because .*\/Hello-World\/contents\/.* was already loaded\.$/,
    ],
  ])("%s: the defaults and one problem, not a throw", async (_name, reply, problem) => {
    const scope = reply(github());
    const { config, problems } = await load();
    expect(scope.isDone()).toBe(true);
    expect(config).toBe(DEFAULT_CONFIG);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it("an invalid file: the defaults and each problem", async () => {
    configFile(github(), "holidayz: []\n");
    const { config, problems } = await load();
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toEqual([`\`holidayz\`: ${UNKNOWN}`]);
  });

  // GitHub failing to answer (a 502, a network error) is not the user's file being wrong: the
  // delivery fails and is not answered with a "broken configuration" comment.
  it.each<[string, (scope: nock.Scope) => nock.Scope, RegExp]>([
    ["a 502 on the repository's file", (scope) => scope.get(REPO_FILE).reply(502, { message: "Server Error" }), /Server Error/],
    ["a 500 on the owner's fallback", (scope) => scope.get(REPO_FILE).reply(404, { message: "Not Found" }).get(OWNER_FILE).reply(500, { message: "Boom" }), /Boom/],
    ["a network error", (scope) => scope.get(REPO_FILE).replyWithError("socket hang up"), /socket hang up|fetch failed/],
  ])("%s is thrown, not reported as a configuration problem", async (_name, reply, message) => {
    reply(github());
    await expect(load()).rejects.toThrow(message);
  });

  it("a thrown read leaves nothing cached: the next delivery asks again", async () => {
    const Octokit = recordingOctokit(requests);
    const context = new Context({ id: "d", name: "issues", payload: issueLabeled("bug") } as never, new Octokit({ auth: { token: "test-token" } }) as never, silent);
    github().get(REPO_FILE).reply(502, { message: "Server Error" });
    await expect(loadConfig(context)).rejects.toThrow();
    const scope = configFile(github(), "timeZone: Europe/Berlin\n");
    expect((await loadConfig(context)).config.timeZone).toBe("Europe/Berlin");
    expect(scope.isDone()).toBe(true);
  });
});
