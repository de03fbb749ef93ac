import type { DroneProfile } from '../../mission/profile/drone-profile.js';
import type { ApiClient } from '../api-client.js';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import type { Shell } from '../shell.js';
import { labelled } from './fields-panel.js';

type NumKey =
  | 'tankL'
  | 'pumpMaxLpm'
  | 'batteryEnduranceMin'
  | 'batteryReservePct'
  | 'cruiseSpeedMps'
  | 'spraySpeedMps'
  | 'sprayHeightM'
  | 'transitAltM'
  | 'leadInM'
  | 'leadOutM'
  | 'switchAheadM';

const NUMBERS: [NumKey, string][] = [
  ['tankL', 'profile.tankL'],
  ['pumpMaxLpm', 'profile.pumpMaxLpm'],
  ['batteryEnduranceMin', 'profile.batteryEnduranceMin'],
  ['batteryReservePct', 'profile.batteryReservePct'],
  ['cruiseSpeedMps', 'profile.cruiseSpeedMps'],
  ['spraySpeedMps', 'profile.spraySpeedMps'],
  ['sprayHeightM', 'profile.sprayHeightM'],
  ['transitAltM', 'profile.transitAltM'],
  ['leadInM', 'profile.leadInM'],
  ['leadOutM', 'profile.leadOutM'],
  ['switchAheadM', 'profile.switchAheadM'],
];

/**
 * A form to save a drone profile, starting from an existing one (built-in profiles are copied
 * under a new id). The server validates it with the profile schema and names any bad value.
 */
export function profileEditor(
  api: ApiClient,
  shell: Shell,
  base: DroneProfile,
  builtin: boolean,
  onSaved: (p: DroneProfile) => void,
): HTMLElement {
  const name = h('input', { value: builtin ? `${base.name} (copy)` : base.name, required: true });
  const autopilot = h(
    'select',
    {},
    h('option', { value: 'ardupilot', selected: base.autopilot === 'ardupilot' }, 'ArduPilot'),
    h('option', { value: 'px4', selected: base.autopilot === 'px4' }, 'PX4'),
  );
  const inputs = new Map<NumKey, HTMLInputElement>();
  for (const [k] of NUMBERS)
    inputs.set(k, h('input', { type: 'number', step: 'any', value: String(base[k]) }));
  const sc = base.sprayControl;
  const controlType = h(
    'select',
    {},
    ...(['sprayer', 'servo', 'relay', 'actuator'] as const).map((x) =>
      h('option', { value: x, selected: sc.type === x }, t(`profile.control.${x}`)),
    ),
  );
  const channel = h('input', {
    type: 'number',
    value: String(
      sc.type === 'sprayer'
        ? sc.pumpServo
        : sc.type === 'servo'
          ? sc.channel
          : sc.type === 'relay'
            ? sc.relay
            : sc.actuator,
    ),
  });
  const pwmOn = h('input', { type: 'number', value: String(sc.type === 'servo' ? sc.pwmOn : 1900) });
  const pwmOff = h('input', { type: 'number', value: String(sc.type === 'servo' ? sc.pwmOff : 1100) });
  const save = async () => {
    const n = Number(channel.value);
    const type = controlType.value;
    const sprayControl =
      type === 'sprayer'
        ? { type, pumpServo: n }
        : type === 'servo'
          ? { type, channel: n, pwmOn: Number(pwmOn.value), pwmOff: Number(pwmOff.value) }
          : type === 'relay'
            ? { type, relay: n, invert: false }
            : { type, actuator: n };
    const id = builtin
      ? `custom-${name.value
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/đ/g, 'd')
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 40)}`
      : base.id;
    const profile: Record<string, unknown> = {
      ...base,
      id,
      name: name.value,
      autopilot: autopilot.value,
      sprayControl,
    };
    for (const [k, el] of inputs) profile[k] = Number(el.value);
    try {
      const saved = await api.call('catalog.saveProfile', { profile });
      shell.notify(t('profile.saved', { name: saved.name }));
      onSaved(saved);
    } catch (e) {
      shell.error(t('common.error'), e);
    }
  };
  return h(
    'form',
    {
      class: 'card',
      'data-testid': 'profile-editor',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void save();
      },
    },
    h('h3', {}, t('profile.title')),
    labelled(t('profile.name'), name),
    labelled(t('profile.autopilot'), autopilot),
    h('div', { class: 'grid2' }, ...NUMBERS.map(([k, key]) => labelled(t(key), inputs.get(k)!))),
    labelled(t('profile.control'), controlType),
    h(
      'div',
      { class: 'grid2' },
      labelled(t('profile.channel'), channel),
      labelled(t('profile.pwmOn'), pwmOn),
      labelled(t('profile.pwmOff'), pwmOff),
    ),
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, t('common.save'))),
  );
}
