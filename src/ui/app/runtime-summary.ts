// Why this backend runs, in the page's language. The worker's full reason (English, with every probe's
// error) stays in the element's tooltip.
import type { TFunction } from 'i18next';
import type { RuntimeInfo } from '../../worker/protocol';
import { ms } from '../shared/format';

export function runtimeSummary(runtime: RuntimeInfo, t: TFunction): string {
  const { requested, backend } = runtime;
  if (requested !== 'auto') {
    if (requested !== backend) return t('app.backend.why.fallback', { requested, backend });
    return runtime.softwareAdapter && backend === 'webgpu'
      ? t('app.backend.why.chosenSoftware')
      : t('app.backend.why.chosen');
  }
  const times = runtime.probes
    .filter((p) => p.available && typeof p.medianMs === 'number' && Number.isFinite(p.medianMs))
    .sort((a, b) => a.medianMs! - b.medianMs!)
    .map((p) => `${p.name} ${ms(p.medianMs!)}`);
  return times.length
    ? t('app.backend.why.measured', { times: times.join(', ') })
    : t('app.backend.why.auto', { backend });
}
