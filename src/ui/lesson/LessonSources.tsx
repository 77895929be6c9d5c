import { useTranslation } from 'react-i18next';
import { CITATIONS, type CitationId } from '../../core/lesson/lesson-steps';

/** A step's sources, as a reference list. */
export function LessonSources({ ids }: { ids: readonly CitationId[] }) {
  const { t } = useTranslation();
  return (
    <section className="lesson-sources" aria-label={t('lesson.sources')}>
      <h4>{t('lesson.sources')}</h4>
      <ul>
        {ids.map((id) => {
          const c = CITATIONS[id];
          return (
            <li key={id} lang="en">
              {c.authors} ({c.year}). “
              <a href={c.url} target="_blank" rel="noreferrer">
                {c.title}
              </a>
              ”. {c.venue}.
            </li>
          );
        })}
      </ul>
    </section>
  );
}
