// Korean strings of the schedule area: the same keys as ../en/schedule.ts.
import type { Catalog } from '../catalog';
import type { schedule as en } from '../en/schedule';

export const schedule: Catalog<typeof en> = {
  kind: {
    oneShot: {
      label: '한 번에 (one-shot)',
      note: '선택한 모든 텐서를 0 에폭에서 목표 희소도까지 가지치기한 뒤, 마스크를 고정한 채 미세 조정합니다.',
    },
    iterative: {
      label: '반복 (iterative)',
      note: 'Han 등의 가지치기 → 재학습 → 반복: 단계마다 더 높은 희소도로 가지치기하고 그 에폭 수만큼 미세 조정합니다.',
    },
    agp: {
      label: 'AGP (Distiller)',
      note: 'Zhu & Gupta의 3차 램프 s = sf + (si − sf)(1 − (t − t0)/span)³. Distiller의 span = ⌊(end − start − 1)/frequency⌋·frequency이며, range(start, end, frequency) 에폭에서 가지치기합니다.',
    },
    polynomialDecay: {
      label: '다항 감쇠 (TF-MOT)',
      note: 'TF-MOT의 PolynomialDecay를 에폭 단위로: s = sf + (si − sf)(1 − p)^power, p = clip((t − begin)/(end − begin), 0, 1). end 포함.',
    },
    sensitivity: {
      label: '민감도 s·σ (Han)',
      note: 'Han 등: |w| ≤ s·σ를 가지치기합니다. σ는 각 밀집 텐서의 표준편차로 한 번만 측정하며, 미세 조정으로 가중치가 바뀌므로 N 에폭마다 다시 적용합니다.',
    },
    rankedFilters: {
      label: '활성값·그래디언트·무작위 기준 필터 (Distiller)',
      note: 'Distiller의 ActivationAPoZ / ActivationMean / Gradient / RandomRanked FilterPruner_AGP와 BernoulliFilterPruner_AGP: 필터 비율은 AGP 램프를 따르고, APoZ와 평균 활성값은 학습 데이터로 측정하며, 그래디언트 기준은 Σ w ⊙ grad로 순위를 매기고, DropFilter는 남은 필터의 크기를 다시 조정합니다.',
    },
    randomLevel: {
      label: '무작위 수준 필터 (Distiller)',
      note: 'RandomLevelStructureParameterPruner: 가지치기 에폭마다 희소도 s ~ U(low, high)를 뽑고, 평균 |w|가 가장 작은 필터를 제거합니다.',
    },
    splicing: {
      label: '네트워크 수술 (Distiller splicing)',
      note: 'Guo 등의 Dynamic Network Surgery (SplicingPruner): 임계값 (|w|의 평균 + s·표준편차) × [low, high]. 마스크는 미니배치마다 마스크를 씌우지 않은 가중치로 다시 계산하므로 (mask_on_forward_only, use_double_copies) 가지치기된 가중치가 되살아날 수 있고, 마지막 마스크를 유지합니다.',
    },
  },
  editor: {
    title: '가지치기 스케줄',
    importYaml: 'Distiller YAML 가져오기…',
    importName: '스케줄 YAML 가져오기',
    skipTitle: '그렇지 않으면 양자화기, 그리고 실행에 적용할 수 없는 씨닝이나 정책 인자는 거부됩니다',
    skip: '지원하지 않는 항목은 빼고 실행',
    exportYaml: 'Distiller YAML 내보내기',
    type: '스케줄 종류',
    sparsity: '희소도',
    steps: '단계 (희소도:에폭, …)',
    initialSparsity: '초기 희소도',
    finalSparsity: '최종 희소도',
    start: '시작 에폭',
    end: '끝 에폭',
    frequency: '주기',
    power: '지수',
    every: 'N 에폭마다',
    epochsInAll: '총 {{n}} 에폭',
    epochs: '에폭',
    tensors: '텐서',
    loadModel: '텐서를 고르려면 모델을 불러오세요.',
    imported:
      '이 스케줄에는 규칙이 {{n}}개 있습니다 (예: Distiller YAML에서 가져옴). {{epochs}} 에폭 동안 그대로 실행합니다.',
    rule: '규칙',
    pruner: '가지치기 방법',
    editSimple: '간단한 스케줄로 편집',
    run: '스케줄 실행',
    fixFirst: '먼저 스케줄을 고치세요.',
  },
  run: {
    loadFirst: '먼저 모델을 불러오세요.',
    resume: '계속',
    pause: '일시 정지',
    cancel: '취소',
    status: { running: '실행 중', paused: '일시 정지됨', done: '완료', cancelled: '취소됨', failed: '실패' },
    another: '다른 실행이 진행 중입니다.',
    progress: '에폭 진행률',
    batch: '에폭 {{epoch}} · 배치 {{batches}}개 중 {{batch}} · 손실 {{loss}}',
    revivedTitle: '옵티마이저 단계에서 0이 아니게 된 마스크 가중치 수와, 다시 마스크를 씌운 뒤에도 0이 아닌 가중치 수',
    revived: '되살아난 가중치: 다시 마스크를 씌운 뒤 <0>{{after}}</0>개',
    before: ' (씌우기 전 {{n}}개)',
    evaluating: '평가하는 중…',
    starting: '시작하는 중…',
  },
  notice: {
    han: 'Han 실험',
    schedule: '스케줄',
    ignored: ' (무시함: {{names}})',
    refused: '{{what}}이(가) 거부되었습니다: {{detail}}',
    failed: '{{what}}에 실패했습니다: {{detail}}',
    imported: '{{name}}에서 가지치기 규칙 {{n}}개를 가져왔습니다{{note}}.',
    importFailed: '{{name}}을(를) 가져오지 못했습니다: {{detail}}',
    exportFailed: '스케줄을 내보내지 못했습니다: {{detail}}',
    restored: '이제 모델은 {{step}} 단계의 가중치를 가집니다.',
  },
};
