// The regularizers:, lr_schedulers:, extensions: and quantizers: sections of a Distiller schedule.
import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { PLATEAU_DEFAULTS, type LrScheduler } from '../training/lr-schedulers';
import { LrLambdaError, parseLrLambda } from '../training/lr-lambda';
import type { Regularizer } from '../training/regularizers';
import type { DistillerExtensionDef, DistillerLrSchedulerDef, DistillerRegularizerDef } from './distiller-document';
import { groupRegimes, numberMap, thresholdCriterion } from './distiller-pruner-parse';
import { suggestion, type Reader } from './yaml-reader';

interface Component {
  name: string;
  className: string;
  body: YAMLMap;
  fields: Map<string, Pair>;
}

/** Checks a component's class against `classes` and its keys against the class's keys. */
function component(r: Reader, pair: Pair, section: string, classes: Record<string, string[]>): Component {
  const name = r.keyOf(pair);
  const what = `${section} "${name}"`;
  const body = r.map(pair.value, what, pair);
  const classPair =
    (body.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === 'class') ??
    r.fail(pair, `${what} has no "class"`);
  const className = r.string(classPair.value, `class of ${what}`, classPair);
  const keys = classes[className];
  if (!keys) {
    const known = Object.keys(classes);
    r.fail(
      classPair.value as Node,
      `${section} class "${className}" is not supported; supported: ${known.join(', ')}${suggestion(className, known)}`,
    );
  }
  return { name, className, body, fields: r.fields(body, ['class', ...keys], `${what} (${className})`) };
}

const REGULARIZERS: Record<string, string[]> = {
  L1Regularizer: ['reg_regims', 'threshold_criteria'],
  GroupLassoRegularizer: ['reg_regims', 'threshold_criteria'],
  GroupVarianceRegularizer: ['reg_regims'],
};

export function parseRegularizerDef(r: Reader, pair: Pair): DistillerRegularizerDef {
  const c = component(r, pair, 'regularizer', REGULARIZERS);
  const what = `reg_regims of regularizer "${c.name}"`;
  const regims = r.need(c.fields, 'reg_regims', pair, `regularizer "${c.name}"`);
  const criteria = c.fields.get('threshold_criteria');
  let spec: Regularizer;
  if (c.className === 'L1Regularizer') {
    spec = { kind: 'l1', strengths: numberMap(r, regims, what) };
    if (criteria) spec.thresholdCriteria = r.string(criteria.value, 'threshold_criteria', criteria);
  } else if (c.className === 'GroupLassoRegularizer') {
    const groups = ['2D', 'Rows', 'Cols', 'Rows+Cols', 'Channels', 'Filters', '3D', '4D'] as const;
    spec = { kind: 'group-lasso', regimes: groupRegimes(r, regims, what, groups) };
    if (criteria) spec.thresholdCriteria = thresholdCriterion(r, criteria, ['Max', 'Mean_Abs']) as 'Max' | 'Mean_Abs';
  } else spec = { kind: 'group-variance', regimes: groupRegimes(r, regims, what, ['Channels']) };
  return { name: c.name, className: c.className, line: r.line(pair), spec, nameLines: r.nameLines(c.body) };
}

const LR_SCHEDULERS: Record<string, string[]> = {
  StepLR: ['step_size', 'gamma', 'verbose'],
  MultiStepLR: ['milestones', 'gamma', 'verbose'],
  ExponentialLR: ['gamma', 'verbose'],
  LambdaLR: ['lr_lambda', 'verbose'],
  CosineAnnealingLR: ['T_max', 'eta_min', 'verbose'],
  ReduceLROnPlateau: [
    'mode',
    'factor',
    'patience',
    'threshold',
    'threshold_mode',
    'cooldown',
    'min_lr',
    'eps',
    'verbose',
  ],
};

export function parseLrSchedulerDef(r: Reader, pair: Pair): DistillerLrSchedulerDef {
  const c = component(r, pair, 'lr_scheduler', LR_SCHEDULERS);
  const what = `lr_scheduler "${c.name}"`;
  const need = (k: string) => r.need(c.fields, k, pair, `${what} (${c.className})`);
  const num = (k: string, fallback?: number) =>
    fallback !== undefined && !c.fields.has(k) ? fallback : r.number(need(k).value, `${k} of ${what}`, need(k));
  const int = (k: string, fallback?: number) =>
    fallback !== undefined && !c.fields.has(k) ? fallback : r.integer(need(k).value, `${k} of ${what}`, need(k));
  const choice = <T extends string>(k: string, options: readonly T[], fallback: T): T => {
    const p = c.fields.get(k);
    if (!p) return fallback;
    const v = r.string(p.value, `${k} of ${what}`, p);
    if (!(options as readonly string[]).includes(v))
      r.fail(p.value as Node, `${k} of ${what} must be ${options.join(' or ')}`);
    return v as T;
  };
  let spec: LrScheduler;
  switch (c.className) {
    case 'StepLR':
      spec = { kind: 'step', stepSize: int('step_size'), gamma: num('gamma', 0.1) };
      if (spec.stepSize < 1) r.fail(need('step_size').value as Node, `step_size of ${what} must be >= 1`);
      break;
    case 'MultiStepLR': {
      const p = need('milestones');
      spec = {
        kind: 'multi-step',
        milestones: r.numbers(p.value, `milestones of ${what}`, p),
        gamma: num('gamma', 0.1),
      };
      break;
    }
    case 'ExponentialLR':
      spec = { kind: 'exponential', gamma: num('gamma') };
      break;
    case 'LambdaLR': {
      const p = need('lr_lambda');
      const lrLambda = r.string(p.value, `lr_lambda of ${what}`, p);
      try {
        parseLrLambda(lrLambda);
      } catch (e) {
        if (e instanceof LrLambdaError) r.fail(p.value as Node, e.message);
        throw e;
      }
      spec = { kind: 'lambda', lrLambda };
      break;
    }
    case 'CosineAnnealingLR':
      spec = { kind: 'cosine-annealing', tMax: num('T_max'), etaMin: num('eta_min', 0) };
      if (!(spec.tMax > 0)) r.fail(need('T_max').value as Node, `T_max of ${what} must be > 0`);
      break;
    default: {
      const d = PLATEAU_DEFAULTS;
      spec = {
        kind: 'reduce-on-plateau',
        mode: choice('mode', ['min', 'max'], d.mode),
        factor: num('factor', d.factor),
        patience: int('patience', d.patience),
        threshold: num('threshold', d.threshold),
        thresholdMode: choice('threshold_mode', ['rel', 'abs'], d.thresholdMode),
        cooldown: int('cooldown', d.cooldown),
        minLr: num('min_lr', d.minLr),
        eps: num('eps', d.eps),
      };
      if (!(spec.factor < 1))
        r.fail(need('factor').value as Node, `factor of ${what} must be < 1 (PyTorch refuses it)`);
    }
  }
  return { name: c.name, className: c.className, line: r.line(pair), spec };
}

const REMOVERS = ['thinning_func_str', 'arch', 'dataset'];
const THINNING_FUNCTIONS: Record<string, 'filters' | 'channels'> = {
  remove_filters: 'filters',
  remove_channels: 'channels',
};

/** FilterRemover and ChannelRemover are Distiller's aliases of StructureRemover: thinning_func_str decides. */
export function parseExtensionDef(r: Reader, pair: Pair): DistillerExtensionDef {
  const c = component(r, pair, 'extension', {
    FilterRemover: REMOVERS,
    ChannelRemover: REMOVERS,
    StructureRemover: REMOVERS,
  });
  const text = (k: string) => {
    const p = c.fields.get(k);
    return p ? r.string(p.value, `${k} of extension "${c.name}"`, p) : undefined;
  };
  const fn = text('thinning_func_str');
  const byClass =
    c.className === 'ChannelRemover' ? 'channels' : c.className === 'FilterRemover' ? 'filters' : undefined;
  const removes = fn !== undefined ? THINNING_FUNCTIONS[fn] : byClass;
  if (!removes) {
    const p = c.fields.get('thinning_func_str') ?? pair;
    r.fail(
      p,
      `extension "${c.name}" needs thinning_func_str: remove_filters or remove_channels${fn ? `; got "${fn}"` : ''}`,
    );
  }
  const spec: DistillerExtensionDef['spec'] = { removes };
  if (fn !== undefined) spec.thinningFunction = fn;
  const arch = text('arch');
  const dataset = text('dataset');
  if (arch !== undefined) spec.arch = arch;
  if (dataset !== undefined) spec.dataset = dataset;
  return { name: c.name, className: c.className, line: r.line(pair), spec };
}
