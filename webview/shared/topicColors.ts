/**
 * The concrete colour of a topic: its group's family colour, made lighter or darker by its shade. Shades move the
 * CIE lightness only (hue and chroma stay, so a family stays recognisable to colour-blind eyes too), and stay in a
 * band that keeps contrast with the theme's background.
 */
import { hcl, type HCLColor } from 'd3';
import type { MapTopic } from '../../src/core/report/mapData';
import type { Palette } from './palette';

/** How far a shade of ±1 moves the lightness (CIE L*, 0–100). */
const SHADE_RANGE = 22;

/** A background lighter than this (L*) is a light theme. */
const LIGHT_BACKGROUND = 50;

export function familyColor(palette: Palette, family: number): string {
  return family >= 0 ? palette.families[family % palette.families.length] : palette.grey;
}

export function shadeOf(palette: Palette, family: number, shade: number): string {
  const base = familyColor(palette, family);
  if (family < 0 || shade === 0) return base;
  const color: HCLColor = hcl(base);
  if (Number.isNaN(color.l)) return base;
  const light = (hcl(palette.background).l || 0) > LIGHT_BACKGROUND;
  // On a light background points must not fade into it; on a dark one, not sink into it.
  const [low, high] = light ? [22, 72] : [42, 90];
  color.l = Math.min(high, Math.max(low, color.l + shade * SHADE_RANGE));
  return color.formatHex();
}

export function topicColor(palette: Palette, topic: Pick<MapTopic, 'colorIndex' | 'shade'>): string {
  return shadeOf(palette, topic.colorIndex, topic.shade);
}
