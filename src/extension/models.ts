/**
 * Which embedding model a run uses. The bundled model always works offline; BERTopic's MiniLM is offered once
 * (remembered in globalState) and downloaded into the extension's global storage with its own progress.
 * An embedding server (OpenAI-compatible `/embeddings`) can stand in for the local model; its API key lives in
 * SecretStorage, never in settings. In Restricted Mode nothing is downloaded, no workspace-chosen model path is
 * loaded and no embedding server is used.
 */
import * as vscode from 'vscode';
import type { EmbeddingOptions } from '../core/embedding/options';
import { BUNDLED_MODEL } from '../core/embedding/bundledModel';
import { MINILM_MODEL, type TopicLensSettings } from './config';
import { runInWorker, type WorkerLaunch } from './workerHost';

const OFFER_SHOWN_KEY = 'topicLens.modelOfferShown';
/** The SecretStorage entry of the embedding server's API key. */
export const SERVER_KEY_SECRET = 'topicLens.embeddingServer.apiKey';

export interface ModelChoice {
  readonly embedding: EmbeddingOptions;
  /** Why the configured model or server is not used, to tell the user. */
  readonly note?: string;
}

/** "the model "X"" or "the embedding server URL (model "X")", for messages and the log (never the key). */
export function describeEmbedding(embedding: EmbeddingOptions): string {
  return embedding.backend === 'server' ? `the embedding server ${embedding.baseUrl} (model "${embedding.model}")` : `the model "${embedding.model}"`;
}

export function isBundled(embedding: EmbeddingOptions): boolean {
  return embedding.backend === 'local' && embedding.model === BUNDLED_MODEL;
}

export class ModelManager {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly worker: () => WorkerLaunch,
  ) {}

  get modelCacheDir(): string {
    return vscode.Uri.joinPath(this.context.globalStorageUri, 'models').fsPath;
  }

  get embeddingCacheDir(): string {
    return vscode.Uri.joinPath(this.context.globalStorageUri, 'embeddings').fsPath;
  }

  /**
   * The embedding options for a run with these settings, in the current trust state. `model` forces a local
   * model (the bundled one, when the configured model or server failed).
   */
  async choose(settings: TopicLensSettings, model?: string): Promise<ModelChoice> {
    const base = { embeddingCacheDir: this.embeddingCacheDir };
    if (model === undefined && settings.embeddingBackend === 'server') {
      const { url, model: serverModel } = settings.embeddingServer;
      const local = this.chooseLocal(settings, settings.model);
      if (!vscode.workspace.isTrusted) {
        return { ...local, note: `Restricted Mode: the embedding server is not used; embedding with ${describeEmbedding(local.embedding)} instead.` };
      }
      if (url === '' || serverModel === '') {
        const missing = url === '' ? 'topicLens.embeddingServer.url' : 'topicLens.embeddingServer.model';
        return { ...local, note: `${missing} is not set, so the embedding server is not used; embedding with ${describeEmbedding(local.embedding)} instead.` };
      }
      const apiKey = await this.serverKey();
      return { embedding: { ...base, backend: 'server', baseUrl: url, model: serverModel, ...(apiKey ? { apiKey } : {}) } };
    }
    return this.chooseLocal(settings, model ?? settings.model);
  }

  private chooseLocal(settings: TopicLensSettings, model: string): ModelChoice {
    const base = { backend: 'local' as const, modelCacheDir: this.modelCacheDir, embeddingCacheDir: this.embeddingCacheDir };
    if (model === BUNDLED_MODEL) return { embedding: { ...base, model, allowRemoteModels: false } };
    if (!vscode.workspace.isTrusted) {
      // A model path could point anywhere; a hub id may only come from the cache, never the network.
      if (looksLikePath(model)) {
        return {
          embedding: { ...base, model: BUNDLED_MODEL, allowRemoteModels: false },
          note: `Restricted Mode: the model folder "${model}" is not loaded; using the bundled model.`,
        };
      }
      return { embedding: { ...base, model, allowRemoteModels: false } };
    }
    return { embedding: { ...base, model, allowRemoteModels: settings.allowRemoteModels } };
  }

  /** The embedding server's API key from SecretStorage, if one was set. */
  async serverKey(): Promise<string | undefined> {
    return (await this.context.secrets.get(SERVER_KEY_SECRET)) || undefined;
  }

  async setServerKey(key: string): Promise<void> {
    await this.context.secrets.store(SERVER_KEY_SECRET, key);
  }

  async clearServerKey(): Promise<void> {
    await this.context.secrets.delete(SERVER_KEY_SECRET);
  }

  /**
   * After a run with the bundled model, offers BERTopic's default model once. Never awaited by the run:
   * the answer only changes the setting (which then asks to re-run).
   */
  offerBetterModel(settings: TopicLensSettings): void {
    if (settings.embeddingBackend !== 'local' || settings.model !== BUNDLED_MODEL || !settings.allowRemoteModels || !vscode.workspace.isTrusted) return;
    if (this.context.globalState.get<boolean>(OFFER_SHOWN_KEY)) return;
    void this.context.globalState.update(OFFER_SHOWN_KEY, true);
    const download = 'Download (~23 MB)';
    void vscode.window
      .showInformationMessage(
        "Topic Lens used its small bundled model. Download BERTopic's default model, all-MiniLM-L6-v2, for better topics?",
        download,
        'Not Now',
      )
      .then(async (answer) => {
        if (answer !== download) return;
        if (await this.download(MINILM_MODEL)) {
          await vscode.workspace.getConfiguration('topicLens').update('model', MINILM_MODEL, vscode.ConfigurationTarget.Global);
        }
      });
  }

  /** Downloads a hub model into global storage; true when it is ready for offline use. */
  async download(model: string): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Topic Lens does not download models in Restricted Mode.');
      return false;
    }
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${model}`, cancellable: true },
      (progress, token) =>
        runInWorker(this.worker(), { type: 'downloadModel', model, cacheDir: this.modelCacheDir }, token, {
          onDownloadProgress: (file, loaded, total) => {
            const percent = total > 0 ? Math.floor((100 * loaded) / total) : 0;
            progress.report({ message: `${file} ${percent}%` });
          },
          onLog: (message) => this.log.info(message),
        }),
    );
    if (outcome.kind === 'done') {
      this.log.info(`Downloaded ${model} into ${this.modelCacheDir}.`);
      void vscode.window.showInformationMessage(`Topic Lens: ${model} is ready and will be used from now on.`);
      return true;
    }
    if (outcome.kind === 'failed') {
      this.log.error(`Downloading ${model} failed: ${outcome.message}`);
      void vscode.window.showWarningMessage(`Topic Lens could not download ${model} (${outcome.message}). The bundled model stays in use.`);
    }
    return false;
  }
}

/** Local model folders are absolute paths (or start with ./ ~ or a drive letter); hub ids are "owner/name". */
export function looksLikePath(model: string): boolean {
  return /^([/\\~.]|[a-z]:[\\/])/i.test(model);
}
