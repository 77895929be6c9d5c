// Korean strings of the presenter area: the same keys as ../en/presenter.ts.
import type { Catalog } from '../catalog';
import type { presenter as en } from '../en/presenter';

export const presenter: Catalog<typeof en> = {
  displayGroup: '화면',
  presenterMode: '발표 모드',
  presenterHint: '발표 모드: 큰 글씨, 높은 대비, 고급 설정은 접어 둡니다 (Shift+P)',
  darkTheme: '어두운 테마',
  helpTitle: '단축키',
  helpIntro: '입력란에 글자를 입력하는 중이 아니면 페이지 어디에서나 단축키가 동작합니다.',
  close: '닫기',
  keys: '키',
  action: '동작',
  more: '설정 더 보기',
  nothingToRun: '지금 이 화면에서는 실행할 것이 없습니다.',
  dataTable: '데이터 표',
  shortcut: {
    help: '이 단축키 목록 보기',
    lessonNext: '다음 수업 단계 (수업이 열려 있을 때)',
    lessonPrevious: '이전 수업 단계 (수업이 열려 있을 때)',
    undo: '가지치기 계획의 마지막 변경 되돌리기',
    reset: '가지치기 계획 초기화 (모든 레이어를 밀집 상태로)',
    run: '현재 화면의 분석 실행: 민감도 화면에서는 민감도 분석, 스케줄 화면에서는 스케줄',
    viewPrune: '가지치기 화면',
    viewSensitivity: '민감도 화면',
    viewSchedule: '스케줄 화면',
    togglePresenter: '발표 모드 켜기/끄기',
    toggleTheme: '어두운 테마 켜기/끄기',
  },
};
