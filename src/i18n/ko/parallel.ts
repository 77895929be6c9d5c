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
  workers: {
    label: '스윕 워커',
    auto: '기본값 (측정 기반)',
    count_one: '워커 {{count}}개',
    count_other: '워커 {{count}}개',
    hint: '스윕을 여러 워커에 나누어 실행합니다. 각 워커는 코어를 나누어 씁니다 (CPU 백엔드 전용)',
  },
};
