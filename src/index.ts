import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import { actionItemChanged } from "./handlers/action-item-changed.js";
import { commandReceived } from "./handlers/commands.js";
import { configChanged } from "./config/config-changed.js";
import { configCheck } from "./handlers/config-check.js";
import { incidentChanged } from "./handlers/incident-changed.js";
import { postmortemClosed } from "./handlers/postmortem-closed.js";
import { postmortemEdited } from "./handlers/postmortem-edited.js";
import { startScheduler } from "./jobs/scheduler.js";
import { healthHandler } from "./server/health.js";

/** postmortem-bot: every webhook the app handles is registered here, and nothing else happens here. */
export default function postmortemBot(app: Probot, options?: Partial<ApplicationFunctionOptions>): void {
  app.on(["issues.labeled", "issues.unlabeled", "issues.closed", "issues.reopened"], withDeliveryLog(incidentChanged));
  app.on("issues.closed", withDeliveryLog(postmortemClosed));
  app.on("issues.edited", withDeliveryLog(postmortemEdited));
  app.on(
    ["issues.closed", "issues.reopened", "issues.labeled", "issues.unlabeled", "issues.assigned", "issues.unassigned"],
    withDeliveryLog(actionItemChanged),
  );
  app.on("issue_comment.created", withDeliveryLog(commandReceived));
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], withDeliveryLog(configCheck));
  app.on(["push", "pull_request.closed"], configChanged);

  // Only a Probot server can add routes; loaded elsewhere (tests, Actions) there is no clock to keep.
  if (addRoute(options, healthHandler)) startScheduler(app);
}

/**
 * What the GitHub client logs of a delivery (a rate limit waited out, say) carries the delivery's
 * id like the handler's own lines: the client is given the delivery's logger.
 */
function withDeliveryLog<C extends Context>(handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    (context.octokit as { log: unknown }).log = context.log.child({ name: "github" });
    // A signed delivery without the objects its event always carries is logged and left alone.
    const payload = context.payload as Record<string, unknown>;
    const subject = context.name === "pull_request" ? "pull_request" : "issue";
    if (!payload.repository || !payload[subject]) {
      context.log.warn({ event: context.name }, `incomplete ${context.name} payload: no ${payload.repository ? subject : "repository"}; ignored`);
      return;
    }
    await handler(context);
  };
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
