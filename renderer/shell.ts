import { ApiCallError } from './api-client.js';
import { clear, h } from './dom.js';
import { t } from './i18n/index.js';

export interface Tab {
  id: string;
  titleKey: string;
  /** Builds the panel's content (called again when the language changes). */
  render(container: HTMLElement): void;
  /** Called when the tab is shown. */
  activate?(): void;
  deactivate?(): void;
}

/** The window's frame: header, tabbed side panel, map area and notices. */
export class Shell {
  readonly root: HTMLElement;
  readonly mapEl: HTMLElement;
  readonly statusEl: HTMLElement;
  private readonly tabsEl: HTMLElement;
  private readonly panelEl: HTMLElement;
  private readonly toastEl: HTMLElement;
  private readonly headerTitle: HTMLElement;
  readonly headerRight: HTMLElement;
  private tabs: Tab[] = [];
  private active?: Tab;

  constructor(mount: HTMLElement) {
    this.headerTitle = h('h1', { class: 'app-title' });
    this.headerRight = h('div', { class: 'header-right' });
    this.statusEl = h('div', { class: 'status-bar', 'data-testid': 'status-bar' });
    this.tabsEl = h('nav', { class: 'tabs', role: 'tablist' });
    this.panelEl = h('section', { class: 'panel', 'data-testid': 'panel' });
    this.mapEl = h('div', { class: 'map', id: 'map', 'data-testid': 'map' });
    this.toastEl = h('div', { class: 'toasts', 'aria-live': 'polite', 'data-testid': 'toasts' });
    this.root = h(
      'div',
      { class: 'shell' },
      h('header', { class: 'header' }, this.headerTitle, this.statusEl, this.headerRight),
      h('aside', { class: 'side' }, this.tabsEl, this.panelEl),
      h('main', { class: 'main' }, this.mapEl),
      this.toastEl,
    );
    mount.append(this.root);
  }

  addTab(tab: Tab): void {
    this.tabs.push(tab);
  }

  show(id: string): void {
    const tab = this.tabs.find((x) => x.id === id);
    if (!tab) return;
    if (this.active && this.active !== tab) this.active.deactivate?.();
    this.active = tab;
    this.renderChrome();
    clear(this.panelEl);
    tab.render(this.panelEl);
    tab.activate?.();
  }

  get activeTab(): string | undefined {
    return this.active?.id;
  }

  /** Re-renders texts after a language change. */
  refresh(): void {
    this.renderChrome();
    if (this.active) {
      clear(this.panelEl);
      this.active.render(this.panelEl);
    }
  }

  private renderChrome(): void {
    this.headerTitle.textContent = t('app.title');
    document.title = t('app.title');
    clear(this.tabsEl);
    for (const tab of this.tabs) {
      this.tabsEl.append(
        h(
          'button',
          {
            class: `tab${tab === this.active ? ' active' : ''}`,
            role: 'tab',
            'aria-selected': tab === this.active ? 'true' : 'false',
            'data-testid': `tab-${tab.id}`,
            onclick: () => this.show(tab.id),
          },
          t(tab.titleKey),
        ),
      );
    }
  }

  /** A short notice; with an action button (e.g. Undo) it stays 8 s. */
  notify(
    message: string,
    opts: {
      kind?: 'info' | 'error' | 'warn';
      action?: { label: string; run: () => void };
      details?: string[];
    } = {},
  ): void {
    const kind = opts.kind ?? 'info';
    const box = h(
      'div',
      { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': `toast-${kind}` },
      h('div', { class: 'toast-text' }, message),
      opts.details?.length
        ? h('ul', { class: 'toast-details' }, ...opts.details.map((d) => h('li', {}, d)))
        : null,
    );
    const close = () => box.remove();
    if (opts.action) {
      const action = opts.action;
      box.append(
        h(
          'button',
          {
            class: 'toast-action',
            onclick: () => {
              close();
              action.run();
            },
          },
          action.label,
        ),
      );
    }
    box.append(h('button', { class: 'toast-close', 'aria-label': t('common.close'), onclick: close }, '×'));
    this.toastEl.append(box);
    const ms = kind === 'error' ? 30_000 : opts.action ? 8000 : 4000;
    setTimeout(close, ms);
  }

  /** Shows an API error with every issue and where it is. */
  error(title: string, e: unknown): void {
    if (e instanceof ApiCallError) {
      const details = e.body.issues?.map((i) => `${i.where}: ${i.message}`) ?? [];
      this.notify(`${title}: ${details.length ? '' : e.body.message}`.replace(/: $/, ''), {
        kind: 'error',
        details,
      });
    } else {
      this.notify(`${title}: ${(e as Error)?.message ?? String(e)}`, { kind: 'error' });
    }
  }

  /** A modal yes/no question; resolves true on confirm. */
  confirm(question: string, confirmLabel = t('common.confirm')): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        overlay.remove();
        resolve(v);
      };
      const overlay = h(
        'div',
        { class: 'modal-overlay', 'data-testid': 'confirm' },
        h(
          'div',
          { class: 'modal', role: 'dialog', 'aria-modal': 'true' },
          h('p', {}, question),
          h(
            'div',
            { class: 'row end' },
            h('button', { onclick: () => done(false) }, t('common.cancel')),
            h(
              'button',
              { class: 'primary', 'data-testid': 'confirm-yes', onclick: () => done(true) },
              confirmLabel,
            ),
          ),
        ),
      );
      document.body.append(overlay);
    });
  }
}
