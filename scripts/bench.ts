// npm run bench: prints measured figures and ratios, all measured in this one run.
import { benchEvaluation } from './bench/evaluation';

const sections: Record<string, () => Promise<void>> = {
  evaluation: benchEvaluation,
};

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, run] of Object.entries(sections)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  await run();
}
