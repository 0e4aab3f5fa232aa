/**
 * The documents a lasso selected, listed under the map with what can be done with them: copy their paths, open them
 * (where the host can), clear. File names and headings are inserted as text.
 */
import type { MapPoint } from '../../src/core/report/mapData';

/** Rows listed; the count and the actions cover every selected document. */
const LISTED = 200;

export interface SelectionActions {
  copyPaths(points: readonly number[]): void;
  /** Absent where there is no editor to open files in (the standalone map). */
  open?(points: readonly number[]): void;
  clear(): void;
  /** Hovering or focusing a row. */
  openOne?(point: number): void;
}

export class SelectionPanel {
  readonly element: HTMLElement;

  constructor(private readonly actions: SelectionActions) {
    this.element = document.createElement('div');
    this.element.className = 'selection-panel';
    this.element.hidden = true;
    // The panel lies on the map: its clicks, drags and scrolling are not the map's (no lasso, no pan, no zoom).
    for (const type of ['pointerdown', 'mousedown', 'click', 'dblclick', 'wheel']) this.element.addEventListener(type, (event) => event.stopPropagation());
  }

  show(points: readonly number[], all: readonly MapPoint[]): void {
    this.element.hidden = points.length === 0;
    if (points.length === 0) {
      this.element.replaceChildren();
      return;
    }
    const header = document.createElement('div');
    header.className = 'selection-header';
    const count = document.createElement('span');
    count.className = 'selection-count';
    const files = new Set(points.map((p) => all[p].path)).size;
    count.textContent = `${points.length} document${points.length === 1 ? '' : 's'} selected in ${files} file${files === 1 ? '' : 's'}`;
    header.append(
      count,
      this.button('Copy Paths', 'Copy the paths of the selected documents', () => this.actions.copyPaths(points)),
    );
    if (this.actions.open) {
      const open = this.actions.open;
      header.append(this.button('Open', 'Open the selected documents', () => open(points)));
    }
    header.append(this.button('Clear', 'Clear the selection (Escape)', () => this.actions.clear()));
    const list = document.createElement('ol');
    list.className = 'selection-list';
    for (const p of points.slice(0, LISTED)) {
      const item = document.createElement('li');
      const point = all[p];
      item.textContent = point.heading ? `${point.path} › ${point.heading}` : point.path;
      item.title = point.snippet;
      if (this.actions.openOne) {
        const openOne = this.actions.openOne;
        item.classList.add('openable');
        item.tabIndex = 0;
        item.addEventListener('click', () => openOne(p));
        item.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') openOne(p);
        });
      }
      list.append(item);
    }
    if (points.length > LISTED) {
      const more = document.createElement('li');
      more.className = 'selection-more';
      more.textContent = `… and ${points.length - LISTED} more`;
      list.append(more);
    }
    this.element.replaceChildren(header, list);
  }

  private button(label: string, title: string, onClick: () => void): HTMLButtonElement {
    const button = document.createElement('button');
    button.className = 'selection-action';
    button.textContent = label;
    button.title = title;
    button.addEventListener('click', onClick);
    return button;
  }
}
