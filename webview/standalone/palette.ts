/** The standalone map.html's colours: a file opened from disk has no theme to follow, so they are fixed. */
import type { Palette } from '../shared/palette';

/** Okabe & Ito's colour-blind-safe families (the webview's theme colours default to them too), on white. */
export const STANDALONE_PALETTE: Palette = {
  families: ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#A68F00', '#882255'],
  grey: '#b4b4b4',
  foreground: '#222222',
  background: '#ffffff',
  highContrast: false,
};
