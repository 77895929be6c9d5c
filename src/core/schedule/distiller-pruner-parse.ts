// The pruners: section of a Distiller schedule, class by class, with every refusal on its line.
import { isScalar, type Node, type Pair } from 'yaml';
import type { DistillerGroup, ThresholdCriterion } from '../pruning';
import type { DistillerPruner, DistillerPrunerDef, GroupRegime, StructureRanking } from './distiller-document';
import { suggestion, type Reader } from './yaml-reader';

const AGP = ['initial_sparsity', 'final_sparsity'];
const RANKED = ['group_type', 'weights', 'group_dependency'];
const LP_GROUPS: DistillerGroup[] = ['3D', 'Filters', 'Channels', 'Rows', 'Cols', 'Blocks'];
const FILTER_GROUPS: DistillerGroup[] = ['3D', 'Filters'];

interface ClassSpec {
  keys: string[];
  ranking?: StructureRanking;
  target?: 'fixed' | 'agp' | 'random-level';
  groups?: DistillerGroup[];
}

const ranked = (ranking: StructureRanking, target: 'fixed' | 'agp', groups: DistillerGroup[]): ClassSpec => ({
  keys: [...(target === 'agp' ? AGP : ['desired_sparsity']), ...RANKED, ...(groups === LP_GROUPS ? ['kwargs'] : [])],
  ranking,
  target,
  groups,
});

/** Every pruner class PruneLab reads, with the keys it takes besides `class`. */
export const PRUNER_CLASSES: Record<string, ClassSpec> = {
  AutomatedGradualPruner: { keys: [...AGP, 'weights'] },
  PolynomialDecayPruner: { keys: [...AGP, 'power', 'weights'] },
  MagnitudeParameterPruner: { keys: ['thresholds'] },
  SparsityLevelParameterPruner: { keys: ['levels'] },
  SensitivityPruner: { keys: ['sensitivities'] },
  L1RankedStructureParameterPruner: ranked('l1', 'fixed', LP_GROUPS),
  L2RankedStructureParameterPruner: ranked('l2', 'fixed', LP_GROUPS),
  L1RankedStructureParameterPruner_AGP: ranked('l1', 'agp', LP_GROUPS),
  L2RankedStructureParameterPruner_AGP: ranked('l2', 'agp', LP_GROUPS),
  RandomLevelStructureParameterPruner: {
    keys: ['sparsity_range', ...RANKED, 'kwargs'],
    ranking: 'l1',
    target: 'random-level',
    groups: LP_GROUPS,
  },
  ActivationAPoZRankedFilterPruner: ranked('apoz', 'fixed', FILTER_GROUPS),
  ActivationAPoZRankedFilterPruner_AGP: ranked('apoz', 'agp', FILTER_GROUPS),
  ActivationMeanRankedFilterPruner: ranked('mean', 'fixed', FILTER_GROUPS),
  ActivationMeanRankedFilterPruner_AGP: ranked('mean', 'agp', FILTER_GROUPS),
  GradientRankedFilterPruner: ranked('gradient', 'fixed', FILTER_GROUPS),
  GradientRankedFilterPruner_AGP: ranked('gradient', 'agp', FILTER_GROUPS),
  RandomRankedFilterPruner: ranked('random', 'fixed', FILTER_GROUPS),
  RandomRankedFilterPruner_AGP: ranked('random', 'agp', FILTER_GROUPS),
  BernoulliFilterPruner: ranked('bernoulli', 'fixed', FILTER_GROUPS),
  BernoulliFilterPruner_AGP: ranked('bernoulli', 'agp', FILTER_GROUPS),
  SplicingPruner: { keys: ['sensitivities', 'low_thresh_mult', 'hi_thresh_mult', 'sensitivity_multiplier'] },
  StructureParameterPruner: { keys: ['reg_regims', 'threshold_criteria'] },
  BaiduRNNPruner: { keys: ['q', 'ramp_epoch_offset', 'ramp_slope_mult', 'weights'] },
};

/** Classes whose policy epochs Distiller reads as an AGP range (starting/ending epoch, frequency). */
export function isAgpClass(className: string): boolean {
  return className === 'AutomatedGradualPruner' || className.endsWith('_AGP') || className === 'PolynomialDecayPruner';
}

/** {name: number} maps (levels, thresholds, sensitivities); keys are weight names or '*'. */
export function numberMap(
  r: Reader,
  p: Pair,
  what: string,
  check: (v: number, at: Node) => void = () => undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of r.map(p.value, what, p).items as Pair[]) {
    const v = r.number(item.value, `${what} of ${r.keyOf(item)}`, item);
    check(v, item.value as Node);
    out[r.keyOf(item)] = v;
  }
  return out;
}

/** A Distiller group name, checked against the groups the class takes. */
export function groupName(r: Reader, p: Pair, allowed: readonly DistillerGroup[], what: string): DistillerGroup {
  const g = r.string(p.value, what, p);
  if (!(allowed as readonly string[]).includes(g))
    r.fail(p.value as Node, `${what} "${g}" is not one of ${allowed.join(', ')}${suggestion(g, allowed)}`);
  return g as DistillerGroup;
}

/** reg_regims of group regularizers and StructureParameterPruner: {weight: [value, group]}. */
export function groupRegimes(r: Reader, p: Pair, what: string, groups: readonly DistillerGroup[]) {
  const out: Record<string, GroupRegime> = {};
  for (const item of r.map(p.value, what, p).items as Pair[]) {
    const name = r.keyOf(item);
    const v = item.value as { items?: unknown[] } | null;
    if (!v || !Array.isArray(v.items) || v.items.length !== 2)
      r.fail((item.value as Node) ?? item, `${what} of ${name} must be [value, group], e.g. [0.0008, Channels]`);
    const [value, group] = v.items as Node[];
    const g = r.string(group, `the group of ${name}`, item);
    if (!(groups as readonly string[]).includes(g))
      r.fail(group, `group "${g}" of ${name} is not one of ${groups.join(', ')}${suggestion(g, groups)}`);
    out[name] = { value: r.number(value, `the value of ${name}`, item), group: g as DistillerGroup };
  }
  return out;
}

export function thresholdCriterion(r: Reader, p: Pair, allowed: readonly ThresholdCriterion[]): ThresholdCriterion {
  const c = r.string(p.value, 'threshold_criteria', p);
  if (!(allowed as readonly string[]).includes(c))
    r.fail(p.value as Node, `threshold_criteria "${c}" is not one of ${allowed.join(', ')}${suggestion(c, allowed)}`);
  return c as ThresholdCriterion;
}

function rankedPruner(r: Reader, spec: ClassSpec, f: Map<string, Pair>, owner: Pair, what: string): DistillerPruner {
  const need = (k: string) => r.need(f, k, owner, what);
  const group = groupName(r, need('group_type'), spec.groups ?? [], `group_type of ${what}`);
  let target: Extract<DistillerPruner, { kind: 'ranked-structure' }>['target'];
  if (spec.target === 'agp') {
    const initialSparsity = r.fraction(need('initial_sparsity').value, `initial_sparsity of ${what}`, owner);
    target = {
      kind: 'agp',
      initialSparsity,
      finalSparsity: r.fraction(need('final_sparsity').value, 'final_sparsity', owner),
    };
  } else if (spec.target === 'random-level') {
    const p = need('sparsity_range');
    const range = r.numbers(p.value, `sparsity_range of ${what}`, p);
    if (range.length !== 2 || range.some((v) => v < 0 || v > 1) || range[0] > range[1])
      r.fail(p.value as Node, `sparsity_range of ${what} must be [low, high] with 0 <= low <= high <= 1`);
    target = { kind: 'random-level', low: range[0], high: range[1] };
  } else
    target = {
      kind: 'fixed',
      sparsity: r.fraction(need('desired_sparsity').value, `desired_sparsity of ${what}`, owner),
    };
  const out: DistillerPruner = {
    kind: 'ranked-structure',
    ranking: spec.ranking as StructureRanking,
    group,
    target,
    weights: r.names(need('weights').value, `weights of ${what}`, need('weights')),
  };
  const dependency = f.get('group_dependency');
  if (dependency) {
    const d = r.string(dependency.value, 'group_dependency', dependency);
    if (d !== 'Leader')
      r.fail(dependency.value as Node, `group_dependency "${d}" is not supported; Distiller has only Leader`);
    out.groupDependency = 'leader';
  }
  const kwargs = f.get('kwargs');
  if (group === 'Blocks') {
    const shape = kwargs && r.fields(r.map(kwargs.value, 'kwargs', kwargs), ['block_shape'], `kwargs of ${what}`);
    const p =
      shape?.get('block_shape') ??
      r.fail(kwargs ?? owner, `${what} prunes Blocks: it needs kwargs: {block_shape: [r, d, 1, 1]}`);
    const blockShape = r.numbers(p.value, 'block_shape', p);
    if (
      blockShape.length !== 4 ||
      blockShape.some((v) => !Number.isInteger(v) || v < 1) ||
      blockShape[2] !== 1 ||
      blockShape[3] !== 1
    )
      r.fail(p.value as Node, 'block_shape must be [repetitions, depth, 1, 1] with positive integers (as Distiller)');
    out.blockShape = blockShape;
  } else if (kwargs) r.fail(kwargs, `kwargs of ${what} are read for group_type Blocks only`);
  return out;
}

export function parsePrunerDef(r: Reader, pair: Pair): DistillerPrunerDef {
  const name = r.keyOf(pair);
  const what = `pruner "${name}"`;
  const body = r.map(pair.value, what, pair);
  const classPair = (body.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === 'class');
  if (!classPair) r.fail(pair, `${what} has no "class"`);
  const className = r.string(classPair.value, `class of ${what}`, classPair);
  const spec = PRUNER_CLASSES[className];
  if (!spec) {
    const known = Object.keys(PRUNER_CLASSES);
    r.fail(
      classPair.value as Node,
      `pruner class "${className}" is not supported; supported: ${known.join(', ')}${suggestion(className, known)}`,
    );
  }
  const f = r.fields(body, ['class', ...spec.keys], `${what} (${className})`);
  const need = (k: string) => r.need(f, k, pair, `${what} (${className})`);
  const num = (k: string) => r.number(need(k).value, `${k} of ${what}`, need(k));
  const frac = (k: string) => r.fraction(need(k).value, `${k} of ${what}`, need(k));
  const weights = () => r.names(need('weights').value, `weights of ${what}`, need('weights'));
  const nonNegative = (v: number, at: Node) => {
    if (v < 0) r.fail(at, `must be >= 0; got ${v}`);
  };
  let out: DistillerPruner;
  switch (className) {
    case 'AutomatedGradualPruner':
      out = {
        kind: 'agp',
        initialSparsity: frac('initial_sparsity'),
        finalSparsity: frac('final_sparsity'),
        weights: weights(),
      };
      break;
    case 'PolynomialDecayPruner':
      out = {
        kind: 'polynomial-decay',
        initialSparsity: frac('initial_sparsity'),
        finalSparsity: frac('final_sparsity'),
        power: f.has('power') ? num('power') : 3,
        weights: weights(),
      };
      break;
    case 'MagnitudeParameterPruner':
      out = { kind: 'magnitude', thresholds: numberMap(r, need('thresholds'), `thresholds of ${what}`, nonNegative) };
      break;
    case 'SparsityLevelParameterPruner':
      out = {
        kind: 'level',
        levels: numberMap(r, need('levels'), `levels of ${what}`, (v, at) => {
          if (v < 0 || v > 1) r.fail(at, `must be between 0 and 1 (a fraction); got ${v}`);
        }),
      };
      break;
    case 'SensitivityPruner':
      out = {
        kind: 'sensitivity',
        sensitivities: numberMap(r, need('sensitivities'), `sensitivities of ${what}`, nonNegative),
      };
      break;
    case 'SplicingPruner':
      out = {
        kind: 'splicing',
        sensitivities: numberMap(r, need('sensitivities'), `sensitivities of ${what}`, nonNegative),
        lowThreshMult: num('low_thresh_mult'),
        hiThreshMult: num('hi_thresh_mult'),
        sensitivityMultiplier: f.has('sensitivity_multiplier') ? num('sensitivity_multiplier') : 0,
      };
      break;
    case 'StructureParameterPruner':
      out = {
        kind: 'structure-threshold',
        regimes: groupRegimes(r, need('reg_regims'), `reg_regims of ${what}`, [
          '2D',
          'Rows',
          'Cols',
          '3D',
          'Filters',
          'Channels',
        ]),
        criterion: thresholdCriterion(r, need('threshold_criteria'), ['Max', 'Mean_Abs']),
      };
      break;
    case 'BaiduRNNPruner':
      out = {
        kind: 'baidu-rnn',
        q: num('q'),
        rampEpochOffset: r.integer(need('ramp_epoch_offset').value, 'ramp_epoch_offset', need('ramp_epoch_offset')),
        rampSlopeMult: num('ramp_slope_mult'),
        weights: weights(),
      };
      break;
    default:
      out = rankedPruner(r, spec, f, pair, what);
  }
  return { name, className, line: r.line(pair), spec: out, nameLines: r.nameLines(body) };
}
