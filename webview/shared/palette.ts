/** The colours the map draws with; the webview reads them from the VS Code theme, the standalone page fixes them. */
export interface Palette {
  /** One colour per family (`MapTopic.colorIndex`, `MapGroup.colorIndex`); topics are shades of their family. */
  readonly families: readonly string[];
  /** Outliers. */
  readonly grey: string;
  readonly foreground: string;
  readonly background: string;
  readonly highContrast: boolean;
}
