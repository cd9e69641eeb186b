// npm run bench: every benchmark of the app, printed as markdown tables.
import nock from "nock";
import { actionItemFigures } from "./action-items.bench.js";
import { digestFigures } from "./digest.bench.js";
import { eventFigures } from "./events.bench.js";
import { pacingFigures, pacingTable } from "./pacing.bench.js";
import { reconcileFigures, reconcileTable } from "./reconcile.bench.js";
import { recurrenceFigures } from "./recurrence.bench.js";

nock.disableNetConnect();
// The app's own account in the stand-ins' answers (the benchmarks run the app with a token).
process.env.POSTMORTEM_BOT_LOGIN ??= "postmortem-bot[bot]";
console.log(`postmortem-bot benchmarks (Node ${process.version}, ${(await import("node:os")).cpus().length} cores); GitHub stood in by nock in memory, medians of 5 runs\n`);

console.log("| Event | Requests | Writes | Handler time, median | p99 |");
console.log("|---|---|---|---|---|");
for (const figure of await eventFigures()) console.log(`| ${figure.event} | ${figure.requests} | ${figure.writes} | ${figure.medianMs} ms | ${figure.p99Ms} ms |`);

console.log("\n| Action items | Requests | Writes | In-process time | Content writes × 3 s (Octokit's default spacing, replaced by the budget below) |");
console.log("|---|---|---|---|---|");
for (const figure of await actionItemFigures()) console.log(`| ${figure.scenario} | ${figure.requests} | ${figure.writes} | ${figure.medianMs} ms | ~${figure.pacedSeconds} s |`);

console.log(`\n${pacingTable(await pacingFigures())}`);

console.log(`\n${reconcileTable(await reconcileFigures())}`);

console.log("\n| Digest | Requests (GraphQL) | GraphQL points | Largest call, nodes | Issues read | In-process time |");
console.log("|---|---|---|---|---|---|");
for (const figure of await digestFigures())
  console.log(
    `| ${figure.scenario} | ${figure.requests} (${figure.graphqlRequests}) | ${figure.points} | ${figure.maxNodes.toLocaleString("en")} | ${figure.read.toLocaleString("en")} | ${figure.medianMs} ms |`,
  );

console.log("\n| Recurrence look-up on a new incident | Requests | Issues found | In-process time |");
console.log("|---|---|---|---|");
for (const figure of await recurrenceFigures()) console.log(`| ${figure.scenario} | ${figure.requests} | ${figure.found} | ${figure.medianMs} ms |`);
await import("./http-throughput.bench.js").then(async (bench) => console.log(`\n${bench.httpThroughputTable(await bench.httpThroughputFigures())}`));
await import("./ignored-deliveries.bench.js").then(async (bench) => console.log(`\n${bench.ignoredDeliveriesTable(await bench.ignoredDeliveryFigures())}`));
