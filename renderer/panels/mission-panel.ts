import type { JobOptionsDto, ProductDto } from '../../electron/api/mission-api.js';
import type { DroneProfile } from '../../mission/profile/drone-profile.js';
import type { Job } from '../../mission/sorties/job.js';
import { formatArea } from '../../mission/units/area.js';
import type { ApiClient } from '../api-client.js';
import { clear, h } from '../dom.js';
import { numberLocale, t } from '../i18n/index.js';
import { type RouteLayer, SORTIE_COLOURS } from '../map/route-layer.js';
import type { Shell, Tab } from '../shell.js';
import type { AppState } from '../state.js';
import { download, labelled } from './fields-panel.js';
import { profileEditor } from './profile-editor.js';

interface ProductRow {
  productId: string;
  ratePerHa: number;
  reason: string;
}

/**
 * Mission tab: drone profile, spray volume and tank mix → pump-capped speed, sorties (each its own
 * colour on the map), mix sheet to print, mission files per sortie.
 */
export class MissionPanel implements Tab {
  readonly id = 'mission';
  readonly titleKey = 'tab.mission';
  private container?: HTMLElement;
  private active = false;
  private profiles: { profile: DroneProfile; builtin: boolean }[] = [];
  private products: ProductDto[] = [];
  private options: JobOptionsDto = { profileId: 'generic-10l', volumeLPerHa: 20 };
  private rows: ProductRow[] = [];
  private showCatalog = false;
  private showProfile = false;
  private busy = false;

  constructor(
    private readonly api: ApiClient,
    private readonly state: AppState,
    private readonly shell: Shell,
    private readonly route: RouteLayer,
  ) {
    state.on('plan', () => {
      if (this.state.job && this.state.job.planKey !== this.planKey()) this.state.setJob(null);
      this.rerender();
    });
    state.on('job', () => this.showJob());
    api.on('catalog.changed', () => void this.loadCatalog());
  }

  activate(): void {
    this.active = true;
    void this.loadCatalog();
    this.showJob();
  }

  deactivate(): void {
    this.active = false;
    if (this.state.plan) this.route.show(this.state.plan.plan);
  }

  private planKey(): string {
    const p = this.state.plan;
    return p ? `${p.savedId ?? ''}|${p.fieldIds.join(',')}|${JSON.stringify(p.params)}` : '';
  }

  private rerender(): void {
    if (this.container && this.active) {
      clear(this.container);
      this.render(this.container);
    }
  }

  private async loadCatalog(): Promise<void> {
    try {
      [this.profiles, this.products] = await Promise.all([
        this.api.call('catalog.profiles', {}),
        this.api.call('catalog.products', {}),
      ]);
      if (!this.profiles.some((p) => p.profile.id === this.options.profileId) && this.profiles[0]) {
        this.options.profileId = this.profiles[0].profile.id;
      }
      this.rerender();
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private showJob(): void {
    if (!this.active) return;
    const j = this.state.job;
    const plan = this.state.plan;
    if (!j || !plan) {
      if (plan) this.route.show(plan.plan);
      return;
    }
    this.route.showSorties(j.job);
  }

  /** The route this job is made from: the saved plan, else the fields and parameters. */
  private source() {
    const p = this.state.plan!;
    return p.savedId
      ? { planId: p.savedId }
      : { fieldIds: p.fieldIds, params: p.params, ...(p.home ? { home: p.home } : {}) };
  }

  private jobOptions(): JobOptionsDto {
    const products = this.rows
      .filter((r) => r.productId && r.ratePerHa > 0)
      .map((r) => ({
        productId: r.productId,
        ratePerHa: r.ratePerHa,
        ...(r.reason.trim() ? { override: { reason: r.reason.trim() } } : {}),
      }));
    return { ...this.options, ...(products.length ? { products } : {}) };
  }

  private async prepare(): Promise<void> {
    if (!this.state.plan) return;
    this.busy = true;
    this.rerender();
    try {
      const options = this.jobOptions();
      const job = await this.api.call('job.prepare', { source: this.source(), options });
      this.state.setJob({ planKey: this.planKey(), source: this.source(), options, job });
    } catch (e) {
      this.state.setJob(null);
      this.shell.error(t('mission.failed'), e);
    } finally {
      this.busy = false;
      this.rerender();
    }
  }

  render(container: HTMLElement): void {
    this.container = container;
    container.append(h('h2', {}, t('mission.title')));
    if (!this.state.plan) {
      container.append(h('p', { class: 'hint' }, t('mission.noPlan')));
      return;
    }
    container.append(this.optionsForm());
    const j = this.state.job;
    if (j) container.append(this.jobView(j.job));
    container.append(
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          {
            onclick: () => {
              this.showCatalog = !this.showCatalog;
              this.rerender();
            },
          },
          t('mission.manageProducts'),
        ),
      ),
    );
    if (this.showCatalog) container.append(this.catalogView());
    const current = this.profiles.find((p) => p.profile.id === this.options.profileId);
    if (this.showProfile && current) {
      container.append(
        profileEditor(this.api, this.shell, current.profile, current.builtin, (saved) => {
          this.options.profileId = saved.id;
          this.showProfile = false;
          void this.loadCatalog();
        }),
      );
    }
  }

  private optionsForm(): HTMLElement {
    const nf = (v: number, d = 1) => v.toLocaleString(numberLocale(), { maximumFractionDigits: d });
    const prof = this.profiles.find((p) => p.profile.id === this.options.profileId)?.profile;
    const numInput = (key: 'volumeLPerHa' | 'tankL' | 'batteryEnduranceMin', attrs: Record<string, string>) =>
      h('input', {
        type: 'number',
        'data-testid': `job-${key}`,
        value: this.options[key] === undefined ? '' : String(this.options[key]),
        ...attrs,
        onchange: (e: Event) => {
          const v = (e.target as HTMLInputElement).value.trim();
          if (v === '') delete this.options[key];
          else this.options[key] = Number(v);
        },
      });
    const productRows = this.rows.map((row, i) => {
      const p = this.products.find((x) => x.id === row.productId);
      const outside = p && (row.ratePerHa < p.labelRate.min || row.ratePerHa > p.labelRate.max);
      return h(
        'div',
        { class: 'card', 'data-testid': 'product-row' },
        h(
          'select',
          {
            onchange: (e: Event) => {
              row.productId = (e.target as HTMLSelectElement).value;
              const np = this.products.find((x) => x.id === row.productId);
              if (np && !row.ratePerHa) row.ratePerHa = np.labelRate.min;
              this.rerender();
            },
          },
          h('option', { value: '' }, '—'),
          ...this.products.map((x) =>
            h('option', { value: x.id, selected: x.id === row.productId }, `${x.name} (${x.formulation})`),
          ),
        ),
        p
          ? h(
              'p',
              { class: 'muted small' },
              t('mission.label', {
                min: nf(p.labelRate.min, 3),
                max: nf(p.labelRate.max, 3),
                unit: p.labelRate.unit,
                phi: p.phiDays,
              }),
            )
          : '',
        labelled(
          t('mission.rate', { unit: p?.labelRate.unit ?? 'L' }),
          h('input', {
            type: 'number',
            step: '0.01',
            min: '0',
            value: row.ratePerHa ? String(row.ratePerHa) : '',
            onchange: (e: Event) => {
              row.ratePerHa = Number((e.target as HTMLInputElement).value);
              this.rerender();
            },
          }),
        ),
        outside
          ? labelled(
              t('mission.overrideReason'),
              h('input', {
                value: row.reason,
                onchange: (e: Event) => {
                  row.reason = (e.target as HTMLInputElement).value;
                },
              }),
            )
          : '',
        h(
          'button',
          {
            class: 'danger',
            onclick: () => {
              this.rows.splice(i, 1);
              this.rerender();
            },
          },
          t('common.delete'),
        ),
      );
    });
    return h(
      'div',
      {},
      labelled(
        t('mission.profile'),
        h(
          'select',
          {
            'data-testid': 'job-profile',
            onchange: (e: Event) => {
              this.options.profileId = (e.target as HTMLSelectElement).value;
              this.rerender();
            },
          },
          ...this.profiles.map((p) =>
            h(
              'option',
              { value: p.profile.id, selected: p.profile.id === this.options.profileId },
              p.profile.name,
            ),
          ),
        ),
      ),
      prof
        ? h(
            'p',
            { class: 'muted small' },
            t('mission.profileSpecs', {
              tank: prof.tankL,
              pump: prof.pumpMaxLpm,
              battery: prof.batteryEnduranceMin,
              autopilot: prof.autopilot === 'px4' ? 'PX4' : 'ArduPilot',
            }),
          )
        : '',
      h(
        'div',
        { class: 'grid2' },
        labelled(t('mission.volume'), numInput('volumeLPerHa', { min: '1', max: '500', step: '1' })),
        labelled(t('mission.tank'), numInput('tankL', { min: '1', max: '100', step: '0.5' })),
        labelled(
          t('mission.battery'),
          numInput('batteryEnduranceMin', { min: '1', max: '120', step: '0.5' }),
        ),
      ),
      h('h3', {}, t('mission.products')),
      ...productRows,
      h(
        'div',
        { class: 'row wrap' },
        h(
          'button',
          {
            'data-testid': 'add-product',
            onclick: () => {
              this.rows.push({
                productId: this.products[0]?.id ?? '',
                ratePerHa: this.products[0]?.labelRate.min ?? 0,
                reason: '',
              });
              this.rerender();
            },
          },
          t('mission.addProduct'),
        ),
        h(
          'button',
          {
            class: 'primary big',
            'data-testid': 'prepare-job',
            disabled: this.busy,
            onclick: () => void this.prepare(),
          },
          t('mission.prepare'),
        ),
      ),
    );
  }

  private jobView(job: Job): HTMLElement {
    const loc = numberLocale();
    const nf = (v: number, d = 1) =>
      v.toLocaleString(loc, { maximumFractionDigits: d, minimumFractionDigits: d });
    const sao = this.state.settings.saoM2;
    const s = job.sorties;
    const sortieSelect = h(
      'select',
      { 'data-testid': 'export-sortie' },
      ...s.sorties.map((x) => h('option', { value: String(x.index) }, `${t('mission.sortie')} ${x.index}`)),
    );
    const exportAs = async (format: 'plan' | 'waypoints' | 'geojson' | 'kml') => {
      const j = this.state.job;
      if (!j) return;
      try {
        const r = await this.api.call('job.export', {
          source: j.source,
          options: j.options,
          format,
          sortie: Number(sortieSelect.value),
        });
        download(r.fileName, r.content, r.mime);
      } catch (e) {
        this.shell.error(t('common.error'), e);
      }
    };
    const endLabel = (e: string) => t(`mission.end.${e}`);
    const mix = job.mix;
    return h(
      'div',
      { 'data-testid': 'job-view' },
      h(
        'p',
        { class: 'card' },
        t('mission.rateBox', {
          flow: nf(job.rate.flowLpm, 2),
          speed: nf(job.rate.speedMps, 1),
          swath: nf(s.swathM, 1),
        }),
      ),
      job.warnings.length
        ? h(
            'div',
            { class: 'hint', 'data-testid': 'job-warnings' },
            h('strong', {}, t('mission.warnings')),
            h('ul', { class: 'warning-list' }, ...job.warnings.map((w) => h('li', {}, w))),
          )
        : '',
      h('h3', {}, t('mission.sorties')),
      h(
        'table',
        { class: 'metrics', 'data-testid': 'sorties-table' },
        h(
          'tr',
          {},
          ...[
            'mission.sortie',
            'mission.area',
            'mission.liquid',
            'mission.time',
            'mission.batteryUsed',
            'mission.end',
          ].map((k) => h('th', {}, t(k))),
        ),
        ...s.sorties.map((x) =>
          h(
            'tr',
            {},
            h(
              'td',
              {},
              h('span', {
                class: 'swatch',
                style: `background:${SORTIE_COLOURS[(x.index - 1) % SORTIE_COLOURS.length]}`,
              }),
              ` ${x.index}`,
            ),
            h('td', {}, formatArea(x.areaHa * 10_000, sao, loc).split(' · ')[0]!),
            h('td', {}, `${nf(x.liquidL, 1)} L`),
            h('td', {}, `${nf(x.flightTimeS / 60, 1)} min`),
            h('td', {}, `${nf(x.batteryUsedPct, 0)} %`),
            h('td', {}, endLabel(x.endReason)),
          ),
        ),
        h(
          'tr',
          { class: 'total' },
          h('td', {}, t('mission.total')),
          h('td', {}, `${nf(s.totals.areaHa, 3)} ha`),
          h('td', {}, `${nf(s.totals.liquidL, 1)} L`),
          h('td', {}, `${nf(s.totals.flightTimeS / 60, 1)} min`),
          h('td', {}, ''),
          h('td', {}, ''),
        ),
      ),
      mix ? this.mixSheet(mix, nf) : '',
      job.sprayer
        ? h(
            'details',
            {},
            h('summary', {}, t('mission.sprayer')),
            h(
              'table',
              { class: 'metrics' },
              ...Object.entries(job.sprayer.params).map(([k, v]) =>
                h('tr', {}, h('td', {}, k), h('td', {}, String(v))),
              ),
            ),
          )
        : '',
      h('h3', {}, t('mission.export')),
      labelled(t('mission.exportSortie'), sortieSelect),
      h(
        'div',
        { class: 'row wrap' },
        h('button', { 'data-testid': 'export-plan', onclick: () => void exportAs('plan') }, 'QGC .plan'),
        h(
          'button',
          { 'data-testid': 'export-waypoints', onclick: () => void exportAs('waypoints') },
          '.waypoints',
        ),
        h('button', { onclick: () => void exportAs('geojson') }, 'GeoJSON'),
        h('button', { onclick: () => void exportAs('kml') }, 'KML'),
      ),
    );
  }

  private mixSheet(mix: NonNullable<Job['mix']>, nf: (v: number, d?: number) => string): HTMLElement {
    const cols = [
      t('mission.perHa'),
      t('mission.perSao'),
      t('mission.per1000'),
      ...mix.tanks.map((tk) => t('mission.perTank', { n: tk.index })),
    ];
    const rows = mix.products.map((p) =>
      h(
        'tr',
        {},
        h('td', {}, `${p.name} (${p.unit})`),
        h('td', {}, nf(p.perHa, 3)),
        h('td', {}, nf(p.perSao, 3)),
        h('td', {}, nf(p.per1000m2, 3)),
        ...mix.tanks.map((tk) => h('td', {}, nf(tk.products.find((x) => x.name === p.name)?.amount ?? 0, 3))),
      ),
    );
    return h(
      'div',
      { class: 'card mix-sheet', 'data-testid': 'mix-sheet' },
      h('h3', {}, t('mission.mixSheet')),
      h(
        'table',
        { class: 'metrics' },
        h('tr', {}, h('th', {}, ''), ...cols.map((c) => h('th', {}, c))),
        ...rows,
        h(
          'tr',
          {},
          h('td', {}, `${t('mission.water')} (L)`),
          h('td', {}, nf(mix.water.perHa, 2)),
          h('td', {}, nf(mix.water.perSao, 2)),
          h('td', {}, nf(mix.water.per1000m2, 2)),
          ...mix.tanks.map((tk) => h('td', {}, nf(tk.waterL, 2))),
        ),
      ),
      h(
        'div',
        { class: 'row end no-print' },
        h('button', { onclick: () => window.print() }, t('mission.print')),
      ),
    );
  }

  private catalogView(): HTMLElement {
    const f = {
      name: h('input', { required: true }),
      ai: h('input', { placeholder: 'Azoxystrobin' }),
      conc: h('input', { type: 'number', step: 'any', placeholder: '250' }),
      concUnit: h('select', {}, ...['g/L', 'g/kg', '%'].map((u) => h('option', { value: u }, u))),
      formulation: h('input', { placeholder: 'SC' }),
      reg: h('input', {}),
      min: h('input', { type: 'number', step: 'any' }),
      max: h('input', { type: 'number', step: 'any' }),
      unit: h('select', {}, h('option', { value: 'L' }, 'L'), h('option', { value: 'kg' }, 'kg')),
      phi: h('input', { type: 'number', step: '1', min: '0' }),
    };
    const save = async () => {
      const product = {
        name: f.name.value,
        activeIngredients: [
          { name: f.ai.value, concentration: Number(f.conc.value), concentrationUnit: f.concUnit.value },
        ],
        formulation: f.formulation.value,
        registrationNumber: f.reg.value,
        labelRate: { min: Number(f.min.value), max: Number(f.max.value), unit: f.unit.value },
        phiDays: Number(f.phi.value),
      };
      try {
        const p = await this.api.call('catalog.saveProduct', { product });
        this.shell.notify(t('mission.productSaved', { name: p.name }));
      } catch (e) {
        this.shell.error(t('common.error'), e);
      }
    };
    const csv = h('input', {
      type: 'file',
      accept: '.csv,text/csv',
      class: 'hidden',
      onchange: async (e: Event) => {
        const input = e.target as HTMLInputElement;
        const file = input.files?.[0];
        input.value = '';
        if (!file) return;
        try {
          const r = await this.api.call('catalog.importProductsCsv', {
            content: await file.text(),
            update: true,
          });
          this.shell.notify(t('mission.imported', { created: r.created, updated: r.updated }));
        } catch (err) {
          this.shell.error(t('common.error'), err);
        }
      },
    });
    return h(
      'div',
      { class: 'card' },
      h('h3', {}, t('mission.manageProducts')),
      this.products.length
        ? h(
            'ul',
            { class: 'list' },
            ...this.products.map((p) =>
              h(
                'li',
                { class: 'list-item' },
                h('div', { class: 'item-title' }, `${p.name} · ${p.formulation}`),
                h(
                  'div',
                  { class: 'item-sub' },
                  `${p.activeIngredients.map((a) => a.name).join(' + ')} · ${p.registrationNumber}`,
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('mission.noProducts')),
      h('div', { class: 'row' }, h('button', { onclick: () => csv.click() }, t('mission.importCsv')), csv),
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            void save();
          },
        },
        h('h3', {}, t('mission.newProduct')),
        labelled(t('mission.productName'), f.name),
        h(
          'div',
          { class: 'grid2' },
          labelled(t('mission.activeIngredient'), f.ai),
          labelled(t('mission.concentration'), f.conc),
        ),
        h(
          'div',
          { class: 'grid2' },
          labelled(t('mission.unit'), f.concUnit),
          labelled(t('mission.formulation'), f.formulation),
        ),
        labelled(t('mission.registration'), f.reg),
        h(
          'div',
          { class: 'grid2' },
          labelled(t('mission.labelMin'), f.min),
          labelled(t('mission.labelMax'), f.max),
        ),
        h('div', { class: 'grid2' }, labelled(t('mission.unit'), f.unit), labelled(t('mission.phi'), f.phi)),
        h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, t('common.save'))),
      ),
    );
  }
}
