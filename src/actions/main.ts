// Entry point of the GitHub Action (action.yml).
import { runInActions } from "./run-in-actions.js";

runInActions(process.env).then(
  (summary) => console.log(`postmortem-bot: ${summary}`),
  (error: unknown) => {
    console.error(`::error::postmortem-bot: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
