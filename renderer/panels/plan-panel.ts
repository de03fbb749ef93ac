import type L from 'leaflet';
import type { PlanSummaryDto } from '../../electron/api/plan-api.js';
import type { Plan, PlanParams } from '../../mission/plan/types.js';
import { formatArea } from '../../mission/units/area.js';
import type { ApiClient } from '../api-client.js';
import { clear, h } from '../dom.js';
import { numberLocale, t } from '../i18n/index.js';
import type { MapView } from '../map/map-view.js';
import type { RouteLayer } from '../map/route-layer.js';
import type { Shell, Tab } from '../shell.js';
import type { AppState } from '../state.js';
import { labelled } from './fields-panel.js';

type DrawMode = null | 'no-spray' | 'no-fly' | 'home';

const DEFAULTS: Partial<PlanParams> = {
  swathM: 5,
  headlandPasses: 1,
  edgeBufferM: 0,
  noSprayBufferM: 0,
  speedMps: 5,
  headlandFirst: true,
};

/**
 * Plan tab: pick fields (one or a block of neighbours' plots), set parameters, see the route and
 * its quality at once (re-planned on every change), draw zones and home, save and reopen plans.
 */
export class PlanPanel implements Tab {
  readonly id = 'plan';
  readonly titleKey = 'tab.plan';
  private container?: HTMLElement;
  private chosen = new Set<string>();
  private params: Partial<PlanParams> = { ...DEFAULTS };
  private busy = false;
  private draw: DrawMode = null;
  private saved: PlanSummaryDto[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private seq = 0;
  private active = false;

  constructor(
    private readonly api: ApiClient,
    private readonly state: AppState,
    private readonly shell: Shell,
    private readonly mapView: MapView,
    private readonly route: RouteLayer,
  ) {
    state.on('plan', () => this.showRoute());
    state.on('zones', () => this.active && this.schedule());
    state.on('fields', () => {
      for (const id of this.chosen) if (!state.fields.some((f) => f.id === id)) this.chosen.delete(id);
      if (this.active) this.schedule();
    });
    state.on('selection', () => {
      // clicking a field on the map while planning toggles it in the block
      const id = state.selectedId;
      if (!this.active || !id) return;
      if (this.chosen.has(id)) this.chosen.delete(id);
      else this.chosen.add(id);
      this.schedule();
      this.rerender();
    });
    mapView.map.on('pm:create', (e) =>
      this.onCreated((e as unknown as { layer: L.Layer; shape: string }).layer),
    );
  }

  activate(): void {
    this.active = true;
    if (this.chosen.size === 0) {
      const sel = this.state.selectedId;
      for (const f of this.state.fields) if (!sel || f.id === sel) this.chosen.add(f.id);
    }
    void this.loadSaved();
    this.schedule(0);
  }

  deactivate(): void {
    this.active = false;
    this.stopDraw();
  }

  private rerender(): void {
    if (this.container && this.active) {
      clear(this.container);
      this.render(this.container);
    }
  }

  private schedule(ms = 150): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.compute(), ms);
  }

  private async compute(): Promise<void> {
    const fieldIds = this.state.fields.filter((f) => this.chosen.has(f.id)).map((f) => f.id);
    if (fieldIds.length === 0) {
      this.state.setPlan(null);
      this.rerender();
      return;
    }
    const mine = ++this.seq;
    this.busy = true;
    this.container?.classList.add('busy');
    try {
      const plan = await this.api.call('plan.compute', { fieldIds, params: this.params });
      if (mine !== this.seq) return;
      this.state.setPlan({ fieldIds, params: { ...this.params }, plan });
    } catch (e) {
      if (mine === this.seq) {
        this.state.setPlan(null);
        this.shell.error(t('plan.failed'), e);
      }
    } finally {
      if (mine === this.seq) {
        this.busy = false;
        this.container?.classList.remove('busy');
        this.rerender();
      }
    }
  }

  private showRoute(): void {
    const p = this.state.plan;
    if (!p) this.route.clear();
    else this.route.show(p.plan);
  }

  private async loadSaved(): Promise<void> {
    try {
      this.saved = await this.api.call('plan.list', {});
      this.rerender();
    } catch {
      /* the list is a convenience */
    }
  }

  render(container: HTMLElement): void {
    this.container = container;
    const nf = (v: number, d = 1) =>
      v.toLocaleString(numberLocale(), { maximumFractionDigits: d, minimumFractionDigits: d });
    container.append(h('h2', {}, t('plan.title')));

    // fields in the block
    container.append(
      h('h3', {}, t('plan.fields')),
      h('p', { class: 'muted small' }, t('plan.fieldsHint')),
      h(
        'div',
        { class: 'row' },
        h('button', { onclick: () => this.setAll(true) }, t('plan.all')),
        h('button', { onclick: () => this.setAll(false) }, t('plan.none')),
      ),
      h(
        'div',
        { class: 'check-list', 'data-testid': 'plan-fields' },
        ...this.state.fields.map((f) =>
          h(
            'label',
            { class: 'check' },
            h('input', {
              type: 'checkbox',
              checked: this.chosen.has(f.id),
              'data-field-id': f.id,
              onchange: (e: Event) => {
                if ((e.target as HTMLInputElement).checked) this.chosen.add(f.id);
                else this.chosen.delete(f.id);
                this.schedule();
              },
            }),
            `${f.name}${f.owner ? ` · ${f.owner}` : ''}`,
          ),
        ),
      ),
    );

    // parameters
    const num = (key: keyof PlanParams, label: string, attrs: Record<string, string>) =>
      labelled(
        label,
        h('input', {
          type: 'number',
          name: key,
          'data-testid': `param-${key}`,
          value:
            this.params[key] === undefined || this.params[key] === 'auto' ? '' : String(this.params[key]),
          ...attrs,
          onchange: (e: Event) => {
            const raw = (e.target as HTMLInputElement).value.trim();
            if (key === 'angleDeg') this.params.angleDeg = raw === '' ? 'auto' : Number(raw);
            else if (raw === '') delete this.params[key];
            else (this.params as Record<string, unknown>)[key] = Number(raw);
            this.schedule();
          },
        }),
      );
    container.append(
      h('h3', {}, t('plan.params')),
      h(
        'div',
        { class: 'grid2' },
        num('swathM', t('plan.swath'), { min: '0.5', max: '30', step: '0.5' }),
        num('headlandPasses', t('plan.headlandPasses'), { min: '0', max: '5', step: '1' }),
        num('edgeBufferM', t('plan.edgeBuffer'), { min: '0', max: '20', step: '0.5' }),
        num('noSprayBufferM', t('plan.noSprayBuffer'), { min: '0', max: '50', step: '0.5' }),
        num('speedMps', t('plan.speed'), { min: '1', max: '12', step: '0.5' }),
        num('angleDeg', t('plan.angle'), { min: '0', max: '180', step: '1', placeholder: 'auto' }),
      ),
      labelled(
        t('plan.tradeoff'),
        h(
          'select',
          {
            'data-testid': 'param-doubleDoseWeight',
            onchange: (e: Event) => {
              this.params.doubleDoseWeight = Number((e.target as HTMLSelectElement).value);
              this.schedule();
            },
          },
          ...[
            [0, 'plan.tradeoff.time'],
            [8, 'plan.tradeoff.balanced'],
            [12, 'plan.tradeoff.chemical'],
          ].map(([v, key]) =>
            h(
              'option',
              { value: String(v), selected: (this.params.doubleDoseWeight ?? 8) === v },
              t(String(key)),
            ),
          ),
        ),
      ),
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          checked: this.params.headlandFirst !== false,
          onchange: (e: Event) => {
            this.params.headlandFirst = (e.target as HTMLInputElement).checked;
            this.schedule();
          },
        }),
        t('plan.headlandFirst'),
      ),
    );

    // zones
    container.append(
      h('h3', {}, t('plan.zones')),
      h(
        'div',
        { class: 'row wrap' },
        h(
          'button',
          { 'data-testid': 'draw-no-spray', onclick: () => this.startDraw('no-spray') },
          t('plan.drawNoSpray'),
        ),
        h(
          'button',
          { 'data-testid': 'draw-no-fly', onclick: () => this.startDraw('no-fly') },
          t('plan.drawNoFly'),
        ),
        h(
          'button',
          { 'data-testid': 'place-home', onclick: () => this.startDraw('home') },
          t('plan.placeHome'),
        ),
      ),
      this.draw ? h('p', { class: 'hint' }, t(this.draw === 'home' ? 'plan.homeHint' : 'plan.zoneHint')) : '',
      this.state.zones.length
        ? h(
            'ul',
            { class: 'list' },
            ...this.state.zones.map((z) =>
              h(
                'li',
                { class: 'list-item row' },
                h('span', { class: 'badge' }, t(`zone.${z.kind}`)),
                h('span', {}, z.name || (z.radiusM ? `r = ${z.radiusM} m` : '')),
                h(
                  'button',
                  { class: 'danger', onclick: () => void this.deleteZone(z.id) },
                  t('common.delete'),
                ),
              ),
            ),
          )
        : '',
    );

    // result
    const cur = this.state.plan;
    if (this.chosen.size === 0) container.append(h('p', { class: 'hint' }, t('plan.noFields')));
    if (this.busy && !cur) container.append(h('p', { class: 'muted' }, t('plan.planning')));
    if (cur) container.append(this.metricsCard(cur.plan, nf));

    if (this.saved.length) {
      container.append(
        h('h3', {}, t('plan.savedPlans')),
        h(
          'ul',
          { class: 'list', 'data-testid': 'saved-plans' },
          ...this.saved
            .slice(0, 20)
            .map((s) =>
              h(
                'li',
                { class: 'list-item', onclick: () => void this.open(s.id) },
                h('div', { class: 'item-title' }, s.name),
                h(
                  'div',
                  { class: 'item-sub' },
                  `${new Date(s.createdAt).toLocaleString(numberLocale())} · ${formatArea(s.metrics.sprayableAreaM2, this.state.settings.saoM2, numberLocale())}`,
                ),
              ),
            ),
        ),
      );
    }
  }

  private metricsCard(plan: Plan, nf: (v: number, d?: number) => string): HTMLElement {
    const m = plan.metrics;
    const pct = (v: number, d = 1) => `${nf(v * 100, d)} %`;
    const cls = (good: boolean) => (good ? 'ok' : 'warn-text');
    const row = (label: string, value: string, c = '') =>
      h('tr', {}, h('td', {}, label), h('td', { class: c }, value));
    const sao = this.state.settings.saoM2;
    return h(
      'div',
      { class: 'card', 'data-testid': 'plan-metrics' },
      h('h3', {}, t('plan.metrics')),
      h(
        'table',
        { class: 'metrics' },
        row(t('plan.sprayable'), formatArea(m.sprayableAreaM2, sao, numberLocale())),
        row(t('plan.coverage'), pct(m.coverage), cls(m.coverage >= 0.99)),
        row(t('plan.offTarget'), pct(m.offTarget, 2), cls(m.offTarget <= 0.005)),
        row(t('plan.overlap'), pct(m.overlap), cls(m.overlap <= 0.05)),
        row(t('plan.pathLength'), `${nf(m.pathLengthM, 0)} m`),
        row(t('plan.pathRatio'), nf(m.pathRatio, 2)),
        row(t('plan.swaths'), `${m.swaths} / ${m.turns}`),
        row(t('plan.time'), t('plan.minutes', { m: nf(m.estimatedTimeS / 60, 1) })),
        row(t('plan.angleUsed'), `${nf(plan.angleDeg, 0)}°`),
        row(t('plan.computeMs'), `${nf(plan.computeMs, 0)} ms`),
      ),
      plan.warnings.length
        ? h('ul', { class: 'warning-list' }, ...plan.warnings.map((w) => h('li', {}, w)))
        : null,
      plan.perPlot.length > 1
        ? h(
            'details',
            {},
            h('summary', {}, t('plan.perPlot')),
            h(
              'table',
              { class: 'metrics' },
              ...plan.perPlot.map((p) =>
                row(
                  `${p.name ?? p.plotId}${p.owner ? ` · ${p.owner}` : ''}`,
                  formatArea(p.sprayedAreaM2, sao, numberLocale()),
                ),
              ),
            ),
          )
        : null,
      h(
        'div',
        { class: 'row end' },
        h(
          'button',
          { class: 'primary', 'data-testid': 'save-plan', onclick: () => void this.save() },
          t('plan.save'),
        ),
      ),
    );
  }

  private setAll(on: boolean): void {
    this.chosen = new Set(on ? this.state.fields.map((f) => f.id) : []);
    this.schedule();
    this.rerender();
  }

  private async save(): Promise<void> {
    const cur = this.state.plan;
    if (!cur) return;
    try {
      const r = await this.api.call('plan.save', { fieldIds: cur.fieldIds, params: cur.params });
      this.state.setPlan({ ...cur, plan: r.plan, savedId: r.summary.id });
      this.shell.notify(t('plan.saved', { name: r.summary.name }));
      await this.loadSaved();
    } catch (e) {
      this.shell.error(t('plan.failed'), e);
    }
  }

  private async open(id: string): Promise<void> {
    try {
      const r = await this.api.call('plan.get', { id });
      this.chosen = new Set(r.summary.fieldIds);
      this.params = { ...r.summary.params };
      this.state.setPlan({
        fieldIds: r.summary.fieldIds,
        params: r.summary.params,
        plan: r.plan,
        savedId: id,
      });
      this.rerender();
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private startDraw(mode: Exclude<DrawMode, null>): void {
    this.stopDraw();
    this.draw = mode;
    if (mode === 'home') this.mapView.map.pm.enableDraw('Marker');
    else this.mapView.map.pm.enableDraw('Polygon', { allowSelfIntersection: false } as L.PM.DrawModeOptions);
    this.rerender();
  }

  private stopDraw(): void {
    if (this.draw) this.mapView.map.pm.disableDraw();
    this.draw = null;
  }

  private async onCreated(layer: L.Layer): Promise<void> {
    const mode = this.draw;
    if (!mode || !this.active) return;
    this.stopDraw();
    const geometry = (layer as L.Polygon).toGeoJSON().geometry as GeoJSON.Polygon | GeoJSON.Point;
    layer.remove();
    try {
      if (mode === 'home') {
        await this.api.call('zones.create', {
          kind: 'home',
          geometry: geometry as { type: 'Point'; coordinates: [number, number] },
        });
      } else {
        await this.api.call('zones.create', { kind: mode, geometry: geometry as GeoJSON.Polygon });
      }
      this.shell.notify(t('plan.zoneSaved'));
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
    this.rerender();
  }

  private async deleteZone(id: string): Promise<void> {
    try {
      const { deleted } = await this.api.call('zones.delete', { id });
      this.shell.notify(t('plan.zoneDeleted'), {
        action: {
          label: t('common.undo'),
          run: () =>
            void this.api
              .call('zones.create', {
                id: deleted.id,
                kind: deleted.kind,
                name: deleted.name,
                geometry: deleted.geometry as { type: 'Point'; coordinates: [number, number] },
                ...(deleted.radiusM ? { radiusM: deleted.radiusM } : {}),
              })
              .catch((e) => this.shell.error(t('common.error'), e)),
        },
      });
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }
}
