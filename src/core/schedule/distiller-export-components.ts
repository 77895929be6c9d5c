// The regularizers, LR schedulers and thinning of a Schedule as Distiller YAML sections and policies.
import type { LrScheduler } from '../training/lr-schedulers';
import type { Regularizer } from '../training/regularizers';
import type { EpochSpec, Schedule } from './schedule';

type Body = Record<string, unknown>;

const CLASS_OF_REGULARIZER = {
  l1: 'L1Regularizer',
  'group-lasso': 'GroupLassoRegularizer',
  'group-variance': 'GroupVarianceRegularizer',
};

function regularizerBody(reg: Regularizer, name: (t: string) => string): Body {
  const body: Body = { class: CLASS_OF_REGULARIZER[reg.kind] };
  if (reg.kind === 'l1')
    body.reg_regims = Object.fromEntries(Object.entries(reg.strengths).map(([k, v]) => [name(k), v]));
  else body.reg_regims = Object.fromEntries(Object.entries(reg.regimes).map(([k, v]) => [name(k), [v.value, v.group]]));
  if (reg.kind !== 'group-variance' && reg.thresholdCriteria !== undefined)
    body.threshold_criteria = reg.thresholdCriteria;
  return body;
}

function lrBody(s: LrScheduler): Body {
  switch (s.kind) {
    case 'step':
      return { class: 'StepLR', step_size: s.stepSize, gamma: s.gamma };
    case 'multi-step':
      return { class: 'MultiStepLR', milestones: s.milestones, gamma: s.gamma };
    case 'exponential':
      return { class: 'ExponentialLR', gamma: s.gamma };
    case 'lambda':
      return { class: 'LambdaLR', lr_lambda: s.lrLambda };
    case 'cosine-annealing':
      return { class: 'CosineAnnealingLR', T_max: s.tMax, eta_min: s.etaMin };
    case 'reduce-on-plateau':
      return {
        class: 'ReduceLROnPlateau',
        mode: s.mode,
        factor: s.factor,
        patience: s.patience,
        threshold: s.threshold,
        threshold_mode: s.thresholdMode,
        cooldown: s.cooldown,
        min_lr: s.minLr,
        eps: s.eps,
      };
  }
}

function whenBody(when: EpochSpec): Body {
  return 'epochs' in when
    ? { epochs: when.epochs }
    : { starting_epoch: when.start, ending_epoch: when.end, frequency: when.frequency };
}

export interface ComponentSections {
  sections: Record<string, Record<string, Body>>;
  policies: Body[];
}

/** Sections (regularizers, lr_schedulers, extensions) and their policies; weight names through `name`. */
export function componentSections(schedule: Schedule, name: (tensor: string) => string): ComponentSections {
  const sections: Record<string, Record<string, Body>> = {};
  const policies: Body[] = [];
  const add = (section: string, key: string, instance: string, body: Body, when: EpochSpec, args?: Body) => {
    (sections[section] ??= {})[instance] = body;
    policies.push({ [key]: { instance_name: instance, ...(args ? { args } : {}) }, ...whenBody(when) });
  };
  for (const r of schedule.regularizers ?? [])
    add(
      'regularizers',
      'regularizer',
      r.name,
      regularizerBody(r.regularizer, name),
      r.when,
      r.keepMask ? { keep_mask: true } : undefined,
    );
  for (const l of schedule.lrSchedulers ?? [])
    add('lr_schedulers', 'lr_scheduler', l.name, lrBody(l.scheduler), l.when);
  for (const t of schedule.thinning ?? []) {
    const body: Body = {
      class: t.removes === 'filters' ? 'FilterRemover' : 'ChannelRemover',
      thinning_func_str: t.removes === 'filters' ? 'remove_filters' : 'remove_channels',
    };
    if (t.arch !== undefined) body.arch = t.arch;
    if (t.dataset !== undefined) body.dataset = t.dataset;
    add('extensions', 'extension', t.name, body, t.when);
  }
  return { sections, policies };
}
