// npm run bench: every benchmark of the app, printed as markdown tables.
import nock from "nock";
import { actionItemFigures } from "./action-items.bench.js";
import { digestFigures } from "./digest.bench.js";
import { eventFigures } from "./events.bench.js";
import { recurrenceFigures } from "./recurrence.bench.js";

nock.disableNetConnect();
console.log(`postmortem-bot benchmarks (Node ${process.version}, ${(await import("node:os")).cpus().length} cores); GitHub stood in by nock in memory, medians of 5 runs\n`);

console.log("| Event | Requests | Writes | Handler time, median | p99 |");
console.log("|---|---|---|---|---|");
for (const figure of await eventFigures()) console.log(`| ${figure.event} | ${figure.requests} | ${figure.writes} | ${figure.medianMs} ms | ${figure.p99Ms} ms |`);

console.log("\n| Action items | Requests | Writes | In-process time | At least, paced by throttling in production |");
console.log("|---|---|---|---|---|");
for (const figure of await actionItemFigures()) console.log(`| ${figure.scenario} | ${figure.requests} | ${figure.writes} | ${figure.medianMs} ms | ~${figure.pacedSeconds} s |`);

console.log("\n| Digest | Requests | Issues searched | In-process time |");
console.log("|---|---|---|---|");
for (const figure of await digestFigures()) console.log(`| ${figure.scenario} | ${figure.requests} | ${figure.searched} | ${figure.medianMs} ms |`);

console.log("\n| Recurrence look-up on a new incident | Requests | Issues found | In-process time |");
console.log("|---|---|---|---|");
for (const figure of await recurrenceFigures()) console.log(`| ${figure.scenario} | ${figure.requests} | ${figure.found} | ${figure.medianMs} ms |`);
await import("./http-throughput.bench.js").then(async (bench) => console.log(`\n${bench.httpThroughputTable(await bench.httpThroughputFigures())}`));
await import("./ignored-deliveries.bench.js").then(async (bench) => console.log(`\n${bench.ignoredDeliveriesTable(await bench.ignoredDeliveryFigures())}`));
