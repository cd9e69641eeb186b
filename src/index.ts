import type { Probot } from "probot";
import { incidentChanged } from "./handlers/incident-changed.js";
import { postmortemClosed } from "./handlers/postmortem-closed.js";
import { postmortemCommand } from "./handlers/postmortem-command.js";

/** postmortem-bot: every webhook the app handles is registered here, and nothing else happens here. */
export default function postmortemBot(app: Probot): void {
  app.on(["issues.labeled", "issues.unlabeled", "issues.closed", "issues.reopened"], incidentChanged);
  app.on("issues.closed", postmortemClosed);
  app.on("issue_comment.created", postmortemCommand);
}
