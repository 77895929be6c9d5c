// Korean strings of the recovery area: the same keys as ../en/recovery.ts.
import type { Catalog } from '../catalog';
import type { recovery as en } from '../en/recovery';

export const recovery: Catalog<typeof en> = {
  sweepLost:
    '계산 워커가 다시 시작되어 {{label}}이(가) 멈췄습니다. 끝난 행 {{rows}}개는 유지되었고, 측정 중이던 칸({{cell}})만 잃었습니다.',
  sweepLostNone:
    '계산 워커가 다시 시작되어 {{label}}이(가) 멈췄습니다. 끝난 행 {{rows}}개는 유지되었고, 모든 칸이 이미 끝나 있었습니다.',
  sweepNote: '워커 재시작으로 멈춤: 끝난 행은 유지됨.',
  cell: '{{tensor}}, 희소도 {{level}}',
  runLost:
    '계산 워커가 다시 시작되어 스케줄 실행이 {{epoch}} 에포크({{batches}}개 중 {{batch}}번째 배치)에서 멈췄습니다. 모델은 마지막 체크포인트(단계 {{step}}, 에포크 {{checkpointEpoch}})를 갖고 있으며, 그 뒤에 학습한 배치만 잃었습니다.',
  runLostEpoch:
    '계산 워커가 다시 시작되어 스케줄 실행이 멈췄습니다. 모델은 마지막 체크포인트(단계 {{step}}, 에포크 {{checkpointEpoch}})를 갖고 있으며, 그 뒤에 학습한 배치만 잃었습니다.',
  runLostAll:
    '계산 워커가 다시 시작되어 스케줄 실행이 첫 체크포인트 전에 멈췄습니다. 모델은 실행 전의 가중치를 갖고 있으며, 지금까지 학습한 배치를 잃었습니다.',
  hanLost:
    '계산 워커가 다시 시작되어 Han 실험이 멈췄습니다. 모델은 실험 전의 가중치를 갖고 있으며, 실험의 측정점을 잃었습니다.',
  thinLost: '계산 워커가 다시 시작되어 씨닝이 멈췄습니다. 모델은 다시 마스크된 모델이며, 그 밖에 잃은 것은 없습니다.',
  latencyLost: '계산 워커가 다시 시작되어 지연 시간 측정이 멈췄습니다. 다시 측정하세요.',
  exportLost: '계산 워커가 다시 시작되어 내보내기가 멈췄습니다. 다시 내보내세요.',
  weightsRestored: '미세 조정된 단계 {{step}}의 가중치를 다시 시작한 워커에 복원했습니다.',
  budgetLabel: '모델 가중치 메모리 한도(MiB)',
  budgetHelp: '가중치가 float32로 이보다 많은 메모리를 필요로 하는 모델은 이 기기에서 불러오기 전에 거부됩니다.',
  budgetSet: '모델 가중치 메모리 한도: 이 기기에서 {{size}}.',
  budgetInvalid: '메모리 한도는 1에서 65536 사이의 MiB 정수여야 합니다. 입력값: {{value}}.',
};
