/**
 * Which embedding model a run uses. The bundled model always works offline; BERTopic's MiniLM is offered once
 * (remembered in globalState) and downloaded into the extension's global storage with its own progress.
 * In Restricted Mode nothing is downloaded and no workspace-chosen model path is loaded.
 */
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import type { EmbeddingOptions } from '../core/pipeline';
import { BUNDLED_MODEL, MINILM_MODEL, type TopicLensSettings } from './config';
import { runInWorker, type WorkerLaunch } from './workerHost';

const OFFER_SHOWN_KEY = 'topicLens.modelOfferShown';

export interface ModelChoice {
  readonly embedding: EmbeddingOptions;
  /** Why the configured model is not used, to tell the user. */
  readonly note?: string;
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

  /** The embedding options for a run with these settings, in the current trust state. */
  choose(settings: TopicLensSettings, model: string = settings.model): ModelChoice {
    const base = { modelCacheDir: this.modelCacheDir, embeddingCacheDir: this.embeddingCacheDir, threads: settings.threads ?? availableParallelism() };
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

  /**
   * After a run with the bundled model, offers BERTopic's default model once. Never awaited by the run:
   * the answer only changes the setting (which then asks to re-run).
   */
  offerBetterModel(settings: TopicLensSettings): void {
    if (settings.model !== BUNDLED_MODEL || !settings.allowRemoteModels || !vscode.workspace.isTrusted) return;
    if (this.context.globalState.get<boolean>(OFFER_SHOWN_KEY)) return;
    void this.context.globalState.update(OFFER_SHOWN_KEY, true);
    const download = 'Download (~23 MB)';
    void vscode.window
      .showInformationMessage(
        'Topic Lens used its small bundled model. Download BERTopic\'s default model, all-MiniLM-L6-v2, for better topics?',
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
    if (outcome.kind === 'modelReady') {
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
