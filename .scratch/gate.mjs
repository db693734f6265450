import Bottleneck from "bottleneck";
import PQueue from "p-queue";
const N = 30000;
const work = () => new Promise((r) => setImmediate(r));
async function bench(name, schedule) {
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: N }, () => schedule(work)));
  const d = process.cpuUsage(c0);
  console.log(name, ((d.user + d.system) / 1000 / N * 1000).toFixed(1), "µs per job");
}
for (let i = 0; i < 2; i++) {
  const b = new Bottleneck({ maxConcurrent: 8 }); await bench("bottleneck", (f) => b.schedule(f));
  const q = new PQueue({ concurrency: 8 }); await bench("p-queue", (f) => q.add(f));
  await bench("bare", (f) => f());
}
