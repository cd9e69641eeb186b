// `npm start`: Probot's server with postmortem-bot loaded. Without APP_ID and a private key it
// serves Probot's setup page, which registers the app from app.yml and writes them into .env.
import { run } from "probot";
import postmortemBot from "../index.js";
import { ProductionOctokit } from "./production-octokit.js";

// Probot falls back to the webhook secret "development", which anyone can sign with: a server
// that has credentials but no secret of its own refuses to start rather than trust forged deliveries.
const hasCredentials = Boolean(process.env.APP_ID) && Boolean(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH);
if (hasCredentials && !process.env.WEBHOOK_SECRET && process.env.NODE_ENV !== "development") {
  console.error("WEBHOOK_SECRET is not set: refusing to accept webhooks signed with Probot's default secret. Set it (or NODE_ENV=development to allow it locally).");
  process.exit(1);
}

await run(postmortemBot, { Octokit: ProductionOctokit });
