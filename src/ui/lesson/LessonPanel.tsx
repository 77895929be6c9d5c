import 'katex/dist/katex.min.css';
import './lesson.css';
import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LESSON_STEPS } from '../../core/lesson/lesson-steps';
import { showLessonStep } from '../../state/lesson-show';
import { LabStoreContext, useLab, useLabActions } from '../shared/use-lab';
import { Formula } from './Formula';
import { LessonSources } from './LessonSources';
import { ScheduleYaml } from './ScheduleYaml';

/** The guided lesson beside the live view: the steps, one step's text, formula and sources, and "Show me". */
export function LessonPanel() {
  const { t } = useTranslation();
  const store = useContext(LabStoreContext)!;
  const index = useLab((s) => s.lessonStep) ?? 0;
  const { setLessonStep } = useLabActions();
  const [busy, setBusy] = useState(false);
  const step = LESSON_STEPS[index];
  const key = `lesson.steps.${step.id}` as const;
  const total = LESSON_STEPS.length;

  const showMe = async () => {
    setBusy(true);
    try {
      await showLessonStep(store.getState, index);
      // the step's figure into view (the lesson panel stays: it is sticky)
      const figure = step.showMe.focus === 'han' ? '.han-panel' : step.showMe.inspectTab ? '.panel.inspect' : null;
      if (figure) requestAnimationFrame(() => document.querySelector(figure)?.scrollIntoView({ block: 'start' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="panel lesson-panel" aria-labelledby="lesson-title" data-testid="lesson-panel">
      <header className="lesson-head">
        <h2 id="lesson-title">{t('lesson.title')}</h2>
        <span className="lesson-count" data-testid="lesson-count">
          {t('lesson.stepOf', { n: index + 1, total })}
        </span>
        <button
          type="button"
          className="btn btn-small lesson-close"
          aria-label={t('lesson.close')}
          onClick={() => setLessonStep(null)}
        >
          ×
        </button>
      </header>
      <ol className="lesson-steps" aria-label={t('lesson.stepList')}>
        {LESSON_STEPS.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              className={i === index ? 'lesson-step-link active' : 'lesson-step-link'}
              aria-current={i === index ? 'step' : undefined}
              onClick={() => setLessonStep(i)}
            >
              {t(`lesson.steps.${s.id}.title`)}
            </button>
          </li>
        ))}
      </ol>
      <article className="lesson-step" aria-labelledby="lesson-step-title">
        <h3 id="lesson-step-title">
          {index + 1}. {t(`${key}.title`)}
        </h3>
        <Formula tex={step.formula} label={t('lesson.formula')} />
        <p className="lesson-text">{t(`${key}.text`)}</p>
        <div className="lesson-show">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void showMe()}>
            {busy ? t('lesson.showMeBusy') : t('lesson.showMe')}
          </button>
          <span className="hint">{t(`${key}.target`)}</span>
        </div>
        {step.showMe.agp && <ScheduleYaml />}
        <LessonSources ids={step.citations} />
      </article>
      <nav className="lesson-nav" aria-label={t('lesson.navigation')}>
        <button type="button" className="btn" disabled={index === 0} onClick={() => setLessonStep(index - 1)}>
          ← {t('lesson.previous')}
        </button>
        <button type="button" className="btn" disabled={index === total - 1} onClick={() => setLessonStep(index + 1)}>
          {t('lesson.next')} →
        </button>
      </nav>
    </aside>
  );
}
