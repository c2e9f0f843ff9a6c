// The progress bar shown while the first open after an update upgrades the office's data to the new store
// layout (store schema 5, docs/store-layout.md): on a large office it takes minutes, and a window that
// shows nothing meanwhile looks hung.

import * as ipc from "./ipc";
import { h } from "./dom";
import { t } from "./i18n";

const ID = "store-upgrade";

/** Shows (or moves on) the upgrade's bar: what it is doing and how far. */
export function showUpgrade(progress: ipc.UpgradeProgress): void {
  let box = document.getElementById(ID);
  if (!box) {
    box = h("div", { id: ID, role: "status", class: "store-upgrade" }, h("p"), h("progress"));
    document.body.append(box);
  }
  const label = box.querySelector("p");
  const bar = box.querySelector("progress");
  if (label) label.textContent = t(`upgrade-${progress.stage}`);
  if (bar) {
    bar.max = Math.max(progress.total, 1);
    bar.value = Math.min(progress.done, bar.max);
  }
}

/** Runs `open` (the first call that opens the office) with the bar shown while the store upgrades. */
export async function whileUpgrading<T>(open: () => Promise<T>): Promise<T> {
  const stop = await ipc.watchStoreUpgrade(showUpgrade).catch(() => () => undefined);
  try {
    return await open();
  } finally {
    stop();
    document.getElementById(ID)?.remove();
  }
}
