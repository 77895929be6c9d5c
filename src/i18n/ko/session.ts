// Korean strings of the session area: the same keys as ../en/session.ts.
import type { Catalog } from '../catalog';
import type { session as en } from '../en/session';

export const session: Catalog<typeof en> = {
  controls: {
    label: '저장된 세션',
    clear: '저장된 세션 지우기',
    clearTitle: '이 브라우저에 저장된 모델, 데이터, 계획, 실행 결과, 스케줄을 지우고 깨끗한 실험실로 시작합니다',
    state: {
      off: '저장되지 않음',
      idle: '이 브라우저에 저장됨',
      saving: '저장 중…',
      saved: '{{time}}에 저장됨',
      full: '저장되지 않음: 저장 공간 부족',
      failed: '저장되지 않음',
    },
  },
  part: {
    model: '모델',
    data: '데이터와 입력 매핑',
    plan: '가지치기 계획',
    runs: '민감도 분석 결과',
    schedule: '스케줄',
    training: '학습 실행',
    ui: '화면과 언어',
  },
  notice: {
    quotaFull:
      '이 페이지의 브라우저 저장 공간이 가득 차서 세션을 저장하지 못했습니다. 실험실은 계속 동작합니다. 공간을 비우거나 저장된 세션을 지우면 다시 저장됩니다.',
    saveFailed: '세션을 저장하지 못했습니다({{reason}}). 실험실은 계속 동작합니다.',
    unavailable: '이 브라우저는 세션을 보관하지 않습니다({{reason}}). 실험실은 동작하지만 새로 고치면 잊어버립니다.',
    partFailed: '저장된 {{part}}을(를) 복원하지 못해 처음 상태로 시작합니다: {{reason}}',
    filesFailed: '저장된 모델 또는 데이터 파일을 다시 열지 못해 데모로 시작합니다. 세션의 나머지는 유지됩니다.',
    reportFailed: '보고서를 만들지 못했습니다: {{reason}}',
    reportDone: '보고서를 {{name}}(으)로 저장했습니다.',
  },
  report: {
    export: '보고서 내보내기',
    exporting: '내보내는 중…',
    title: '가지치기된 모델, 마스크, 스케줄 YAML, 민감도 CSV, 차트, 표, report.html을 담은 .zip 하나를 내려받습니다',
  },
};
