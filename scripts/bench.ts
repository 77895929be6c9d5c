// npm run bench [section ...]: prints measured figures and ratios, all measured in this one run.
import { benchDataDecode } from './bench/data-decode';
import { benchEvaluation } from './bench/evaluation';
import { benchMasks } from './bench/masks';
import { benchMobileNet } from './bench/mobilenet';
import { benchOnnxWeightInputs } from './bench/onnx-weight-inputs';
import { benchOnnxDemo } from './bench/onnx-demo';
import { benchSensitivity } from './bench/sensitivity';
import { benchHistogram } from './bench/histogram';
import { benchFinetune, benchFinetuneVsTorch, formatFinetuneRow } from './bench/finetune';
import { benchSweepBrowser, benchSweepPool } from './bench/sweep-browser';
import { benchLargeModelUi } from './bench/large-model-ui';
import { benchVsPytorch } from './bench/vs-pytorch';
import { benchSoak } from './bench/soak';
import { benchLi } from './bench/li';

const sections: Record<string, () => Promise<void>> = {
  masks: benchMasks,
  histogram: benchHistogram,
  mobilenet: benchMobileNet,
  evaluation: benchEvaluation,
  sensitivity: () => benchSensitivity(),
  'sweep-browser': benchSweepBrowser,
  'sweep-pool': benchSweepPool,
  'large-model-ui': benchLargeModelUi,
  'onnx-weight-inputs': () => benchOnnxWeightInputs(),
  'data-decode': benchDataDecode,
  'onnx-demo': benchOnnxDemo,
  finetune: async () => {
    await benchFinetuneVsTorch(); // first: the per-backend rows include the slow pure-JS cpu backend
    for (const r of await benchFinetune()) console.log(formatFinetuneRow(r));
  },
  'vs-pytorch': benchVsPytorch,
  soak: benchSoak,
  li: () => benchLi(),
};

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = only.filter((n) => !(n in sections));
if (unknown.length) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of Object.entries(sections)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  await run();
}
