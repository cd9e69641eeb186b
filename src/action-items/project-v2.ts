import type { PostmortemConfig } from "../config/schema.js";
import type { GitHubClient } from "../github/github-client.js";

type ProjectSettings = NonNullable<PostmortemConfig["actionItems"]["project"]>;

interface ProjectLookup {
  repositoryOwner: {
    projectV2: { id: string; field: { id: string; dataType?: string } | null } | null;
  } | null;
}

/** Finds the project and its date field once per delivery. */
export async function findProject(github: GitHubClient, settings: ProjectSettings): Promise<{ projectId: string; fieldId: string } | string> {
  const data = await github.graphql<ProjectLookup>(
    `query($owner: String!, $number: Int!, $field: String!) {
      repositoryOwner(login: $owner) {
        ... on ProjectV2Owner {
          projectV2(number: $number) { id field(name: $field) { ... on ProjectV2FieldCommon { id dataType } } }
        }
      }
    }`,
    { owner: settings.owner, number: settings.number, field: settings.dateField },
  );
  const project = data.repositoryOwner?.projectV2;
  if (!project) return `project ${settings.owner}#${settings.number} was not found (or the app may not read it)`;
  if (project.field?.dataType !== "DATE") return `project ${settings.owner}#${settings.number} has no date field named \`${settings.dateField}\``;
  return { projectId: project.id, fieldId: project.field.id };
}

/** Adds an issue to the project (idempotent on GitHub's side) and sets its date field. */
export async function addToProject(github: GitHubClient, project: { projectId: string; fieldId: string }, contentId: string, due: string): Promise<void> {
  const added = await github.mutate<{ addProjectV2ItemById: { item: { id: string } } }>(
    `mutation($project: ID!, $content: ID!) { addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } } }`,
    { project: project.projectId, content: contentId },
    `add ${contentId} to project ${project.projectId}, due ${due}`,
  );
  if (!added) return;
  await github.mutate(
    `mutation($project: ID!, $item: ID!, $field: ID!, $date: Date!) {
      updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $field, value: { date: $date } }) { projectV2Item { id } }
    }`,
    { project: project.projectId, item: added.addProjectV2ItemById.item.id, field: project.fieldId, date: due },
    `set the due date of ${contentId} in project ${project.projectId} to ${due}`,
  );
}
