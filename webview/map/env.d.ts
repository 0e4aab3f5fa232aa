/** Ambient declarations for the map webview bundle. */

declare module '*.css' {
  const text: string;
  export default text;
}

/** The API VS Code injects into every webview; callable once. */
declare function acquireVsCodeApi<State = unknown>(): {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
};

/** Lit reads this nonce for the <style> elements it creates where constructable stylesheets are unsupported. */
// eslint-disable-next-line no-var
declare var litNonce: string | undefined;
