/**
 * Sections read in their page's context. A section of a documentation page is about its own subject and about
 * the page's: embedded alone, a short section ("Installation", "Options") lands nearer to like-named sections of
 * other pages than to its own page, and a page's sections scatter over many topics. Blending each section's
 * direction with its file's mean direction keeps what tells sections apart and adds what ties a page together.
 * Documents that are alone in their file (whole files, JSONL lines) are left exactly as they are.
 */
import type { Matrix } from '../matrix';

/**
 * Each row r becomes ‖x_r‖ · unit((1 − weight) · x̂_r + weight · m̂_f), where x̂ is a row's direction and m̂_f the
 * mean direction of the rows of r's file (`fileOf[r]`). Zero rows stay zero and count in no mean. Returns
 * `embeddings` itself when weight is 0 or no file has two rows.
 */
export function withFileContext(embeddings: Matrix, fileOf: ArrayLike<string>, weight: number): Matrix {
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`The file context weight must be from 0 to 1, got ${weight}.`);
  const { rows, cols, data } = embeddings;
  if (fileOf.length !== rows) throw new RangeError(`${rows} rows need ${rows} file names, got ${fileOf.length}.`);
  if (weight === 0) return embeddings;
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let squares = 0;
    for (let j = r * cols; j < (r + 1) * cols; j++) squares += data[j] * data[j];
    norms[r] = Math.sqrt(squares);
  }
  const rowsOfFile = new Map<string, number[]>();
  for (let r = 0; r < rows; r++) {
    if (norms[r] === 0) continue;
    const list = rowsOfFile.get(fileOf[r]);
    if (list) list.push(r);
    else rowsOfFile.set(fileOf[r], [r]);
  }
  if ([...rowsOfFile.values()].every((list) => list.length < 2)) return embeddings;
  const out = Float32Array.from(data);
  const mean = new Float64Array(cols);
  const blended = new Float64Array(cols);
  for (const list of rowsOfFile.values()) {
    if (list.length < 2) continue;
    mean.fill(0);
    for (const r of list) for (let j = 0; j < cols; j++) mean[j] += data[r * cols + j] / norms[r];
    let meanSquares = 0;
    for (let j = 0; j < cols; j++) meanSquares += mean[j] * mean[j];
    const meanNorm = Math.sqrt(meanSquares);
    // Directions that cancel out give the page no direction of its own: its sections stay as they are.
    if (meanNorm === 0) continue;
    for (const r of list) {
      let squares = 0;
      for (let j = 0; j < cols; j++) {
        blended[j] = ((1 - weight) * data[r * cols + j]) / norms[r] + (weight * mean[j]) / meanNorm;
        squares += blended[j] * blended[j];
      }
      // Opposite directions at weight ½ cancel: such a row keeps its own direction.
      if (squares === 0) continue;
      const scale = norms[r] / Math.sqrt(squares);
      for (let j = 0; j < cols; j++) out[r * cols + j] = blended[j] * scale;
    }
  }
  return { rows, cols, data: out };
}
