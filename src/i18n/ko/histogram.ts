// Korean strings of the histogram area: the same keys as ../en/histogram.ts.
import type { Catalog } from '../catalog';
import type { histogram as en } from '../en/histogram';

export const histogram: Catalog<typeof en> = {
  tensor: '텐서',
  tensorLabel: '표시할 텐서',
  scale: '개수 눈금',
  linear: '선형',
  log: '로그',
  chartName: '가중치 히스토그램',
  title: '{{name}}의 가중치',
  loading: '히스토그램을 불러오는 중…',
  kept: '가중치 {{total}}개 중 {{kept}}개 유지 ({{percent}})',
  lambdaFromMask: 'λ = {{lambda}}: 가지치기된 |w| 중 가장 큰 값, 즉 이 마스크가 자르는 경계입니다 (|w| ≤ λ는 제거).',
  lambdaFromPlan: 'λ = {{lambda}}: 계획에 지정된 임계값입니다 (|w| ≤ λ는 제거).',
  noLine: {
    dense: '이 텐서는 아직 가지치기되지 않아 그릴 임계값이 없습니다.',
    structured:
      '구조적 가지치기는 개별 가중치를 |w|로 자르지 않고 필터, 채널, 행, 커널 전체를 노름 기준으로 제거하므로 λ 선이 없습니다. 유지된 가중치를 밀집 가중치와 비교해 보세요.',
    'not-magnitude':
      '제거된 |w|와 유지된 |w|가 겹칩니다(무작위, N:M, 연결된 층의 가지치기). 이 마스크는 하나의 크기 기준으로 자른 것이 아니므로 λ 선이 없습니다.',
  },
  nonFinite_one: '가중치 {{count}}개가 NaN 또는 무한대여서 제외됩니다.',
  nonFinite_other: '가중치 {{count}}개가 NaN 또는 무한대여서 제외됩니다.',
  legend: {
    dense: '밀집 가중치',
    kept: '유지된 가중치',
    pruned: '제거 구간 (|w| ≤ λ)',
    lambda: '±λ 임계값',
  },
  axisX: '가중치 값 w',
  axisY: '개수',
  axisYLog: '개수 (로그 눈금)',
  chartLabel:
    '{{name}}의 히스토그램: {{min}}부터 {{max}}까지 구간 {{bins}}개, 가중치 {{total}}개 중 {{kept}}개 유지. 아래 데이터 표에 모든 구간이 있습니다.',
  table: {
    summary: '데이터 표 (구간 {{bins}}개)',
    caption: '{{name}}의 가중치 히스토그램: 구간별 밀집 가중치와 유지된 가중치',
    from: '시작',
    to: '끝',
    dense: '밀집 개수',
    kept: '유지 개수',
  },
};
