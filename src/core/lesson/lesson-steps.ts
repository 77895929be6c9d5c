// The guided lesson: seven steps that follow Distiller's pruning documentation, each with its
// formula (TeX, in REFERENCE.md's notation), its sources, and the state its "Show me" puts the lab in.
// The words of each step live in the page's translation catalogue (lesson.steps.<id>).

/** Where a step's sources come from (see CITATIONS). */
export type CitationId = 'han2015' | 'li2017' | 'zhu2017' | 'distiller';

export interface Citation {
  authors: string;
  year: number;
  title: string;
  venue: string;
  url: string;
}

export const CITATIONS: Record<CitationId, Citation> = {
  han2015: {
    authors: 'Han, Pool, Tran, Dally',
    year: 2015,
    title: 'Learning both Weights and Connections for Efficient Neural Networks',
    venue: 'NeurIPS 2015',
    url: 'https://arxiv.org/abs/1506.02626',
  },
  li2017: {
    authors: 'Li, Kadav, Durdanovic, Samet, Graf',
    year: 2017,
    title: 'Pruning Filters for Efficient ConvNets',
    venue: 'ICLR 2017',
    url: 'https://arxiv.org/abs/1608.08710',
  },
  zhu2017: {
    authors: 'Zhu, Gupta',
    year: 2017,
    title: 'To prune, or not to prune: exploring the efficacy of pruning for model compression',
    venue: 'arXiv:1710.01878',
    url: 'https://arxiv.org/abs/1710.01878',
  },
  distiller: {
    authors: 'Zmora, Jacob, Zlotnik, Elharar, Novik',
    year: 2019,
    title: 'Neural Network Distiller: A Python Package for DNN Compression Research',
    venue: 'arXiv:1910.12232; documentation at intellabs.github.io/distiller',
    url: 'https://intellabs.github.io/distiller/',
  },
};

/** A pruning method a step asks "Prune all" for (the plan's own method values). */
export type LessonMethod =
  | { kind: 'level'; sparsity: number }
  | { kind: 'magnitude'; threshold: number }
  | { kind: 'structured'; group: 'filters'; sparsity: number; norm: 'l1'; normalize: 'raw' };

/** The state a step's "Show me" sets: every field is one existing store action. */
export interface LessonTarget {
  /** the demo model (selectDemo; kept when it is already open) */
  demo: 'lenet300' | 'lenet5' | 'vgg';
  view: 'prune' | 'sensitivity' | 'schedule';
  /** "Prune all" with this method, from the dense model */
  pruneAll?: LessonMethod;
  inspectTab?: 'sparsity-table' | 'masks' | 'histogram' | 'cost';
  /** start a sensitivity sweep over every tensor the group applies to (conv kernels for filters) */
  sweep?: { group: 'element' | 'filter'; levels: number[] };
  /** put this AGP schedule in the editor (setSchedule) and show its Distiller YAML */
  agp?: {
    initialSparsity: number;
    finalSparsity: number;
    start: number;
    end: number;
    frequency: number;
    epochs: number;
  };
  /** the panel to bring into view */
  focus?: 'han';
}

export type LessonStepId = 'sparsity' | 'magnitude' | 'granularity' | 'sensitivity' | 'han' | 'schedules' | 'li';

export interface LessonStep {
  id: LessonStepId;
  /** TeX for KaTeX (display mode) */
  formula: string;
  citations: CitationId[];
  showMe: LessonTarget;
}

/** Display lines, centred one under the other (a projector slide is narrow). */
function lines(...rows: string[]): string {
  return String.raw`\begin{gathered}` + rows.join(String.raw` \\ `) + String.raw`\end{gathered}`;
}

/** 0, 0.1, ..., 0.9: ten levels, short enough to watch in class */
export const LESSON_LEVELS = Array.from({ length: 10 }, (_, i) => i / 10);

export const LESSON_STEPS: readonly LessonStep[] = [
  {
    id: 'sparsity',
    formula: lines(
      String.raw`s(w) = 1 - \frac{\lVert w \rVert_0}{n}, \qquad d(w) = 1 - s(w)`,
      String.raw`\lVert w \rVert_0 = \left|\{\, i : w_i \neq 0 \,\}\right|`,
    ),
    citations: ['distiller'],
    showMe: {
      demo: 'lenet300',
      view: 'prune',
      pruneAll: { kind: 'level', sparsity: 0.5 },
      inspectTab: 'sparsity-table',
    },
  },
  {
    id: 'magnitude',
    formula: lines(
      String.raw`m_i = \mathbf{1}\big[\, |w_i| > \lambda \,\big], \qquad \hat{w} = w \odot m`,
      String.raw`\lambda_s = |w|_{(k)}, \qquad k = \lfloor s\, n \rfloor`,
    ),
    citations: ['distiller', 'han2015'],
    showMe: {
      demo: 'lenet300',
      view: 'prune',
      pruneAll: { kind: 'magnitude', threshold: 0.03 },
      inspectTab: 'histogram',
    },
  },
  {
    id: 'granularity',
    formula: String.raw`\mathrm{MACs} = \underbrace{H_{out}\, W_{out}\, C_{out}}_{\text{OFM}} \cdot \frac{C_{in}}{g} \cdot k_h\, k_w`,
    citations: ['distiller', 'li2017'],
    showMe: {
      demo: 'vgg',
      view: 'prune',
      pruneAll: { kind: 'structured', group: 'filters', sparsity: 0.5, norm: 'l1', normalize: 'raw' },
      inspectTab: 'cost',
    },
  },
  {
    id: 'sensitivity',
    formula: lines(
      String.raw`\Delta_\ell(s) = \mathrm{top1}(W) - \mathrm{top1}\big(W_{\ell \to s}\big)`,
      String.raw`s \in \{0, 0.1, \dots, 0.9\}`,
    ),
    citations: ['distiller', 'han2015'],
    showMe: { demo: 'lenet5', view: 'sensitivity', sweep: { group: 'element', levels: LESSON_LEVELS } },
  },
  {
    id: 'han',
    formula: lines(
      String.raw`M^{(k+1)} = M^{(k)} \odot \mathbf{1}\big[\, |W^{(k)}| > \lambda_{k+1} \big]`,
      String.raw`W^{(k+1)} = \mathrm{retrain}\big(W^{(k)} \odot M^{(k+1)}\big)`,
    ),
    citations: ['han2015'],
    showMe: { demo: 'lenet300', view: 'schedule', focus: 'han' },
  },
  {
    id: 'schedules',
    formula: lines(
      String.raw`s_t = s_f + (s_i - s_f)\left(1 - \frac{t - t_0}{n\,\Delta t}\right)^{3}`,
      String.raw`t \in \{t_0,\ t_0 + \Delta t,\ \dots,\ t_0 + n\,\Delta t\}`,
    ),
    citations: ['zhu2017', 'distiller'],
    showMe: {
      demo: 'lenet300',
      view: 'schedule',
      agp: { initialSparsity: 0.05, finalSparsity: 0.92, start: 0, end: 10, frequency: 1, epochs: 12 },
    },
  },
  {
    id: 'li',
    formula: lines(
      String.raw`\lVert F_j \rVert_1 = \sum_{c=1}^{C_{in}} \sum_{u=1}^{k_h} \sum_{v=1}^{k_w} \left| F_{j,c,u,v} \right|`,
      String.raw`P_\ell = \operatorname*{arg\,min}_{|S| = m_\ell} \sum_{j \in S} \lVert F_j \rVert_1`,
    ),
    citations: ['li2017'],
    showMe: { demo: 'vgg', view: 'sensitivity', sweep: { group: 'filter', levels: LESSON_LEVELS } },
  },
];

/** The step a 1-based `?lesson=N` names (clamped into the lesson), or null when it names none. */
export function lessonStepFromParam(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n)) return null;
  return Math.min(Math.max(n, 1), LESSON_STEPS.length) - 1;
}

/** The 1-based address value of an open step, or null when the lesson is closed. */
export function lessonParamOf(step: number | null): string | null {
  return step === null ? null : String(step + 1);
}
