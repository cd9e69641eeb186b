import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import { commandReceived } from "./handlers/commands.js";
import { configChanged } from "./config/config-changed.js";
import { configCheck } from "./handlers/config-check.js";
import { incidentChanged } from "./handlers/incident-changed.js";
import { postmortemChanged } from "./handlers/postmortem-changed.js";
import { healthHandler } from "./handlers/health.js";
import { resolveBotLogin } from "./github/app-identity.js";

/** postmortem-bot: every webhook the app handles is registered here, and nothing else happens here. */
export default function postmortemBot(app: Probot, options?: Partial<ApplicationFunctionOptions>): void {
  // The app's own account (learned once per loaded app): only its markers are trusted.
  const self = () => resolveBotLogin(app);
  const withDeliveryLog = <C extends Context>(handler: (context: C, self: string) => Promise<void>) => deliveryHandler(handler, self);
  // One handler per event: Probot builds a context (and an Octokit) for every handler it calls.
  app.on(["issues.edited", "issues.closed", "issues.reopened", "issues.labeled", "issues.unlabeled", "issues.assigned", "issues.unassigned"], withDeliveryLog(issueChanged));
  app.on("issue_comment.created", withDeliveryLog(commandReceived));
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], withDeliveryLog(configCheck));
  app.on(["push", "pull_request.closed"], configChanged);

  // Only a Probot server can add routes. The schedule is the server entry's (src/server/main.ts).
  addRoute(options, healthHandler);
}

const INCIDENT_ACTIONS = new Set(["labeled", "unlabeled", "closed", "reopened", "assigned", "unassigned"]);

/** An issue event may concern an incident, and a postmortem or one of its action items: each handler filters its own. */
async function issueChanged(context: Context<"issues">, self: string): Promise<void> {
  const results = await Promise.allSettled([
    INCIDENT_ACTIONS.has(context.payload.action) ? incidentChanged(context as Parameters<typeof incidentChanged>[0], self) : undefined,
    postmortemChanged(context as Parameters<typeof postmortemChanged>[0], self),
  ]);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

/**
 * What the GitHub client logs of a delivery (a rate limit waited out, say) carries the delivery's
 * id like the handler's own lines: the client is given the delivery's logger.
 */
function deliveryHandler<C extends Context>(handler: (context: C, self: string) => Promise<void>, self: () => Promise<string>): (context: C) => Promise<void> {
  return async (context) => {
    (context.octokit as { log: unknown }).log = context.log;
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
