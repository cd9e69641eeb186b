import type { ApplicationFunctionOptions, Probot } from "probot";
import { actionItemChanged } from "./handlers/action-item-changed.js";
import { commandReceived } from "./handlers/commands.js";
import { configCheck } from "./handlers/config-check.js";
import { incidentChanged } from "./handlers/incident-changed.js";
import { postmortemClosed } from "./handlers/postmortem-closed.js";
import { postmortemEdited } from "./handlers/postmortem-edited.js";
import { startScheduler } from "./jobs/scheduler.js";
import { healthHandler } from "./server/health.js";

/** postmortem-bot: every webhook the app handles is registered here, and nothing else happens here. */
export default function postmortemBot(app: Probot, options?: Partial<ApplicationFunctionOptions>): void {
  app.on(["issues.labeled", "issues.unlabeled", "issues.closed", "issues.reopened"], incidentChanged);
  app.on("issues.closed", postmortemClosed);
  app.on("issues.edited", postmortemEdited);
  app.on(
    ["issues.closed", "issues.reopened", "issues.labeled", "issues.unlabeled", "issues.assigned", "issues.unassigned"],
    actionItemChanged,
  );
  app.on("issue_comment.created", commandReceived);
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], configCheck);

  // Only a Probot server can add routes; loaded elsewhere (tests, Actions) there is no clock to keep.
  if (addRoute(options, healthHandler)) startScheduler(app);
}

function addRoute(options: Partial<ApplicationFunctionOptions> | undefined, handler: typeof healthHandler): boolean {
  if (!options?.addHandler) return false;
  try {
    options.addHandler(handler);
    return true;
  } catch {
    return false; // probot.load outside a server: "No server instance"
  }
}
