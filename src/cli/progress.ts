/** Terminal progress: a redrawn bar on a TTY, one plain line per stage (and per 25 %) otherwise. */
import { STAGE_TITLES, type ProgressEvent, type StageName } from '../core/control';

export interface ProgressPrinter {
  update(event: ProgressEvent): void;
  /** A line of its own (a notice), between progress updates. */
  note(message: string): void;
  /** Clears a partially drawn bar so the next message starts on a clean line. */
  finish(): void;
}

export function createProgressPrinter(stream: NodeJS.WriteStream): ProgressPrinter {
  return stream.isTTY ? ttyPrinter(stream) : plainPrinter(stream);
}

function fraction(event: ProgressEvent): number {
  return event.total > 0 ? Math.min(1, event.done / event.total) : 0;
}

function ttyPrinter(stream: NodeJS.WriteStream): ProgressPrinter {
  let drawn = false;
  let lastStage: StageName | undefined;
  let lastDraw = 0;
  return {
    update(event) {
      const now = Date.now();
      const stageChanged = event.stage !== lastStage;
      if (!stageChanged && now - lastDraw < 80 && event.done < event.total) return;
      if (stageChanged && drawn && lastStage) stream.write('\n');
      lastStage = event.stage;
      lastDraw = now;
      // A terminal nobody gave a size (a pty under `script`, some CI runners) reports 0 columns: unknown, not 0.
      const columns = stream.columns > 0 ? stream.columns : undefined;
      const width = Math.max(10, Math.min(30, (columns ?? 80) - 60));
      const filled = Math.round(fraction(event) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const pct = `${Math.round(fraction(event) * 100)}`.padStart(3);
      const detail = event.message ? ` ${event.message}` : '';
      const line = `${STAGE_TITLES[event.stage].padEnd(31)} ${bar} ${pct}%${detail}`;
      stream.write(`\r${columns ? line.slice(0, columns - 1) : line}\x1b[K`);
      drawn = true;
    },
    note(message) {
      // Over the bar, which the next update draws again below.
      stream.write(`${drawn ? '\r\x1b[K' : ''}${message}\n`);
      drawn = false;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

function plainPrinter(stream: NodeJS.WriteStream): ProgressPrinter {
  let lastStage: StageName | undefined;
  let lastQuarter = -1;
  return {
    update(event) {
      const quarter = Math.floor(fraction(event) * 4);
      if (event.stage === lastStage && quarter === lastQuarter) return;
      if (event.stage !== lastStage) lastQuarter = -1;
      lastStage = event.stage;
      lastQuarter = quarter;
      stream.write(`${STAGE_TITLES[event.stage]}: ${quarter * 25}%${event.message ? ` (${event.message})` : ''}\n`);
    },
    note(message) {
      stream.write(`${message}\n`);
    },
    finish() {},
  };
}
