// Korean strings of the li area: the same keys as ../en/li.ts.
import type { Catalog } from '../catalog';
import type { li as en } from '../en/li';

export const li: Catalog<typeof en> = {
  title: 'Li et al. 2017: 민감도에 따른 필터 가지치기',
  intro:
    'Pruning Filters for Efficient ConvNets (Li, Kadav, Durdanovic, Samet, Graf 2017): 각 합성곱 층만 따로 L1 ' +
    '노름이 가장 작은 필터부터 제거하며 민감도를 측정하고, 민감하지 않은 층을 자기 top-1 하락이 예산 안에 머무는 ' +
    '가장 큰 비율까지 가지치기합니다. 그 필터를 물리적으로 제거(thinning)한 뒤, 작아진 모델을 1만 장 학습 부분집합으로 ' +
    '밀집 모델로부터의 증류를 통해 미세 조정합니다(더 큰 학습 세트에서는 Li et al.처럼 일반 교차 엔트로피). ' +
    '아래 수치는 `prunelab li`가 출력하는 것과 같습니다.',
  notVgg: '이 실험은 VGG 스타일 데모에 맞춰져 있습니다. 다른 합성곱 모델에서도 실행됩니다.',
  switchVgg: 'VGG 스타일 데모로 전환',
  budget: '층별 예산 (top-1 포인트)',
  epochs: '미세 조정 에포크',
  trainImages: '학습 이미지 수',
  allImages: '전부',
  run: 'Li 실험 실행',
  cancel: '취소',
  phasesCaption: '단계',
  phase: {
    dense: '밀집 모델 top-1',
    sweep: '필터 민감도 분석',
    prune: 'L1 기준 필터 가지치기',
    thin: '씨닝과 검증',
    fineTune: '씨닝된 모델 미세 조정',
  },
  state: {
    pending: '대기',
    running: '실행 중',
    done: '완료',
  },
  progress: '{{done}} / {{total}}',
  ratiosCaption: '곡선에서 고른 필터 비율',
  col: {
    layer: '층',
    filters: '제거된 필터',
    ratio: '비율',
    drop: '자기 하락 (pp)',
    figure: '항목',
    dense: '밀집',
    thinned: '씨닝 후',
    change: '변화',
  },
  filtersOf: '{{before}}개 중 {{removed}}개',
  figuresCaption: '밀집 → 씨닝 후',
  row: {
    params: '파라미터',
    macs: '예제당 MAC',
    latency: '지연 시간, 배치 {{batch}} ({{runs}}회 중앙값)',
    top1Pruned: '가지치기 후, 미세 조정 전 top-1',
    top1FineTuned: '미세 조정 후 top-1',
    maxDiff: '씨닝 대 마스크 출력, 최대 |Δ|',
  },
  removed: '{{pct}} 제거',
  speedup: '{{x}}배 빠름',
  lost: '{{pp}} pp',
  evaluatedOn: 'top-1은 테스트 이미지 {{n}}장으로 측정했습니다.',
  retrainingDistill:
    '미세 조정 손실: 밀집 모델로부터의 증류(T {{temperature}}, alpha {{alpha}}), 학습 이미지 {{n}}장({{why}}).',
  retrainingPlain: '미세 조정 손실: 일반 교차 엔트로피, 학습 이미지 {{n}}장({{why}}).',
  retrainingWhy: {
    subset: '제공된 1만 장 부분집합 이하',
    fullSet: 'Li et al.처럼 전체 학습 세트',
    asked: '지정한 대로',
  },
  goalMet: '목표 달성: MAC {{macs}} 이상 제거, top-1 손실 {{pp}} pp 이하, 씨닝 = 마스크.',
  goalNotMet: '목표 미달 (MAC {{macs}} 이상 제거, 손실 {{pp}} pp 이하, 씨닝 = 마스크).',
  cancelled: '취소됨: 끝난 단계의 결과는 위에 남아 있습니다.',
  refused: 'Li 실험이 거부되었습니다: {{reason}}',
  failed: 'Li 실험이 실패했습니다: {{reason}}',
};
