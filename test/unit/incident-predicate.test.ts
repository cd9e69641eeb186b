import { describe, expect, it } from "vitest";
import { configSchema, DEFAULT_CONFIG } from "../../src/config/schema.js";
import { mayConcernIncident } from "../../src/postmortem/incident-predicate.js";

type Row = [name: string, action: string, label: string | undefined, labels: string[], expected: boolean];

describe("mayConcernIncident (default severities, service: and component: prefixes)", () => {
  it.each<Row>([
    // A label added: the issue may have become an incident, changed severity or gained a service.
    ["a severity label added", "labeled", "incident:sev1", ["incident:sev1"], true],
    ["a severity label added, in another case", "labeled", "Incident:SEV2", ["Incident:SEV2"], true],
    ["a severity label added beside another (a flip)", "labeled", "incident:sev1", ["incident:sev2", "incident:sev1"], true],
    ["a severity label named by a stale payload whose labels say otherwise", "labeled", "incident:sev2", ["incident:sev1"], true],
    ["another label added to an incident", "labeled", "bug", ["incident:sev1", "bug"], false],
    ["another label added to an issue", "labeled", "bug", ["bug"], false],
    ["a service label added to an incident", "labeled", "service:checkout", ["incident:sev1", "service:checkout"], true],
    ["a component label added to an incident, in another case", "labeled", "Component:DB", ["incident:sev3", "Component:DB"], true],
    ["a service label added to an issue that is no incident", "labeled", "service:checkout", ["service:checkout"], false],
    ["a labeled event without its label", "labeled", undefined, ["incident:sev1"], false],

    // A label removed.
    ["a severity label removed (the flip's second half)", "unlabeled", "incident:sev2", ["incident:sev1"], true],
    ["the last severity label removed", "unlabeled", "incident:sev1", ["bug"], true],
    ["a service label removed from an incident", "unlabeled", "service:checkout", ["incident:sev1"], true],
    ["a service label removed from an issue that is no incident", "unlabeled", "service:checkout", ["bug"], false],
    ["another label removed from an incident", "unlabeled", "bug", ["incident:sev1"], false],

    // State and people: only an incident's matter.
    ["an incident closed", "closed", undefined, ["incident:sev1"], true],
    ["an incident reopened", "reopened", undefined, ["incident:sev4", "bug"], true],
    ["an incident assigned", "assigned", undefined, ["incident:sev2"], true],
    ["an incident unassigned", "unassigned", undefined, ["incident:sev2"], true],
    ["an issue that is no incident closed", "closed", undefined, ["bug"], false],
    ["an issue that is no incident assigned", "assigned", undefined, ["service:checkout"], false],
    ["an issue without labels reopened", "reopened", undefined, [], false],
  ])("%s", (_name, action, label, labels, expected) => {
    expect(mayConcernIncident({ action, label, labels }, DEFAULT_CONFIG)).toBe(expected);
  });
});

describe("mayConcernIncident (configured severities and prefixes)", () => {
  const config = configSchema.parse({
    severities: [
      { name: "Critical", label: "sev:critical", postmortem: "required", reviewBusinessDays: 1 },
      { name: "Minor", label: "sev:minor", postmortem: "optional", reviewBusinessDays: null },
    ],
    servicePrefixes: ["team:"],
  });

  it.each<Row>([
    ["a configured severity label added", "labeled", "sev:critical", ["sev:critical"], true],
    ["a default severity label no longer configured", "labeled", "incident:sev1", ["incident:sev1"], false],
    ["a configured prefix on an incident", "labeled", "team:payments", ["sev:minor", "team:payments"], true],
    ["a default prefix no longer configured", "labeled", "service:checkout", ["sev:minor", "service:checkout"], false],
    ["an incident by the configured labels closed", "closed", undefined, ["sev:minor"], true],
    ["an issue carrying only a default severity label closed", "closed", undefined, ["incident:sev1"], false],
  ])("%s", (_name, action, label, labels, expected) => {
    expect(mayConcernIncident({ action, label, labels }, config)).toBe(expected);
  });
});
