/**
 * Colours from the active theme. Topic colours are the extension's contributed theme colours
 * (`topicLens.topic1…20`, so the tree's icons match and themes can override them); canvas drawing needs
 * concrete values, so the CSS variables are read again whenever the theme changes.
 */
import { schemeTableau10 } from 'd3';
import type { Palette } from '../shared/palette';

const TOPIC_COLORS = 20;

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const topics = Array.from({ length: TOPIC_COLORS }, (_, i) =>
    cssVariable(style, `--vscode-topicLens-topic${i + 1}`, schemeTableau10[i % schemeTableau10.length]),
  );
  return {
    topics,
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
