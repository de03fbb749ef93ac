import type { ProductDto } from '../../electron/api/mission-api.js';
import type { FlightDto, JobDto, RecordDto } from '../../electron/api/records-api.js';
import type { RecordProblem } from '../../mission/records/application.js';
import { formatArea } from '../../mission/units/area.js';
import type { ApiClient } from '../api-client.js';
import { clear, h } from '../dom.js';
import { currentLanguage, numberLocale, t } from '../i18n/index.js';
import type { AppliedLayer } from '../map/applied-layer.js';
import type { Shell, Tab } from '../shell.js';
import type { AppState } from '../state.js';
import { download, labelled } from './fields-panel.js';

interface Detail {
  job: JobDto;
  flights: FlightDto[];
  records: RecordDto[];
}

/**
 * Records tab: a farmer's job on plots, its flights, the as-applied map against the plan, the
 * application record (every missing field named before it can be closed), reports with a QR code,
 * and the audit-trail check.
 */
export class RecordsPanel implements Tab {
  readonly id = 'records';
  readonly titleKey = 'tab.records';
  private container?: HTMLElement;
  private active = false;
  private jobs: JobDto[] = [];
  private products: ProductDto[] = [];
  private detail?: Detail;
  private record?: { record: RecordDto; problems: RecordProblem[] };
  private applied?: string;
  private showNew = false;

  constructor(
    private readonly api: ApiClient,
    private readonly state: AppState,
    private readonly shell: Shell,
    private readonly layer: AppliedLayer,
  ) {
    api.on('records.changed', () => {
      if (this.active) void this.reload();
    });
  }

  activate(): void {
    this.active = true;
    void this.reload();
  }

  deactivate(): void {
    this.active = false;
    this.layer.clear();
    this.applied = undefined;
  }

  private rerender(): void {
    if (this.container && this.active) {
      clear(this.container);
      this.render(this.container);
    }
  }

  private async reload(): Promise<void> {
    try {
      [this.jobs, this.products] = await Promise.all([
        this.api.call('jobs.list', {}),
        this.api.call('catalog.products', {}),
      ]);
      if (this.detail) await this.openJob(this.detail.job.id, false);
      this.rerender();
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private async openJob(id: string, render = true): Promise<void> {
    try {
      this.detail = await this.api.call('jobs.get', { id });
      const open = this.detail.records.find((r) => r.status === 'open') ?? this.detail.records.at(-1);
      this.record = open ? await this.api.call('records.status', { id: open.id }) : undefined;
      if (render) this.rerender();
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  render(container: HTMLElement): void {
    this.container = container;
    container.append(
      h('h2', {}, t('records.title')),
      h(
        'div',
        { class: 'row wrap' },
        h(
          'button',
          {
            class: 'primary',
            'data-testid': 'new-job',
            onclick: () => {
              this.showNew = !this.showNew;
              this.rerender();
            },
          },
          t('records.newJob'),
        ),
        h('button', { 'data-testid': 'audit-verify', onclick: () => void this.verify() }, t('records.audit')),
      ),
    );
    if (this.showNew) container.append(this.newJobForm());
    container.append(h('h3', {}, t('records.jobs')));
    if (!this.jobs.length) container.append(h('p', { class: 'muted' }, t('records.noJobs')));
    else
      container.append(
        h(
          'ul',
          { class: 'list', 'data-testid': 'jobs-list' },
          ...this.jobs.map((j) =>
            h(
              'li',
              {
                class: `list-item${this.detail?.job.id === j.id ? ' selected' : ''}`,
                'data-testid': 'job-row',
                onclick: () => void this.openJob(j.id),
              },
              h(
                'div',
                { class: 'item-title' },
                `${j.farmer} · ${j.plots.length} ${t('records.plots').toLowerCase()}`,
              ),
              h(
                'div',
                { class: 'item-sub' },
                `${j.plannedDate ?? j.createdAt.slice(0, 10)} · ${t(`records.status.${j.status}`)} · ${j.target || j.crop}`,
              ),
            ),
          ),
        ),
      );
    if (this.detail) container.append(this.jobDetail(this.detail));
  }

  private newJobForm(): HTMLElement {
    const chosen = new Set(
      this.state.plan?.fieldIds ?? (this.state.selectedId ? [this.state.selectedId] : []),
    );
    const farmer = h('input', {
      'data-testid': 'job-farmer',
      value: this.state.fields.find((f) => chosen.has(f.id))?.owner ?? '',
    });
    const phone = h('input', { type: 'tel' });
    const crop = h('input', { value: 'lúa' });
    const stage = h('input', { placeholder: 'đẻ nhánh / làm đòng / trổ' });
    const target = h('input', { placeholder: 'đạo ôn, rầy nâu…' });
    const product = h(
      'select',
      { 'data-testid': 'job-product' },
      h('option', { value: '' }, '—'),
      ...this.products.map((p) => h('option', { value: p.id }, p.name)),
    );
    const dose = h('input', { type: 'number', step: 'any', min: '0', 'data-testid': 'job-dose' });
    const water = h('input', { type: 'number', value: '20', min: '1', max: '500' });
    const date = h('input', { type: 'date', value: new Date().toISOString().slice(0, 10) });
    const boxes = this.state.fields.map((f) => ({
      id: f.id,
      box: h('input', { type: 'checkbox', checked: chosen.has(f.id) }),
    }));
    product.addEventListener('change', () => {
      const p = this.products.find((x) => x.id === product.value);
      if (p) dose.value = String(p.labelRate.min);
    });
    const create = async () => {
      const fieldIds = boxes.filter((b) => b.box.checked).map((b) => b.id);
      try {
        const job = await this.api.call('jobs.create', {
          farmer: farmer.value,
          ...(phone.value ? { farmerPhone: phone.value } : {}),
          fieldIds,
          crop: crop.value,
          cropStage: stage.value,
          target: target.value,
          ...(product.value && Number(dose.value) > 0
            ? { products: [{ productId: product.value, dosePerHa: Number(dose.value) }] }
            : {}),
          ...(Number(water.value) > 0 ? { waterLha: Number(water.value) } : {}),
          ...(date.value ? { plannedDate: date.value } : {}),
        });
        this.showNew = false;
        this.shell.notify(t('records.created', { farmer: job.farmer }));
        await this.reload();
        await this.openJob(job.id);
      } catch (e) {
        this.shell.error(t('common.error'), e);
      }
    };
    return h(
      'form',
      {
        class: 'card',
        'data-testid': 'new-job-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void create();
        },
      },
      h(
        'div',
        { class: 'grid2' },
        labelled(t('records.farmer'), farmer),
        labelled(t('records.phone'), phone),
      ),
      h(
        'div',
        {},
        h('strong', {}, t('records.plots')),
        h(
          'div',
          { class: 'check-list' },
          ...boxes.map((b) =>
            h('label', { class: 'check' }, b.box, this.state.fields.find((f) => f.id === b.id)?.name ?? b.id),
          ),
        ),
      ),
      h('div', { class: 'grid2' }, labelled(t('records.crop'), crop), labelled(t('records.stage'), stage)),
      labelled(t('records.target'), target),
      h(
        'div',
        { class: 'grid2' },
        labelled(t('records.product'), product),
        labelled(t('records.dose'), dose),
      ),
      h('div', { class: 'grid2' }, labelled(t('records.water'), water), labelled(t('records.date'), date)),
      h(
        'div',
        { class: 'row end' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'create-job' }, t('records.create')),
      ),
    );
  }

  private jobDetail(d: Detail): HTMLElement {
    const loc = numberLocale();
    const area = d.job.plots.reduce((s, p) => s + p.areaM2, 0);
    const card = h(
      'div',
      { class: 'card', 'data-testid': 'job-detail' },
      h('h3', {}, `${d.job.farmer}${d.job.farmerPhone ? ` · ${d.job.farmerPhone}` : ''}`),
      h('p', { class: 'muted small' }, `${d.job.id} · ${formatArea(area, this.state.settings.saoM2, loc)}`),
      h('p', {}, d.job.plots.map((p) => p.name ?? p.plotId).join(', ')),
      d.job.products.length
        ? h(
            'p',
            { class: 'small' },
            d.job.products.map((p) => `${p.name} ${p.dosePerHa} ${p.unit}/ha`).join(' + '),
          )
        : '',
      h('h3', {}, t('records.flights')),
    );
    if (!d.flights.length) card.append(h('p', { class: 'muted small' }, t('records.noFlights')));
    else
      card.append(
        h(
          'ul',
          { class: 'list', 'data-testid': 'flights-list' },
          ...d.flights.map((f) =>
            h(
              'li',
              { class: 'list-item' },
              h(
                'div',
                { class: 'item-title' },
                `${new Date(f.startedAt).toLocaleString(loc)} · ${f.vehicle}`,
              ),
              h(
                'div',
                { class: 'item-sub' },
                `${f.sortie ? `#${f.sortie} · ` : ''}${t('records.samples', { n: f.sampleCount ?? f.storedSamples ?? 0 })}${f.endedAt ? '' : ' · …'}`,
              ),
            ),
          ),
        ),
      );
    card.append(
      h(
        'div',
        { class: 'row wrap' },
        h(
          'button',
          { 'data-testid': 'show-applied', onclick: () => void this.showApplied(d.job.id) },
          t('records.showApplied'),
        ),
      ),
    );
    if (this.applied)
      card.append(
        h('p', { class: 'small', 'data-testid': 'applied-summary' }, this.applied),
        h('p', { class: 'muted small' }, t('records.legend')),
      );
    card.append(this.recordCard(d));
    const lang = currentLanguage();
    card.append(
      h('h3', {}, t('records.export')),
      h(
        'div',
        { class: 'row wrap' },
        ...(['pdf', 'csv', 'geojson'] as const).map((format) =>
          h(
            'button',
            {
              'data-testid': `report-${format}`,
              onclick: () => void this.exportReport(d.job.id, format, lang),
            },
            format.toUpperCase(),
          ),
        ),
      ),
    );
    return card;
  }

  private recordCard(d: Detail): HTMLElement {
    const card = h('div', { class: 'card', 'data-testid': 'record-card' }, h('h3', {}, t('records.record')));
    const r = this.record;
    if (!r) {
      card.append(
        h(
          'button',
          { class: 'primary', 'data-testid': 'open-record', onclick: () => void this.openRecord(d.job.id) },
          t('records.openRecord'),
        ),
      );
      return card;
    }
    if (r.record.status === 'closed') {
      card.append(
        h(
          'p',
          { class: 'ok', 'data-testid': 'record-closed' },
          t('records.closed', { hash: (r.record.recordHash ?? '').slice(0, 16) }),
        ),
      );
      return card;
    }
    const lang = currentLanguage();
    card.append(
      r.problems.length
        ? h(
            'div',
            { class: 'hint', 'data-testid': 'record-problems' },
            t('records.missing'),
            h(
              'ul',
              {},
              ...r.problems.map((p) =>
                h('li', {}, `${p.label[lang]}${p.problem === 'missing' ? '' : `: ${p.problem}`}`),
              ),
            ),
          )
        : h('p', { class: 'ok' }, t('records.complete')),
    );
    const data = r.record.data as Record<string, Record<string, unknown> | undefined>;
    const val = (o: string, k: string) => String((data[o] as Record<string, unknown> | undefined)?.[k] ?? '');
    const op = h('input', { value: val('operator', 'name'), 'data-testid': 'rec-operator' });
    const lic = h('input', { value: val('operator', 'licenceNo'), 'data-testid': 'rec-licence' });
    const model = h('input', { value: val('drone', 'model'), 'data-testid': 'rec-drone-model' });
    const reg = h('input', { value: val('drone', 'registrationNo'), 'data-testid': 'rec-drone-reg' });
    const wind = h('input', {
      type: 'number',
      step: 'any',
      value: val('weather', 'windSpeedMps'),
      'data-testid': 'rec-wind',
    });
    const dir = h('input', {
      type: 'number',
      step: 'any',
      value: val('weather', 'windDirDeg'),
      'data-testid': 'rec-wind-dir',
    });
    const temp = h('input', {
      type: 'number',
      step: 'any',
      value: val('weather', 'temperatureC'),
      'data-testid': 'rec-temp',
    });
    const hum = h('input', {
      type: 'number',
      step: 'any',
      value: val('weather', 'humidityPct'),
      'data-testid': 'rec-humidity',
    });
    const stage = h('input', {
      value: String((r.record.data as { cropStage?: string }).cropStage ?? ''),
      'data-testid': 'rec-stage',
    });
    const target = h('input', {
      value: String((r.record.data as { target?: string }).target ?? ''),
      'data-testid': 'rec-target',
    });
    const num = (el: HTMLInputElement) => (el.value.trim() === '' ? undefined : Number(el.value));
    const save = async () => {
      const weatherSource = (data.weather as { source?: string } | undefined)?.source ?? 'entered';
      const patch = {
        operator: { name: op.value.trim() || undefined, licenceNo: lic.value.trim() || undefined },
        drone: { model: model.value.trim() || undefined, registrationNo: reg.value.trim() || undefined },
        weather: {
          windSpeedMps: num(wind),
          windDirDeg: num(dir),
          temperatureC: num(temp),
          humidityPct: num(hum),
          source: weatherSource,
        },
        ...(stage.value.trim() ? { cropStage: stage.value.trim() } : {}),
        ...(target.value.trim() ? { target: target.value.trim() } : {}),
      };
      try {
        this.record = await this.api.call('records.update', {
          id: r.record.id,
          patch: JSON.parse(JSON.stringify(patch)),
        });
        this.rerender();
      } catch (e) {
        this.shell.error(t('common.error'), e);
      }
    };
    const close = async () => {
      if (!(await this.shell.confirm(t('records.confirmClose'), t('records.close')))) return;
      try {
        const closed = await this.api.call('records.close', { id: r.record.id });
        this.record = { record: closed, problems: [] };
        this.shell.notify(t('records.closed', { hash: (closed.recordHash ?? '').slice(0, 16) }));
        this.rerender();
      } catch (e) {
        this.shell.error(t('records.refused'), e);
      }
    };
    card.append(
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            void save();
          },
        },
        h(
          'div',
          { class: 'grid2' },
          labelled(t('records.stage'), stage),
          labelled(t('records.target'), target),
        ),
        h(
          'div',
          { class: 'grid2' },
          labelled(t('records.operator'), op),
          labelled(t('records.licence'), lic),
        ),
        h(
          'div',
          { class: 'grid2' },
          labelled(t('records.droneModel'), model),
          labelled(t('records.droneReg'), reg),
        ),
        h(
          'div',
          { class: 'grid2' },
          labelled(t('records.wind'), wind),
          labelled(t('records.windDir'), dir),
          labelled(t('records.temperature'), temp),
          labelled(t('records.humidity'), hum),
        ),
        h(
          'div',
          { class: 'row end' },
          h('button', { type: 'submit', 'data-testid': 'save-record' }, t('records.saveRecord')),
          h(
            'button',
            { type: 'button', class: 'primary', 'data-testid': 'close-record', onclick: () => void close() },
            t('records.close'),
          ),
        ),
      ),
    );
    return card;
  }

  private async openRecord(jobId: string): Promise<void> {
    try {
      this.record = await this.api.call('records.open', { jobId });
      this.rerender();
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private async showApplied(id: string): Promise<void> {
    try {
      const v = await this.api.call('asApplied.view', { id });
      this.layer.fit(this.layer.show(v.geojson));
      const s = v.summary;
      const loc = numberLocale();
      const pct = (x?: number) =>
        x === undefined ? '–' : `${(x * 100).toLocaleString(loc, { maximumFractionDigits: 1 })} %`;
      const m2 = (x: number) => `${Math.round(x).toLocaleString(loc)} m²`;
      const litres = (x?: number) =>
        x === undefined ? '–' : `${x.toLocaleString(loc, { maximumFractionDigits: 2 })} L`;
      this.applied = s
        ? `${t('records.applied', { sprayed: m2(s.sprayedM2), coverage: pct(s.coverage), double: m2(s.doubleSprayedM2), outside: m2(s.outsideM2) })} · ${t('records.liquid', { applied: litres(s.liquidL), planned: litres(s.plannedRouteLiquidL ?? s.plannedLiquidL) })}`
        : v.notes.join(' · ');
      this.rerender();
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private async exportReport(
    id: string,
    format: 'pdf' | 'csv' | 'geojson',
    lang: 'vi' | 'en',
  ): Promise<void> {
    try {
      const r = await this.api.call('report.export', { id, format, lang });
      const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0));
      download(r.fileName, new Blob([bytes], { type: r.mime }), r.mime);
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private async verify(): Promise<void> {
    try {
      const r = await this.api.call('audit.verify', {});
      if (r.ok) this.shell.notify(t('records.auditOk', { n: r.count }));
      else
        this.shell.notify(
          t('records.auditBroken', { seq: r.broken?.seq ?? '?', problem: r.broken?.problem ?? '' }),
          { kind: 'error' },
        );
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }
}
