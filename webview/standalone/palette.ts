/** The standalone map.html's colours: a file opened from disk has no theme to follow, so they are fixed. */
import { schemeTableau10 } from 'd3';
import type { Palette } from '../shared/palette';

/** 20 topic colours, as many as the webview's theme colours. */
export const STANDALONE_PALETTE: Palette = {
  topics: [...schemeTableau10, '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#1f78b4', '#b2df8a'],
  grey: '#c8c8c8',
  foreground: '#222222',
  background: '#ffffff',
  highContrast: false,
};
