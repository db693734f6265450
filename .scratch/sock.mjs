import net from "node:net";
const srv = net.createServer((s) => s.on("data", (d) => s.write(d))).listen(0);
await new Promise((r) => srv.once("listening", r));
const c = net.connect(srv.address().port); await new Promise((r) => c.once("connect", r));
const N = 10000; const buf = Buffer.alloc(200, 65);
const c0 = process.cpuUsage(); const t0 = performance.now();
for (let i = 0; i < N; i++) { c.write(buf); await new Promise((r) => c.once("data", r)); }
const d = process.cpuUsage(c0);
console.log(`round trip (both ends in this process): ${((d.user + d.system) / 1000 / N).toFixed(3)} ms CPU (sys ${(d.system/1000/N).toFixed(3)}), wall ${((performance.now() - t0) / N).toFixed(3)} ms`);
process.exit(0);
