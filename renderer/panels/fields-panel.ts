import { booleanPointInPolygon } from '@turf/turf';
import L from 'leaflet';
import type { FieldDto } from '../../electron/api/fields-api.js';
import { formatArea } from '../../mission/units/area.js';
import type { ApiClient } from '../api-client.js';
import { clear, h } from '../dom.js';
import { numberLocale, t } from '../i18n/index.js';
import type { FieldsLayer } from '../map/fields-layer.js';
import type { MapView } from '../map/map-view.js';
import type { Shell, Tab } from '../shell.js';
import type { AppState } from '../state.js';

type Mode =
  | { kind: 'idle' }
  | { kind: 'drawing' }
  | { kind: 'new'; layer: L.Polygon }
  | { kind: 'editing'; layer: L.Polygon; id: string }
  | { kind: 'cutting'; id: string };

/** Fields tab: list with areas (ha, sào, m²), draw/edit/delete with undo, holes, import and export. */
export class FieldsPanel implements Tab {
  readonly id = 'fields';
  readonly titleKey = 'tab.fields';
  private mode: Mode = { kind: 'idle' };
  private container?: HTMLElement;

  constructor(
    private readonly api: ApiClient,
    private readonly state: AppState,
    private readonly shell: Shell,
    private readonly mapView: MapView,
    private readonly fieldsLayer: FieldsLayer,
  ) {
    state.on('fields', () => this.rerender());
    state.on('selection', () => this.rerender());
    state.on('settings', () => this.rerender());
    mapView.map.on('pm:create', (e) => this.onCreated((e as unknown as { layer: L.Polygon }).layer));
  }

  private rerender(): void {
    if (this.container && this.shell.activeTab === this.id) {
      clear(this.container);
      this.render(this.container);
    }
  }

  private area(m2: number): string {
    return formatArea(m2, this.state.settings.saoM2, numberLocale());
  }

  render(container: HTMLElement): void {
    this.container = container;
    const fileInput = h('input', {
      type: 'file',
      accept: '.geojson,.json,.kml,application/geo+json,application/vnd.google-earth.kml+xml',
      class: 'hidden',
      'data-testid': 'import-input',
      onchange: (ev: Event) => void this.importFile(ev.target as HTMLInputElement),
    });
    container.append(
      h('h2', {}, t('fields.title')),
      h(
        'div',
        { class: 'row wrap' },
        h(
          'button',
          { class: 'primary', 'data-testid': 'draw-field', onclick: () => this.startDraw() },
          t('fields.draw'),
        ),
        h('button', { 'data-testid': 'import-button', onclick: () => fileInput.click() }, t('fields.import')),
        h(
          'button',
          {
            'data-testid': 'export-button',
            onclick: () => void this.exportAll(),
            disabled: this.state.fields.length === 0,
          },
          t('fields.export'),
        ),
        fileInput,
      ),
    );
    if (this.mode.kind === 'drawing')
      container.append(h('p', { class: 'hint', 'data-testid': 'draw-hint' }, t('fields.drawHint')));
    if (this.mode.kind === 'cutting') container.append(h('p', { class: 'hint' }, t('fields.cutHint')));
    if (this.mode.kind === 'new') container.append(this.newFieldForm(this.mode.layer));

    const sel = this.state.selected;
    if (sel && this.mode.kind !== 'new') container.append(this.detailForm(sel));

    if (this.state.fields.length === 0) {
      container.append(
        h('p', { class: 'muted', 'data-testid': 'fields-empty' }, t('fields.empty')),
        h('button', { 'data-testid': 'load-demo', onclick: () => void this.loadDemo() }, t('fields.demo')),
      );
      return;
    }
    const total = this.state.fields.reduce((s, f) => s + f.areaM2, 0);
    container.append(
      h(
        'p',
        { class: 'muted', 'data-testid': 'fields-total' },
        t('fields.total', { n: this.state.fields.length, area: this.area(total) }),
      ),
      h(
        'ul',
        { class: 'list', 'data-testid': 'fields-list' },
        ...this.state.fields.map((f) =>
          h(
            'li',
            {
              class: `list-item${f.id === this.state.selectedId ? ' selected' : ''}`,
              'data-testid': 'field-row',
              'data-field-id': f.id,
              onclick: () => this.selectAndZoom(f.id),
            },
            h(
              'div',
              { class: 'item-title' },
              f.name,
              f.owner ? h('span', { class: 'muted' }, ` · ${f.owner}`) : null,
            ),
            h('div', { class: 'item-sub', 'data-testid': 'field-area' }, this.area(f.areaM2)),
          ),
        ),
      ),
    );
  }

  private selectAndZoom(id: string): void {
    this.state.select(id);
    const layer = this.fieldsLayer.layerOf(id);
    if (layer) this.mapView.fitTo(layer.getBounds(), 20);
  }

  private startDraw(): void {
    this.cancelMode();
    this.mode = { kind: 'drawing' };
    this.mapView.map.pm.enableDraw('Polygon', {
      snappable: true,
      allowSelfIntersection: false,
    } as L.PM.DrawModeOptions);
    this.rerender();
  }

  private onCreated(layer: L.Polygon): void {
    if (this.mode.kind === 'drawing') {
      this.mode = { kind: 'new', layer };
      this.mapView.map.pm.disableDraw();
      this.shell.show(this.id);
    } else if (this.mode.kind === 'cutting') {
      const id = this.mode.id;
      this.mapView.map.pm.disableDraw();
      this.mode = { kind: 'idle' };
      void this.addHole(id, layer);
    } else {
      // drawn by another panel: not ours
    }
  }

  private newFieldForm(layer: L.Polygon): HTMLElement {
    const n = this.state.fields.length + 1;
    const name = h('input', {
      name: 'name',
      value: `Thửa ${n}`,
      'data-testid': 'field-name',
      required: true,
      maxlength: 120,
    });
    const owner = h('input', { name: 'owner', 'data-testid': 'field-owner', maxlength: 120 });
    const crop = h('input', { name: 'crop', value: 'lúa', maxlength: 60 });
    const save = async () => {
      const geometry = (layer.toGeoJSON() as GeoJSON.Feature<GeoJSON.Polygon>).geometry;
      try {
        const f = await this.api.call('fields.create', {
          name: name.value,
          owner: owner.value,
          crop: crop.value,
          geometry,
        });
        layer.remove();
        this.mode = { kind: 'idle' };
        this.shell.notify(t('fields.saved', { name: f.name }));
        this.state.select(f.id);
      } catch (e) {
        this.shell.error(t('fields.refused'), e);
      }
    };
    return h(
      'form',
      {
        class: 'card',
        'data-testid': 'new-field-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void save();
        },
      },
      h('h3', {}, t('fields.new')),
      labelled(t('fields.name'), name),
      labelled(t('fields.owner'), owner),
      labelled(t('fields.crop'), crop),
      h(
        'div',
        { class: 'row end' },
        h('button', { type: 'button', onclick: () => this.cancelMode() }, t('common.cancel')),
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'save-field' }, t('common.save')),
      ),
    );
  }

  private detailForm(f: FieldDto): HTMLElement {
    const name = h('input', { name: 'name', value: f.name, 'data-testid': 'edit-name', maxlength: 120 });
    const owner = h('input', { name: 'owner', value: f.owner, maxlength: 120 });
    const crop = h('input', { name: 'crop', value: f.crop, maxlength: 60 });
    const editing = this.mode.kind === 'editing' && this.mode.id === f.id;
    const save = async () => {
      try {
        await this.api.call('fields.update', {
          id: f.id,
          name: name.value,
          owner: owner.value,
          crop: crop.value,
        });
        this.shell.notify(t('fields.saved', { name: name.value }));
      } catch (e) {
        this.shell.error(t('fields.refused'), e);
      }
    };
    return h(
      'form',
      {
        class: 'card',
        'data-testid': 'field-detail',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void save();
        },
      },
      h('h3', {}, f.name),
      h('p', { class: 'muted' }, `${t('fields.area')}: ${this.area(f.areaM2)}`),
      labelled(t('fields.name'), name),
      labelled(t('fields.owner'), owner),
      labelled(t('fields.crop'), crop),
      h(
        'div',
        { class: 'row wrap' },
        h('button', { type: 'submit', class: 'primary' }, t('common.save')),
        editing
          ? h(
              'button',
              {
                type: 'button',
                class: 'primary',
                'data-testid': 'save-shape',
                onclick: () => void this.saveShape(),
              },
              t('fields.saveShape'),
            )
          : h(
              'button',
              { type: 'button', 'data-testid': 'edit-shape', onclick: () => this.editShape(f) },
              t('fields.editShape'),
            ),
        h('button', { type: 'button', onclick: () => this.startCut(f.id) }, t('fields.cutHole')),
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            'data-testid': 'delete-field',
            onclick: () => void this.remove(f),
          },
          t('common.delete'),
        ),
      ),
    );
  }

  private editShape(f: FieldDto): void {
    this.cancelMode();
    const coords = f.geometry.coordinates.map((poly) =>
      poly.map((ring) => ring.slice(0, -1).map(([lon, lat]) => L.latLng(lat!, lon!))),
    );
    const layer = L.polygon(coords as L.LatLng[][][], { color: '#f57c00' }).addTo(this.mapView.map);
    layer.pm.enable({ allowSelfIntersection: false, snappable: true } as L.PM.EditModeOptions);
    this.fieldsLayer.layerOf(f.id)?.setStyle({ opacity: 0.2, fillOpacity: 0.05 });
    this.mode = { kind: 'editing', layer, id: f.id };
    this.rerender();
  }

  private async saveShape(): Promise<void> {
    if (this.mode.kind !== 'editing') return;
    const { layer, id } = this.mode;
    const geometry = (layer.toGeoJSON() as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>).geometry;
    try {
      await this.api.call('fields.update', { id, geometry });
      this.cancelMode();
      this.shell.notify(t('fields.saved', { name: this.state.fields.find((x) => x.id === id)?.name ?? '' }));
    } catch (e) {
      this.shell.error(t('fields.refused'), e);
    }
  }

  private startCut(id: string): void {
    this.cancelMode();
    this.mode = { kind: 'cutting', id };
    this.mapView.map.pm.enableDraw('Polygon', {
      snappable: true,
      allowSelfIntersection: false,
    } as L.PM.DrawModeOptions);
    this.rerender();
  }

  private async addHole(id: string, layer: L.Polygon): Promise<void> {
    const f = this.state.fields.find((x) => x.id === id);
    layer.remove();
    if (!f) return;
    const ring = (layer.toGeoJSON() as GeoJSON.Feature<GeoJSON.Polygon>).geometry.coordinates[0]!;
    const polys = f.geometry.coordinates.map((p) => p.map((r) => r.slice()));
    const target = polys.findIndex((p) =>
      booleanPointInPolygon(ring[0]!, { type: 'Polygon', coordinates: [p[0]!] }),
    );
    polys[Math.max(target, 0)]!.push(ring);
    try {
      await this.api.call('fields.update', { id, geometry: { type: 'MultiPolygon', coordinates: polys } });
      this.shell.notify(t('fields.saved', { name: f.name }));
    } catch (e) {
      this.shell.error(t('fields.refused'), e);
    }
    this.rerender();
  }

  private cancelMode(): void {
    const m = this.mode;
    if (m.kind === 'new' || m.kind === 'editing') m.layer.remove();
    if (m.kind === 'drawing' || m.kind === 'cutting') this.mapView.map.pm.disableDraw();
    this.mode = { kind: 'idle' };
    this.fieldsLayer.redraw();
    this.rerender();
  }

  private async remove(f: FieldDto): Promise<void> {
    try {
      const { deleted } = await this.api.call('fields.delete', { id: f.id });
      this.shell.notify(t('fields.deleted', { name: f.name }), {
        action: {
          label: t('common.undo'),
          run: () =>
            void this.api
              .call('fields.create', {
                id: deleted.id,
                name: deleted.name,
                owner: deleted.owner,
                crop: deleted.crop,
                geometry: deleted.geometry,
              })
              .catch((e) => this.shell.error(t('common.error'), e)),
        },
      });
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const content = await file.text();
      const r = await this.api.call('fields.import', { fileName: file.name, content });
      this.shell.notify(t('fields.imported', { n: r.created.length, file: file.name }), {
        details: r.skipped.length ? [t('fields.importSkipped', { list: r.skipped.join(', ') })] : undefined,
      });
      this.mapView.fitTo(this.fieldsLayer.bounds());
    } catch (e) {
      this.shell.error(t('fields.importFailed', { file: file.name }), e);
    }
  }

  private async exportAll(): Promise<void> {
    try {
      const r = await this.api.call('fields.export', {});
      download(r.fileName, JSON.stringify(r.geojson, null, 1), 'application/geo+json');
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }

  private async loadDemo(): Promise<void> {
    try {
      const r = await this.api.call('demo.load', {});
      this.shell.notify(t('fields.demoLoaded', { n: r.created }));
      setTimeout(() => this.mapView.fitTo(this.fieldsLayer.bounds()), 50);
    } catch (e) {
      this.shell.error(t('common.error'), e);
    }
  }
}

export function labelled(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function download(fileName: string, content: string | Blob, type: string): void {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
