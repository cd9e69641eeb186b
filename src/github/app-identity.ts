import type { Probot } from "probot";

/**
 * The login of this app's own bot account, in REST's form (`slug[bot]`): the only account whose
 * markers the app trusts. In order: `POSTMORTEM_BOT_LOGIN` when set (a token that is not the
 * app's, or a test); `github-actions[bot]` inside GitHub Actions with the workflow's token; else
 * the app's slug, asked of GitHub once with the app's JWT (`GET /app`).
 */
export async function resolveBotLogin(probot: Pick<Probot, "auth">, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.POSTMORTEM_BOT_LOGIN) return env.POSTMORTEM_BOT_LOGIN;
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_TOKEN) return "github-actions[bot]";
  // Asked once per loaded app (deliveries and every scheduled run share it); a failure is not remembered.
  let slug = slugs.get(probot);
  if (!slug) {
    slug = askSlug(probot);
    slugs.set(probot, slug);
    slug.catch(() => slugs.delete(probot));
  }
  return slug;
}

const slugs = new WeakMap<object, Promise<string>>();

async function askSlug(probot: Pick<Probot, "auth">): Promise<string> {
  const app = await probot.auth();
  try {
    const { data } = await app.request("GET /app");
    if (data?.slug) return `${data.slug}[bot]`;
  } catch (error) {
    throw new Error(`could not learn the app's own account (GET /app with the app's JWT failed): set POSTMORTEM_BOT_LOGIN, e.g. my-app[bot]`, { cause: error });
  }
  throw new Error("GET /app named no slug: set POSTMORTEM_BOT_LOGIN, e.g. my-app[bot]");
}
