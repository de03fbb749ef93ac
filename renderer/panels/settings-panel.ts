import type { Settings } from '../../electron/api/fields-api.js';
import type { ApiClient } from '../api-client.js';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import type { Shell, Tab } from '../shell.js';
import type { AppState } from '../state.js';
import { labelled } from './fields-panel.js';

/** Settings tab: language, m² per sào, optional online tiles, wind limits. */
export class SettingsPanel implements Tab {
  readonly id = 'settings';
  readonly titleKey = 'tab.settings';

  constructor(
    private readonly api: ApiClient,
    private readonly state: AppState,
    private readonly shell: Shell,
  ) {}

  render(container: HTMLElement): void {
    const s = this.state.settings;
    const language = h(
      'select',
      { name: 'language', 'data-testid': 'settings-language' },
      h('option', { value: 'auto', selected: s.language === 'auto' }, t('settings.language.auto')),
      h('option', { value: 'vi', selected: s.language === 'vi' }, 'Tiếng Việt'),
      h('option', { value: 'en', selected: s.language === 'en' }, 'English'),
    );
    const sao = h(
      'select',
      { name: 'saoM2', 'data-testid': 'settings-sao' },
      h('option', { value: '360', selected: s.saoM2 === 360 }, t('settings.sao360')),
      h('option', { value: '500', selected: s.saoM2 === 500 }, t('settings.sao500')),
    );
    const tileUrl = h('input', {
      name: 'tileUrl',
      value: s.tileUrl,
      placeholder: 'https://…/{z}/{x}/{y}.png',
      'data-testid': 'settings-tiles',
    });
    const warn = h('input', {
      name: 'windWarn',
      type: 'number',
      step: '0.5',
      min: '0',
      max: '30',
      value: s.windWarnMps,
    });
    const refuse = h('input', {
      name: 'windRefuse',
      type: 'number',
      step: '0.5',
      min: '0',
      max: '30',
      value: s.windRefuseMps,
    });
    const save = async () => {
      const next: Partial<Settings> = {
        language: language.value as Settings['language'],
        saoM2: Number(sao.value),
        tileUrl: tileUrl.value.trim(),
        windWarnMps: Number(warn.value),
        windRefuseMps: Number(refuse.value),
      };
      try {
        await this.api.call('settings.set', next);
        this.shell.notify(t('settings.saved'));
      } catch (e) {
        this.shell.error(t('common.error'), e);
      }
    };
    container.append(
      h('h2', {}, t('settings.title')),
      h(
        'form',
        {
          class: 'card',
          onsubmit: (e: Event) => {
            e.preventDefault();
            void save();
          },
        },
        labelled(t('settings.language'), language),
        labelled(t('settings.saoM2'), sao),
        labelled(t('settings.tileUrl'), tileUrl),
        h('p', { class: 'hint' }, t('settings.tileUrlHint')),
        labelled(t('settings.windWarn'), warn),
        labelled(t('settings.windRefuse'), refuse),
        h(
          'div',
          { class: 'row end' },
          h('button', { class: 'primary', type: 'submit', 'data-testid': 'settings-save' }, t('common.save')),
        ),
      ),
      h('p', { class: 'muted small' }, t('settings.data', { path: this.state.dbPath })),
    );
  }
}
