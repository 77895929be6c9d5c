// Korean strings of the parallel area: the same keys as ../en/parallel.ts.
import type { Catalog } from '../catalog';
import type { parallel as en } from '../en/parallel';

export const parallel: Catalog<typeof en> = {
  timeline: {
    top1: 'Top-1',
    top5: 'Top-5',
    top1Agreement: 'Top-1 일치율',
    top5Agreement: 'Top-5 일치율',
    agreementNote: '레이블 없이 측정: 밀집 모델과의 일치율',
  },
};
