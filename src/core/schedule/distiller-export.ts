// Schedule -> Distiller compression-schedule YAML (one pruner instance and one policy per rule).
import { otherPrunerBody } from './distiller-export-pruners';
import { stringify } from 'yaml';
import { ScheduleError, validateSchedule, type Schedule, type ScheduleGroup, type ScheduleRule } from './schedule';
import { weightNameForTensor } from './weight-names';
import { componentSections } from './distiller-export-components';

export interface ExportOptions {
  /** Model tensor names: needed to expand '*' for pruners that list weights (AGP, structured). */
  modelTensors?: readonly string[];
  /** Prefix of exported weight names, e.g. "module." for a DataParallel model. Default none. */
  prefix?: string;
}

const GROUP_NAMES: Record<ScheduleGroup, string> = { filters: 'Filters', channels: 'Channels' };

/** Writes a schedule as a Distiller YAML (one pruner instance and one policy per rule). */
export function exportDistillerYaml(schedule: Schedule, opts: ExportOptions = {}): string {
  validateSchedule(schedule);
  const prefix = opts.prefix ?? '';
  const name = (t: string) => (t === '*' ? '*' : weightNameForTensor(t, prefix));
  const weightList = (rule: ScheduleRule): string[] => {
    if (rule.tensors !== '*') return rule.tensors.map(name);
    if (!opts.modelTensors)
      throw new ScheduleError(
        `rule "${rule.name}" applies to every tensor ('*'); pass the model's tensor names to export it`,
      );
    return opts.modelTensors.map(name);
  };
  const valueMap = (values: Record<string, number>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [name(k), v]));
  const pruners: Record<string, Record<string, unknown>> = {};
  const policies: Record<string, unknown>[] = [];
  for (const rule of schedule.rules) {
    const p = rule.pruner;
    let body: Record<string, unknown>;
    switch (p.kind) {
      case 'agp':
        body = p.structure
          ? {
              class:
                p.structure.norm === 'l2'
                  ? 'L2RankedStructureParameterPruner_AGP'
                  : 'L1RankedStructureParameterPruner_AGP',
              initial_sparsity: p.initialSparsity,
              final_sparsity: p.finalSparsity,
              group_type: GROUP_NAMES[p.structure.group],
              ...(p.structure.groupDependency ? { group_dependency: 'Leader' } : {}),
              weights: weightList(rule),
            }
          : {
              class: 'AutomatedGradualPruner',
              initial_sparsity: p.initialSparsity,
              final_sparsity: p.finalSparsity,
              weights: weightList(rule),
            };
        break;
      case 'polynomial-decay':
        body = {
          class: 'PolynomialDecayPruner',
          initial_sparsity: p.initialSparsity,
          final_sparsity: p.finalSparsity,
          power: p.power,
          weights: weightList(rule),
        };
        break;
      case 'level':
        body = { class: 'SparsityLevelParameterPruner', levels: valueMap(restrict(p.levels, rule)) };
        break;
      case 'magnitude':
        body = { class: 'MagnitudeParameterPruner', thresholds: valueMap(restrict(p.thresholds, rule)) };
        break;
      case 'sensitivity':
        body = { class: 'SensitivityPruner', sensitivities: valueMap(restrict(p.sensitivities, rule)) };
        break;
      case 'structured':
        body = {
          class: p.norm === 'l1' ? 'L1RankedStructureParameterPruner' : 'L2RankedStructureParameterPruner',
          group_type: GROUP_NAMES[p.group],
          desired_sparsity: p.sparsity,
          ...(p.groupDependency ? { group_dependency: 'Leader' } : {}),
          weights: weightList(rule),
        };
        break;
      default:
        body = otherPrunerBody(p, () => weightList(rule), name);
    }
    pruners[rule.name] = body;
    const when = rule.when;
    const mb = rule.miniBatch;
    const args = mb
      ? {
          ...(mb.keepMask ? { keep_mask: true } : {}),
          ...(mb.pruningFrequency ? { mini_batch_pruning_frequency: mb.pruningFrequency } : {}),
          ...(mb.maskOnForwardOnly ? { mask_on_forward_only: true } : {}),
          ...(mb.useDoubleCopies ? { use_double_copies: true } : {}),
          ...(mb.maskGradients ? { mask_gradients: true } : {}),
          ...(mb.discardMasks ? { discard_masks_at_minibatch_end: true } : {}),
        }
      : null;
    const pruner = { instance_name: rule.name, ...(args ? { args } : {}) };
    policies.push(
      'epochs' in when
        ? { pruner, epochs: when.epochs }
        : { pruner, starting_epoch: when.start, ending_epoch: when.end, frequency: when.frequency },
    );
  }
  const components = componentSections(schedule, name);
  return stringify(
    { version: 1, pruners, ...components.sections, policies: [...policies, ...components.policies] },
    { flowCollectionPadding: false, lineWidth: 0 },
  );
}

/** A map pruner's values limited to the rule's tensors (a '*' rule keeps its map as is). */
function restrict(values: Record<string, number>, rule: ScheduleRule): Record<string, number> {
  if (rule.tensors === '*') return values;
  const keep = new Set(rule.tensors);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (k === '*' || keep.has(k)) out[k] = v;
  return out;
}
