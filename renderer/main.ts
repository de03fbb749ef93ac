import './styles.css';
import { createApiClient } from './api-client.js';
import { h } from './dom.js';
import { coreMessages } from './i18n/core.js';
import { currentLanguage, onLanguageChange, registerMessages, setLanguage, t } from './i18n/index.js';
import { missionMessages, profileMessages } from './i18n/mission.js';
import { planMessages } from './i18n/plan.js';
import { recordsMessages } from './i18n/records.js';
import { vehicleMessages } from './i18n/vehicle.js';
import { AppliedLayer } from './map/applied-layer.js';
import { FieldsLayer } from './map/fields-layer.js';
import { MapView } from './map/map-view.js';
import { RouteLayer } from './map/route-layer.js';
import { VehicleLayer } from './map/vehicle-layer.js';
import { ZonesLayer } from './map/zones-layer.js';
import { FieldsPanel } from './panels/fields-panel.js';
import { MissionPanel } from './panels/mission-panel.js';
import { PlanPanel } from './panels/plan-panel.js';
import { RecordsPanel } from './panels/records-panel.js';
import { SettingsPanel } from './panels/settings-panel.js';
import { VehiclePanel } from './panels/vehicle-panel.js';
import { Shell } from './shell.js';
import { AppState } from './state.js';

declare global {
  interface Window {
    __ready?: boolean;
    __app?: { state: AppState; mapView: MapView; shell: Shell };
  }
}

async function start(): Promise<void> {
  registerMessages(coreMessages);
  registerMessages(planMessages);
  registerMessages(missionMessages);
  registerMessages(profileMessages);
  registerMessages(vehicleMessages);
  registerMessages(recordsMessages);
  const api = createApiClient();
  const state = new AppState();
  const shell = new Shell(document.getElementById('app')!);
  const mapView = new MapView(shell.mapEl);
  const fieldsLayer = new FieldsLayer(mapView.map, state);
  const zonesLayer = new ZonesLayer(mapView.map);
  const routeLayer = new RouteLayer(mapView.map);
  const vehicleLayer = new VehicleLayer(mapView.map);
  const appliedLayer = new AppliedLayer(mapView.map);

  const langSelect = h(
    'select',
    {
      class: 'lang-switch',
      'aria-label': 'Language / Ngôn ngữ',
      'data-testid': 'lang-switch',
      onchange: (e: Event) =>
        void api.call('settings.set', { language: (e.target as HTMLSelectElement).value as 'vi' | 'en' }),
    },
    h('option', { value: 'vi' }, 'VI'),
    h('option', { value: 'en' }, 'EN'),
  );
  shell.headerRight.append(langSelect);

  shell.addTab(new FieldsPanel(api, state, shell, mapView, fieldsLayer));
  shell.addTab(new PlanPanel(api, state, shell, mapView, routeLayer));
  shell.addTab(new MissionPanel(api, state, shell, routeLayer));
  shell.addTab(new VehiclePanel(api, state, shell, vehicleLayer));
  shell.addTab(new RecordsPanel(api, state, shell, appliedLayer));
  shell.addTab(new SettingsPanel(api, state, shell));

  const applySettings = () => {
    setLanguage(state.settings.language);
    langSelect.value = currentLanguage();
    try {
      mapView.setTileUrl(state.settings.tileUrl);
    } catch {
      shell.notify(t('map.offline'), { kind: 'warn' });
    }
  };
  onLanguageChange(() => shell.refresh());

  const reloadFields = async () => state.setFields(await api.call('fields.list', {}));
  const reloadZones = async () => {
    state.zones = await api.call('zones.list', {});
    zonesLayer.show(state.zones);
    state.emit('zones');
  };
  api.on('fields.changed', () => void reloadFields());
  api.on('zones.changed', () => void reloadZones());
  api.on('settings.changed', (s) => {
    state.settings = s;
    applySettings();
    state.emit('settings');
  });

  const [info, settings] = await Promise.all([api.call('app.info', {}), api.call('settings.get', {})]);
  state.dbPath = info.dbPath;
  state.settings = settings;
  applySettings();
  shell.show('fields');
  await Promise.all([reloadFields(), reloadZones()]);
  mapView.fitTo(fieldsLayer.bounds());
  window.__app = { state, mapView, shell };
  window.__ready = true;
}

start().catch((e) => {
  document.body.append(
    h(
      'pre',
      { class: 'fatal', 'data-testid': 'fatal' },
      `AgriSpray Planner could not start: ${(e as Error).message}`,
    ),
  );
});
