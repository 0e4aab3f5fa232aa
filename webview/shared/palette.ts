/** The colours the map draws with; the webview reads them from the VS Code theme, the standalone page fixes them. */
export interface Palette {
  /** By `MapTopic.colorIndex`. */
  readonly topics: readonly string[];
  /** Outliers and topics beyond the top N. */
  readonly grey: string;
  readonly foreground: string;
  readonly background: string;
  readonly highContrast: boolean;
}
