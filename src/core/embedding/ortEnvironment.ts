/**
 * Imported before onnxruntime-node, as transformers.js does before loading it: the native binding reads this when
 * it loads, and then sends no telemetry events (Windows).
 */
process.env.ORT_DISABLE_TELEMETRY = '1';
