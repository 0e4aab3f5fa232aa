/**
 * Colours from the active theme. Family colours are the extension's contributed theme colours
 * (`topicLens.topic1…8`, so the tree's icons match and themes can override them); canvas drawing needs concrete
 * values, so the CSS variables are read again whenever the theme changes.
 */
import type { Palette } from '../shared/palette';

/** Okabe & Ito's colour-blind-safe set, for a theme that does not define the variables. */
const FALLBACK_FAMILIES = ['#56B4E9', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#0072B2', '#F0E442', '#882255'];

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  return {
    families: FALLBACK_FAMILIES.map((fallback, i) => cssVariable(style, `--vscode-topicLens-topic${i + 1}`, fallback)),
    grey: cssVariable(style, '--vscode-descriptionForeground', '#888888'),
    foreground: cssVariable(style, '--vscode-foreground', '#cccccc'),
    background: cssVariable(style, '--vscode-editor-background', '#1e1e1e'),
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Calls `onChange` when VS Code switches theme (it changes the body class and the variables on <html>). */
export function watchTheme(onChange: () => void): void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
