import { describe, expect, it } from "vitest";
import { github, GITHUB_API, useHarness } from "../helpers/probot-harness.js";
import { changedFile, HEAD_SHA, pullRequestEvent } from "../helpers/pull-request-payloads.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const PULL_FILES = `/repos/${OWNER}/${REPO}/pulls/2/files`;
const CONFIG_AT_HEAD = `/repos/${OWNER}/${REPO}/contents/.github%2Fpostmortem.yml`;
const CHECK_RUNS = `/repos/${OWNER}/${REPO}/check-runs`;
/** As `harness.calls()` shows it: decoded. */
const READ_CONFIG = `GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`;
const CONFIG = ".github/postmortem.yml";

function filesListed(files: object[]) {
  return github().get(PULL_FILES).query({ per_page: "100" }).reply(200, files);
}

function fileAtHead(scope: ReturnType<typeof github>, yaml: string, path = CONFIG_AT_HEAD) {
  return scope.get(path).query({ ref: HEAD_SHA }).reply(200, yaml, { "content-type": "text/plain; charset=utf-8" });
}

function checkRunCreated(scope: ReturnType<typeof github>) {
  return scope.post(CHECK_RUNS).reply(201, { id: 4, head_sha: HEAD_SHA, name: "postmortem-bot config", status: "completed" });
}

describe("a pull request that changes .github/postmortem.yml", () => {
  const harness = useHarness();

  /** The one check run's body. */
  const checkRun = () => {
    const bodies = harness.bodiesOf(`POST ${CHECK_RUNS}`);
    expect(bodies).toHaveLength(1);
    return bodies[0] as { name: string; head_sha: string; status: string; conclusion: string; output: { title: string; summary: string } };
  };

  it("valid: a successful check run on the head commit, saying which severities and repositories it sets", async () => {
    const yaml = [
      "# yaml-language-server: $schema=https://raw.githubusercontent.com/postmortem-bot/postmortem-bot/main/schema/postmortem.schema.json",
      "severities:",
      "  - { name: SEV1, label: incident:sev1, postmortem: required, reviewBusinessDays: 1 }",
      "  - { name: SEV2, label: incident:sev2, postmortem: optional, reviewBusinessDays: null }",
      "postmortem:",
      "  repository: postmortems",
      "digest:",
      "  weekly: true",
      "  repositories: [payments, acme/checkout]",
      "",
    ].join("\n");
    const scope = checkRunCreated(fileAtHead(filesListed([changedFile("src/app.ts"), changedFile(CONFIG, "modified")]), yaml));

    await harness.receive("pull_request", pullRequestEvent("opened"));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([`GET ${PULL_FILES}`, READ_CONFIG, `POST ${CHECK_RUNS}`]);
    const run = checkRun();
    expect(run).toEqual({
      name: "postmortem-bot config",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "success",
      output: { title: ".github/postmortem.yml is valid", summary: expect.any(String) },
    });
    expect(run.output.summary).toBe(
      [
        "`.github/postmortem.yml` is valid: postmortem-bot can use it as this pull request leaves it.",
        "",
        "**Severities**:",
        "",
        "| Severity | Label | Postmortem | Review due |",
        "|---|---|---|---|",
        "| SEV1 | `incident:sev1` | required | 1 business day after resolution |",
        "| SEV2 | `incident:sev2` | optional | no deadline |",
        "",
        "**Repositories**:",
        "",
        "- Postmortems: opened in `postmortems`",
        "- Action items: filed in the postmortem's repository (default)",
        "- Digests (weekly): posted in this repository, covering this repository, `payments` and `acme/checkout`",
      ].join("\n"),
    );
  });

  it("valid and added, with `_extends`: the defaults it leaves are named, and the shared file is left to where it lives", async () => {
    const scope = checkRunCreated(fileAtHead(filesListed([changedFile(CONFIG, "added")]), "_extends: .github\ntimeZone: Europe/Berlin\n"));

    await harness.receive("pull_request", pullRequestEvent("reopened"));

    expect(scope.isDone()).toBe(true);
    const run = checkRun();
    expect(run.conclusion).toBe("success");
    expect(run.output.summary).toContain("**Severities** (not set here: the shared file's, or the default):");
    expect(run.output.summary).toContain("| SEV4 | `incident:sev4` | optional | no deadline |");
    expect(run.output.summary).toContain("- Postmortems: opened in the incident's own repository (not set here: the shared file's, or the default)");
    expect(run.output.summary).toContain("This file extends `.github` (`_extends`): the shared file it extends is validated where it lives, not here.");
  });

  it("invalid (unknown key, bad time zone, wrong enum): a failing check run naming each key as the config-error comment does", async () => {
    const yaml = [
      "severities:",
      "  - name: SEV1",
      "    label: incident:sev1",
      "    postmortem: always",
      "    reviewBusinessDays: 1",
      "timeZone: Mars/Olympus",
      "holidayz: []",
      "",
    ].join("\n");
    const scope = checkRunCreated(fileAtHead(filesListed([changedFile(CONFIG)]), yaml));

    await harness.receive("pull_request", pullRequestEvent("synchronize"));

    expect(scope.isDone()).toBe(true);
    const run = checkRun();
    expect(run).toMatchObject({ head_sha: HEAD_SHA, status: "completed", conclusion: "failure", output: { title: ".github/postmortem.yml has 3 problems" } });
    const problems = run.output.summary.split("\n").filter((line) => line.startsWith("- "));
    expect(problems).toEqual([
      '- `severities[0].postmortem`: Invalid option: expected one of "required"|"optional"',
      "- `timeZone`: is not an IANA time zone such as Europe/Berlin or America/New_York",
      "- `holidayz`: unknown setting (check its spelling and indentation)",
    ]);
    expect(run.output.summary).toContain("postmortem-bot cannot use `.github/postmortem.yml` as this pull request leaves it:");
  });

  it("an `_extends` Probot cannot follow is a problem too", async () => {
    const scope = checkRunCreated(fileAtHead(filesListed([changedFile(CONFIG)]), "_extends: [.github]\n"));
    await harness.receive("pull_request", pullRequestEvent("synchronize"));
    expect(scope.isDone()).toBe(true);
    expect(checkRun().output.summary).toContain("- `_extends`: must name the shared file");
  });

  it("broken YAML: a failing check run naming the line", async () => {
    const yaml = "timeZone: Europe/Berlin\npostmortem:\n  label: pm\n repository: postmortems\n";
    const scope = checkRunCreated(fileAtHead(filesListed([changedFile(CONFIG)]), yaml));

    await harness.receive("pull_request", pullRequestEvent("opened"));

    expect(scope.isDone()).toBe(true);
    const run = checkRun();
    expect(run).toMatchObject({ conclusion: "failure", output: { title: ".github/postmortem.yml is not valid YAML" } });
    expect(run.output.summary).toContain("- line 4, column 1: All mapping items must start at the same column\n  ```\n    label: pm\n   repository: postmortems\n  ^\n  ```");
  });

  it("from a fork: the file is read from the fork at the head commit, the check run goes to the base repository", async () => {
    const scope = checkRunCreated(fileAtHead(filesListed([changedFile(CONFIG)]), "timeZone: Europe/Berlin\n", `/repos/dana/${REPO}/contents/.github%2Fpostmortem.yml`));

    await harness.receive("pull_request", pullRequestEvent("opened", { forkOwner: "dana" }));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([`GET ${PULL_FILES}`, `GET /repos/dana/${REPO}/contents/.github/postmortem.yml`, `POST ${CHECK_RUNS}`]);
    expect(checkRun()).toMatchObject({ head_sha: HEAD_SHA, conclusion: "success" });
  });

  it("from a fork the app cannot read: the head commit is read from the base repository's pull request refs", async () => {
    const forkFile = `/repos/dana/${REPO}/contents/.github%2Fpostmortem.yml`;
    const scope = checkRunCreated(
      fileAtHead(
        filesListed([changedFile(CONFIG)])
          .get(forkFile)
          .query({ ref: HEAD_SHA })
          .reply(404, { message: "Not Found" }),
        "timeZone: Europe/Berlin\n",
      ),
    );
    await harness.receive("pull_request", pullRequestEvent("synchronize", { forkOwner: "dana" }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([`GET ${PULL_FILES}`, `GET /repos/dana/${REPO}/contents/.github/postmortem.yml`, READ_CONFIG, `POST ${CHECK_RUNS}`]);
    expect(checkRun().conclusion).toBe("success");
  });

  it("from a fork deleted since: the head commit is read from the base repository", async () => {
    const scope = checkRunCreated(fileAtHead(filesListed([changedFile(CONFIG)]), "holidays: [2026-02-30]\n"));
    await harness.receive("pull_request", pullRequestEvent("synchronize", { headRepoDeleted: true }));
    expect(scope.isDone()).toBe(true);
    expect(checkRun().output.summary).toContain("- `holidays[0]`:");
  });

  it("lists every page of a large pull request's files", async () => {
    const first = Array.from({ length: 100 }, (_, index) => changedFile(`docs/page-${index}.md`, "added"));
    const next = `<${GITHUB_API}${PULL_FILES}?per_page=100&page=2>; rel="next", <${GITHUB_API}${PULL_FILES}?per_page=100&page=2>; rel="last"`;
    const scope = checkRunCreated(
      fileAtHead(
        github()
          .get(PULL_FILES)
          .query({ per_page: "100" })
          .reply(200, first, { link: next })
          .get(PULL_FILES)
          .query({ per_page: "100", page: "2" })
          .reply(200, [changedFile(CONFIG)]),
        "",
      ),
    );

    await harness.receive("pull_request", pullRequestEvent("opened"));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([`GET ${PULL_FILES}`, `GET ${PULL_FILES}`, READ_CONFIG, `POST ${CHECK_RUNS}`]);
    // An empty file is no settings: the defaults, which are valid.
    expect(checkRun().conclusion).toBe("success");
  });

  it("removed: a successful check run without reading anything", async () => {
    const scope = checkRunCreated(filesListed([changedFile(CONFIG, "removed")]));

    await harness.receive("pull_request", pullRequestEvent("synchronize"));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([`GET ${PULL_FILES}`, `POST ${CHECK_RUNS}`]);
    expect(checkRun()).toEqual({
      name: "postmortem-bot config",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "success",
      output: { title: ".github/postmortem.yml is removed", summary: expect.stringContaining("The file was removed: defaults apply.") },
    });
  });

  it("renamed away counts as removed", async () => {
    const scope = checkRunCreated(filesListed([changedFile(".github/postmortem.yml.old", "renamed", CONFIG)]));
    await harness.receive("pull_request", pullRequestEvent("opened"));
    expect(scope.isDone()).toBe(true);
    expect(checkRun().conclusion).toBe("success");
  });
});

describe("a pull request that does not touch .github/postmortem.yml", () => {
  const harness = useHarness();

  it("costs the list of its files and creates no check run", async () => {
    const scope = filesListed([changedFile("src/app.ts"), changedFile("docs/postmortem.yml"), changedFile(".github/workflows/ci.yml", "added")]);

    await harness.receive("pull_request", pullRequestEvent("opened"));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([`GET ${PULL_FILES}`]);
  });
});
