// The yardstick of bench/ignored-deliveries.bench.ts: a plain Probot server (Probot's own `run`,
// its default Octokit) whose `issues.labeled` handler does nothing. What it costs per delivery is
// Probot's own work: reading the body, checking the signature, building the context and its Octokit.
import { run } from "probot";

await run((app) => {
  app.on("issues.labeled", async () => {});
});
