// Preloaded into every node process of a bench run. At exit it appends the process's peak RSS (KiB)
// to BENCH_RSS_FILE, writes its CPU time (ms, user + system) to BENCH_CPU_FILE and, with
// BENCH_MODULES_FILE, the provider binding modules it loaded (the floor app loads the same ones).
const fs = require('fs');
const BINDING = /[\\/]node_modules[\\/]@cdktf[\\/]provider-[^\\/]+[\\/]/;
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
  if (process.env.BENCH_CPU_FILE) {
    const { user, system } = process.cpuUsage();
    fs.writeFileSync(process.env.BENCH_CPU_FILE, `${(user + system) / 1000}\n`);
  }
  if (process.env.BENCH_MODULES_FILE) {
    const bindings = Object.keys(require.cache).filter((file) => BINDING.test(file));
    fs.writeFileSync(process.env.BENCH_MODULES_FILE, JSON.stringify(bindings));
  }
});
