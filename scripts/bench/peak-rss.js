// Preloaded into every node process of a bench run: appends this process's peak RSS (KiB).
const fs = require('fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
