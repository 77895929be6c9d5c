// English strings of the session area. Keys are shared with ../ko/session.ts.
export const session = {
  controls: {
    label: 'Saved session',
    clear: 'Clear saved session',
    clearTitle: 'Forget the saved model, data, plan, runs and schedule in this browser, and start a clean lab',
    state: {
      off: 'Not saved',
      idle: 'Saved in this browser',
      saving: 'Saving…',
      saved: 'Saved {{time}}',
      full: 'Not saved: storage full',
      failed: 'Not saved',
    },
  },
  part: {
    model: 'model',
    data: 'data and input mapping',
    plan: 'plan',
    runs: 'sensitivity runs',
    schedule: 'schedule',
    training: 'training run',
    ui: 'view and language',
  },
  notice: {
    quotaFull:
      "The browser's storage for this page is full, so the session is not saved. The lab keeps working; free space or clear the saved session to save again.",
    saveFailed: 'The session could not be saved ({{reason}}). The lab keeps working.',
    unavailable: 'This browser does not keep sessions ({{reason}}); the lab works, but forgets on reload.',
    partFailed: 'The saved {{part}} could not be restored and starts clean: {{reason}}',
    filesFailed:
      'The saved model or data files could not be opened again, so the lab starts on the demo; the rest of the session is kept.',
    reportFailed: 'The report could not be made: {{reason}}',
    reportDone: 'Saved the report as {{name}}.',
  },
  report: {
    export: 'Export report',
    exporting: 'Exporting…',
    title:
      'Download one .zip with the pruned model, masks, schedule YAML, sensitivity CSVs, charts, tables and report.html',
  },
};
