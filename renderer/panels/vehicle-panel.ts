import type { PreflightDto, VehicleStateDto } from '../../electron/api/vehicle-api.js';
import type { ApiClient } from '../api-client.js';
import { clear, h } from '../dom.js';
import { numberLocale, onLanguageChange, t } from '../i18n/index.js';
import type { VehicleLayer } from '../map/vehicle-layer.js';
import type { Shell, Tab } from '../shell.js';
import type { AppState } from '../state.js';
import { labelled } from './fields-panel.js';

type LinkKind = 'demo' | 'serial' | 'udp' | 'tcp';
const BAUDS = [57600, 115200, 921600, 38400, 19200, 9600];

/**
 * Drone tab: connect (serial radio, UDP, TCP or the simulated drone), upload a sortie with progress
 * and read-back, preflight, start/pause/continue/return with confirmation, resume after a refill.
 * Also keeps the header's status bar and the drone on the map up to date.
 */
export class VehiclePanel implements Tab {
  readonly id = 'vehicle';
  readonly titleKey = 'tab.vehicle';
  private container?: HTMLElement;
  private active = false;
  private vs: VehicleStateDto = { connected: false, simulated: false, linkLost: false, texts: [] };
  private kind: LinkKind = 'demo';
  private ports: { path: string; manufacturer?: string }[] = [];
  private portNote = '';
  private port = '';
  private baud = 57600;
  private udpUrl = 'udpin://0.0.0.0:14550';
  private tcpUrl = 'tcp://127.0.0.1:5760';
  private sortie = 1;
  private busy = '';
  private progress?: { label: string; done: number; total: number };
  private preflight?: PreflightDto;
  private tankConfirmed = false;
  private lastRender = 0;
  private jobs: { id: string; farmer: string; status: string }[] = [];
  private jobId = '';

  constructor(
    private readonly api: ApiClient,
    private readonly state: AppState,
    private readonly shell: Shell,
    private readonly layer: VehicleLayer,
  ) {
    api.on('vehicle.state', (s) => this.onState(s));
    api.on('vehicle.progress', (p) => {
      this.progress = {
        label: p.operation === 'upload' ? 'vehicle.uploading' : 'vehicle.reading',
        done: p.done,
        total: p.total,
      };
      this.rerender(true);
    });
    api.on('vehicle.text', (tx) => {
      if (tx.severity <= 3) this.shell.notify(tx.text, { kind: 'warn' });
    });
    state.on('job', () => this.rerender());
    onLanguageChange(() => this.renderStatusBar());
    void api.call('vehicle.state', {}).then((s) => this.onState(s));
  }

  activate(): void {
    this.active = true;
    if (this.kind === 'serial') void this.loadPorts();
    void this.api
      .call('jobs.list', {})
      .then((jobs) => {
        this.jobs = jobs.filter((j) => j.status === 'planned' || j.status === 'flown');
        this.rerender();
      })
      .catch(() => undefined);
  }

  deactivate(): void {
    this.active = false;
  }

  private onState(s: VehicleStateDto): void {
    const wasConnected = this.vs.connected;
    const wasArmed = this.vs.status?.armed ?? false;
    this.vs = s;
    // a sortie flown and landed: the next one is ready to upload after the refill
    const up = s.upload;
    if (wasArmed && s.status && !s.status.armed) {
      // after every landing the tank must be confirmed again before the next start
      this.tankConfirmed = false;
      this.preflight = undefined;
    }
    if (wasArmed && s.status && !s.status.armed && up && !up.resumed && up.sortie < up.sorties) {
      this.sortie = up.sortie + 1;
      this.shell.notify(t('vehicle.nextSortie', { n: this.sortie, total: up.sorties }));
    }
    if (!s.connected && wasConnected) this.layer.clearTrack();
    this.layer.update(s);
    this.renderStatusBar();
    this.rerender(true);
  }

  private rerender(throttled = false): void {
    if (!this.container || !this.active) return;
    const now = performance.now();
    if (throttled && now - this.lastRender < 500) return;
    // keep typing undisturbed: do not redraw while an input of this panel has focus
    if (
      throttled &&
      this.container.contains(document.activeElement) &&
      document.activeElement?.tagName === 'INPUT'
    )
      return;
    this.lastRender = now;
    clear(this.container);
    this.render(this.container);
  }

  private renderStatusBar(): void {
    const bar = this.shell.statusEl;
    clear(bar);
    const s = this.vs.status;
    const pill = (text: string, cls = '', testid = '') =>
      h('span', { class: `pill ${cls}`, ...(testid ? { 'data-testid': testid } : {}) }, text);
    if (!this.vs.connected) {
      bar.append(pill(t('vehicle.notConnected'), '', 'status-link'));
      return;
    }
    const nf = (v: number | undefined, d = 0) =>
      v === undefined
        ? '–'
        : v.toLocaleString(numberLocale(), { maximumFractionDigits: d, minimumFractionDigits: d });
    bar.append(
      this.vs.linkLost
        ? pill(t('vehicle.linkLost'), 'bad', 'status-link')
        : pill(this.vs.simulated ? 'SIM' : (this.vs.url ?? ''), 'good', 'status-link'),
      pill(
        t('vehicle.gps', { fix: s?.gpsFix ?? 0, sats: s?.satellites ?? 0 }),
        (s?.gpsFix ?? 0) >= 3 ? '' : 'bad',
      ),
      pill(t('vehicle.battery', { pct: nf(s?.batteryPct) }), (s?.batteryPct ?? 100) < 30 ? 'bad' : ''),
      pill(s?.mode ?? '?', '', 'status-mode'),
      pill(s?.armed ? t('vehicle.armed') : t('vehicle.disarmed'), s?.armed ? 'warn' : ''),
      s?.spraying ? pill(t('vehicle.spraying'), 'good', 'status-spraying') : '',
      s?.windSpeedMps !== undefined
        ? pill(
            t('vehicle.wind', { speed: nf(s.windSpeedMps, 1) }),
            s.windSpeedMps >= this.state.settings.windRefuseMps
              ? 'bad'
              : s.windSpeedMps >= this.state.settings.windWarnMps
                ? 'warn'
                : '',
          )
        : '',
    );
  }

  private async loadPorts(): Promise<void> {
    try {
      const r = await this.api.call('vehicle.ports', {});
      this.ports = r.ports;
      this.portNote = r.note ?? '';
      if (!this.port && this.ports[0]) this.port = this.ports[0].path;
      this.rerender();
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private async run<T>(label: string, fn: () => Promise<T>, errorTitle: string): Promise<T | undefined> {
    this.busy = label;
    this.rerender();
    try {
      return await fn();
    } catch (e) {
      this.shell.error(errorTitle, e);
      return undefined;
    } finally {
      this.busy = '';
      this.progress = undefined;
      this.rerender();
    }
  }

  private async connect(): Promise<void> {
    const url =
      this.kind === 'serial'
        ? `serial://${this.port}:${this.baud}`
        : this.kind === 'udp'
          ? this.udpUrl
          : this.tcpUrl;
    const r = await this.run(
      'connect',
      () =>
        this.kind === 'demo'
          ? this.api.call('vehicle.connectDemo', { speedup: 5 })
          : this.api.call('vehicle.connect', { url }),
      t('vehicle.connectFailed'),
    );
    if (r) {
      this.onState(r);
      this.shell.notify(
        t('vehicle.connected', { what: r.simulated ? t('vehicle.link.demo') : (r.url ?? '') }),
      );
    }
  }

  private async upload(resumeAt?: [number, number]): Promise<void> {
    const j = this.state.job;
    if (!j) return;
    const r = await this.run(
      'upload',
      () =>
        this.api.call('vehicle.upload', {
          source: j.source,
          options: j.options,
          sortie: this.sortie,
          ...(resumeAt ? { resumeAt } : {}),
          ...(this.jobId ? { jobId: this.jobId } : {}),
        }),
      t('vehicle.uploadFailed'),
    );
    if (!r) return;
    if (r.mission.verified && (r.fence?.verified ?? true))
      this.shell.notify(t('vehicle.uploaded', { n: r.sortie, items: r.mission.items }));
    else this.shell.notify(t('vehicle.uploadMismatch', { summary: r.mission.summary }), { kind: 'error' });
    this.preflight = undefined;
  }

  private async confirmThen(question: string, label: string, fn: () => Promise<unknown>): Promise<void> {
    if (!(await this.shell.confirm(question, label))) return;
    await this.run('act', fn, t('vehicle.refused'));
  }

  render(container: HTMLElement): void {
    this.container = container;
    container.append(h('h2', {}, t('vehicle.title')));
    container.append(this.vs.connected ? this.connectedCard() : this.connectCard());
    if (!this.vs.connected) return;
    container.append(this.uploadCard(), this.flightCard(), this.textsCard());
  }

  private connectCard(): HTMLElement {
    const kindSelect = h(
      'select',
      {
        'data-testid': 'link-kind',
        onchange: (e: Event) => {
          this.kind = (e.target as HTMLSelectElement).value as LinkKind;
          if (this.kind === 'serial') void this.loadPorts();
          this.rerender();
        },
      },
      ...(['demo', 'serial', 'udp', 'tcp'] as const).map((k) =>
        h('option', { value: k, selected: this.kind === k }, t(`vehicle.link.${k}`)),
      ),
    );
    let details: HTMLElement | string = '';
    if (this.kind === 'serial') {
      details = h(
        'div',
        {},
        this.ports.length
          ? labelled(
              t('vehicle.port'),
              h(
                'select',
                {
                  onchange: (e: Event) => {
                    this.port = (e.target as HTMLSelectElement).value;
                  },
                },
                ...this.ports.map((p) =>
                  h(
                    'option',
                    { value: p.path, selected: p.path === this.port },
                    `${p.path}${p.manufacturer ? ` (${p.manufacturer})` : ''}`,
                  ),
                ),
              ),
            )
          : h('p', { class: 'hint' }, this.portNote || t('vehicle.noPorts')),
        labelled(
          t('vehicle.baud'),
          h(
            'select',
            {
              onchange: (e: Event) => {
                this.baud = Number((e.target as HTMLSelectElement).value);
              },
            },
            ...BAUDS.map((b) => h('option', { value: String(b), selected: b === this.baud }, String(b))),
          ),
        ),
        h('button', { onclick: () => void this.loadPorts() }, t('vehicle.refreshPorts')),
      );
    } else if (this.kind === 'udp' || this.kind === 'tcp') {
      const key = this.kind === 'udp' ? 'udpUrl' : 'tcpUrl';
      details = labelled(
        t('vehicle.address'),
        h('input', {
          value: this[key],
          'data-testid': 'link-url',
          onchange: (e: Event) => {
            this[key] = (e.target as HTMLInputElement).value.trim();
          },
        }),
      );
    }
    return h(
      'div',
      { class: 'card' },
      labelled(t('vehicle.linkType'), kindSelect),
      details,
      h(
        'div',
        { class: 'row end' },
        h(
          'button',
          {
            class: 'primary big',
            'data-testid': 'connect',
            disabled: !!this.busy || (this.kind === 'serial' && !this.port),
            onclick: () => void this.connect(),
          },
          this.busy === 'connect' ? t('vehicle.connecting') : t('vehicle.connect'),
        ),
      ),
    );
  }

  private connectedCard(): HTMLElement {
    const info = this.vs.info;
    return h(
      'div',
      { class: 'card row', 'data-testid': 'connected-card' },
      h(
        'div',
        { style: 'flex:1' },
        h('strong', {}, this.vs.simulated ? t('vehicle.link.demo') : (this.vs.url ?? '')),
        info ? h('div', { class: 'muted small' }, `sysid ${info.sysid} · ${info.autopilot}`) : '',
      ),
      h(
        'button',
        {
          'data-testid': 'disconnect',
          onclick: () =>
            void this.run('disconnect', () => this.api.call('vehicle.disconnect', {}), t('common.error')),
        },
        t('vehicle.disconnect'),
      ),
    );
  }

  private uploadCard(): HTMLElement {
    const j = this.state.job;
    const card = h('div', { class: 'card' }, h('h3', {}, t('vehicle.upload')));
    const up = this.vs.upload;
    if (up)
      card.append(
        h(
          'p',
          { class: up.verified ? 'ok' : 'bad-text', 'data-testid': 'on-board' },
          t('vehicle.onBoard', {
            n: up.sortie,
            total: up.sorties,
            items: up.items,
            verified: up.verified ? t('vehicle.verified') : '',
          }),
        ),
      );
    if (!j) {
      card.append(h('p', { class: 'hint' }, t('vehicle.needJob')));
      return card;
    }
    const total = j.job.missions.length;
    if (this.sortie > total) this.sortie = 1;
    card.append(
      labelled(
        t('records.forJob'),
        h(
          'select',
          {
            'data-testid': 'upload-job',
            onchange: (e: Event) => {
              this.jobId = (e.target as HTMLSelectElement).value;
            },
          },
          h('option', { value: '' }, t('records.noJob')),
          ...this.jobs.map((x) =>
            h('option', { value: x.id, selected: x.id === this.jobId }, `${x.farmer} · ${x.id}`),
          ),
        ),
      ),
    );
    card.append(
      h(
        'div',
        { class: 'row' },
        h(
          'select',
          {
            'data-testid': 'upload-sortie',
            onchange: (e: Event) => {
              this.sortie = Number((e.target as HTMLSelectElement).value);
              this.rerender();
            },
          },
          ...j.job.missions.map((m) =>
            h('option', { value: String(m.sortie), selected: m.sortie === this.sortie }, `${m.sortie}`),
          ),
        ),
        h(
          'button',
          {
            class: 'primary',
            'data-testid': 'upload',
            disabled: !!this.busy,
            onclick: () => void this.upload(),
          },
          t('vehicle.uploadSortie', { n: this.sortie, total }),
        ),
      ),
    );
    if (this.progress) {
      const pct = this.progress.total ? (100 * this.progress.done) / this.progress.total : 0;
      card.append(
        h(
          'div',
          { class: 'muted small' },
          t(this.progress.label, { done: this.progress.done, total: this.progress.total }),
        ),
        h('div', { class: 'progress' }, h('div', { style: `width:${pct.toFixed(0)}%` })),
      );
    }
    const last = this.vs.lastSprayPosition;
    if (last && up && !this.vs.status?.armed) {
      card.append(
        h(
          'p',
          { class: 'muted small' },
          t('vehicle.resumeHint', { lat: last[1].toFixed(6), lon: last[0].toFixed(6) }),
        ),
        h(
          'button',
          { 'data-testid': 'resume-upload', disabled: !!this.busy, onclick: () => void this.upload(last) },
          t('vehicle.resume'),
        ),
      );
    }
    return card;
  }

  private flightCard(): HTMLElement {
    const armed = this.vs.status?.armed ?? false;
    const tank = h('input', {
      type: 'checkbox',
      checked: this.tankConfirmed,
      'data-testid': 'tank-confirmed',
      onchange: (e: Event) => {
        this.tankConfirmed = (e.target as HTMLInputElement).checked;
        this.rerender();
      },
    });
    const checks = this.preflight;
    return h(
      'div',
      { class: 'card' },
      h('h3', {}, t('vehicle.preflight')),
      h('label', { class: 'check' }, tank, t('vehicle.tankConfirmed')),
      h(
        'button',
        {
          'data-testid': 'preflight',
          disabled: !!this.busy,
          onclick: () =>
            void this.run(
              'preflight',
              async () => {
                this.preflight = await this.api.call('vehicle.preflight', {
                  tankConfirmed: this.tankConfirmed,
                });
              },
              t('common.error'),
            ),
        },
        t('vehicle.check'),
      ),
      checks
        ? h(
            'ul',
            { class: 'checks', 'data-testid': 'preflight-checks' },
            ...checks.checks.map((c) => h('li', { class: c.level }, c.detail)),
          )
        : '',
      h('h3', {}, t('vehicle.flight')),
      h(
        'div',
        { class: 'row wrap' },
        h(
          'button',
          {
            class: 'primary big',
            'data-testid': 'start',
            disabled: armed || !this.tankConfirmed || !!this.busy,
            onclick: () =>
              void this.confirmThen(t('vehicle.confirmStart'), t('vehicle.start'), async () => {
                await this.api.call('vehicle.start', { confirm: true, tankConfirmed: true });
                this.shell.notify(t('vehicle.started'));
              }),
          },
          t('vehicle.start'),
        ),
        h(
          'button',
          {
            class: 'big',
            'data-testid': 'pause',
            disabled: !armed,
            onclick: () =>
              void this.confirmThen(t('vehicle.confirmPause'), t('vehicle.pause'), () =>
                this.api.call('vehicle.pause', { confirm: true }),
              ),
          },
          t('vehicle.pause'),
        ),
        h(
          'button',
          {
            class: 'big',
            'data-testid': 'continue',
            disabled: !armed,
            onclick: () =>
              void this.confirmThen(t('vehicle.confirmContinue'), t('vehicle.continue'), () =>
                this.api.call('vehicle.continue', { confirm: true }),
              ),
          },
          t('vehicle.continue'),
        ),
        h(
          'button',
          {
            class: 'big danger',
            'data-testid': 'rtl',
            disabled: !armed,
            onclick: () =>
              void this.confirmThen(t('vehicle.confirmRtl'), t('vehicle.rtl'), () =>
                this.api.call('vehicle.rtl', { confirm: true }),
              ),
          },
          t('vehicle.rtl'),
        ),
      ),
      h(
        'div',
        { class: 'row wrap' },
        h(
          'button',
          {
            disabled: armed,
            onclick: () =>
              void this.run(
                'spray',
                () => this.api.call('vehicle.sprayerTest', { on: true }),
                t('vehicle.refused'),
              ),
          },
          t('vehicle.sprayTest'),
        ),
        h(
          'button',
          {
            onclick: () =>
              void this.run(
                'spray',
                () => this.api.call('vehicle.sprayerTest', { on: false }),
                t('vehicle.refused'),
              ),
          },
          t('vehicle.sprayOff'),
        ),
      ),
    );
  }

  private textsCard(): HTMLElement {
    const texts = this.vs.texts;
    return h(
      'div',
      { class: 'card' },
      h('h3', {}, t('vehicle.messages')),
      h(
        'div',
        { class: 'texts', 'data-testid': 'vehicle-texts' },
        ...texts
          .slice()
          .reverse()
          .map((x) =>
            h(
              'div',
              { class: x.severity <= 3 ? 'sev-err' : x.severity === 4 ? 'sev-warn' : '' },
              `${new Date(x.t).toLocaleTimeString(numberLocale())} ${x.text}`,
            ),
          ),
      ),
    );
  }
}
