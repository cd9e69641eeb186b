import type { Probot } from "probot";
import { actionItemChanged } from "./handlers/action-item-changed.js";
import { commandReceived } from "./handlers/commands.js";
import { incidentChanged } from "./handlers/incident-changed.js";
import { postmortemClosed } from "./handlers/postmortem-closed.js";
import { postmortemEdited } from "./handlers/postmortem-edited.js";

/** postmortem-bot: every webhook the app handles is registered here, and nothing else happens here. */
export default function postmortemBot(app: Probot): void {
  app.on(["issues.labeled", "issues.unlabeled", "issues.closed", "issues.reopened"], incidentChanged);
  app.on("issues.closed", postmortemClosed);
  app.on("issues.edited", postmortemEdited);
  app.on(
    ["issues.closed", "issues.reopened", "issues.labeled", "issues.unlabeled", "issues.assigned", "issues.unassigned"],
    actionItemChanged,
  );
  app.on("issue_comment.created", commandReceived);
}
