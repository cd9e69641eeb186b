import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import { commandReceived } from "./handlers/commands.js";
import { configCheck } from "./handlers/config-check.js";
import { incidentChanged } from "./handlers/incident-changed.js";
import { postmortemChanged } from "./handlers/postmortem-changed.js";
import { healthHandler } from "./handlers/health.js";
import { resolveBotLogin } from "./github/app-identity.js";

/** postmortem-bot: every webhook the app handles is registered here, and nothing else happens here. */
export default function postmortemBot(app: Probot, options?: Partial<ApplicationFunctionOptions>): void {
  // The app's own account, learned once per loaded app: only its markers are trusted.
  let login: Promise<string> | undefined;
  const self = () => (login ??= resolveBotLogin(app).catch((error: unknown) => ((login = undefined), Promise.reject(error))));
  const withDeliveryLog = <C extends Context>(handler: (context: C, self: string) => Promise<void>) => deliveryHandler(handler, self);
  app.on(
    ["issues.labeled", "issues.unlabeled", "issues.closed", "issues.reopened", "issues.assigned", "issues.unassigned"],
    withDeliveryLog(incidentChanged),
  );
  app.on(
    ["issues.edited", "issues.closed", "issues.reopened", "issues.labeled", "issues.unlabeled", "issues.assigned", "issues.unassigned"],
    withDeliveryLog(postmortemChanged),
  );
  app.on("issue_comment.created", withDeliveryLog(commandReceived));
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], withDeliveryLog(configCheck));

  // Only a Probot server can add routes. The schedule is the server entry's (src/server/main.ts).
  addRoute(options, healthHandler);
}

/**
 * What the GitHub client logs of a delivery (a rate limit waited out, say) carries the delivery's
 * id like the handler's own lines: the client is given the delivery's logger.
 */
function deliveryHandler<C extends Context>(handler: (context: C, self: string) => Promise<void>, self: () => Promise<string>): (context: C) => Promise<void> {
  return async (context) => {
    (context.octokit as { log: unknown }).log = context.log.child({ name: "github" });
    // A signed delivery without the objects its event always carries is logged and left alone.
    const payload = context.payload as Record<string, unknown>;
    const subject = context.name === "pull_request" ? "pull_request" : "issue";
    if (!payload.repository || !payload[subject]) {
      context.log.warn({ event: context.name }, `incomplete ${context.name} payload: no ${payload.repository ? subject : "repository"}; ignored`);
      return;
    }
    await handler(context, await self());
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
