// Taking a member's photo: from a file or the camera, framed 3:4 on the picture, saved with the original bytes
// and the frame in the picture's own pixels (after EXIF orientation), so the shell crops at full quality.

import { h, l10n, msg } from "../dom";
import { clampFrame, initialFrame, moveFrame, resizeFrame, resizeFromCorner, type Frame } from "../crop";
import * as ipc from "../ipc";
import type { Args } from "../i18n";
import { failure, guard } from "../report";
import { openModal, type Modal } from "./modal";

/** Largest side of the picture on screen, in CSS pixels. */
const VIEW_MAX = 460;
/** Arrow-key step in screen pixels; with Shift, ten times that. */
const KEY_STEP = 4;
const ACCEPT = "image/jpeg,image/png,image/webp";

interface Picture {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** Screen pixels per image pixel. */
  scale: number;
}

/** What the browser cannot decode, told with the shell's own error ids. */
function localError(file: Blob): string {
  if (file.size === 0) return "error-photo-empty";
  return ACCEPT.split(",").includes(file.type) ? "error-photo-corrupt" : "error-photo-unsupported";
}

/** Opens the photo dialog; resolves true when a photo was saved. */
export function photoDialog(memberNo: string): Promise<boolean> {
  return new Promise((resolve) => {
    // Visually hidden rather than display:none, so WebDriver can hand it a file.
    const fileInput = h("input", { type: "file", accept: ACCEPT, id: "photo-file", class: "visually-hidden", tabindex: -1 });
    const chooseFile = msg("button", "photo-from-file", undefined, { type: "button", id: "photo-choose" });
    const hasCamera = typeof navigator.mediaDevices?.getUserMedia === "function";
    const fromCamera = hasCamera ? msg("button", "photo-from-camera", undefined, { type: "button", id: "photo-camera" }) : null;
    const capture = msg("button", "photo-capture", undefined, { type: "button", id: "photo-capture", class: "primary", hidden: true });
    const video = h("video", { class: "photo-video", autoplay: true, playsinline: true, muted: true, hidden: true });
    const canvas = h("canvas", { class: "photo-canvas" });
    const frameEl = l10n(
      h("div", { class: "photo-frame", id: "photo-frame", tabindex: 0 }, h("span", { class: "photo-handle" })),
      "photo-frame-label",
      undefined,
      "aria-label",
    );
    const stage = h("div", { class: "photo-stage", hidden: true }, canvas, frameEl);
    const hint = msg("p", "photo-frame-hint", undefined, { class: "hint", hidden: true });
    const error = h("div", { class: "field-errors", id: "photo-error", role: "alert" });
    const save = msg("button", "photo-save", undefined, { type: "button", id: "photo-save", class: "primary", disabled: true });
    const cancel = msg("button", "cancel", undefined, { type: "button", id: "photo-cancel" });

    let picture: Picture | null = null;
    let frame: Frame | null = null;
    let stream: MediaStream | null = null;
    let modal: Modal | null = null;

    const showError = (id: string, args?: Args): void => {
      error.replaceChildren(msg("p", id, args, { class: "field-error" }));
    };
    const showFailure = (e: unknown): void => {
      const m = failure(e);
      showError(m.id, m.args);
    };
    const stopCamera = (): void => {
      stream?.getTracks().forEach((track) => track.stop());
      stream = null;
      video.hidden = true;
      capture.hidden = true;
    };
    const done = (saved: boolean): void => {
      stopCamera();
      modal?.close();
      resolve(saved);
    };
    const place = (): void => {
      if (!picture || !frame) return;
      const s = picture.scale;
      Object.assign(frameEl.style, {
        left: `${frame.x * s}px`,
        top: `${frame.y * s}px`,
        width: `${frame.width * s}px`,
        height: `${frame.height * s}px`,
      });
      frameEl.dataset.crop = `${frame.x},${frame.y},${frame.width},${frame.height}`;
    };

    async function load(blob: Blob): Promise<void> {
      error.replaceChildren();
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
      } catch {
        showError(localError(blob));
        return;
      }
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const scale = Math.min(1, VIEW_MAX / Math.max(bitmap.width, bitmap.height));
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      picture = { bytes, width: bitmap.width, height: bitmap.height, scale };
      bitmap.close();
      frame = initialFrame(picture.width, picture.height);
      stage.hidden = false;
      hint.hidden = false;
      save.disabled = false;
      place();
      frameEl.focus();
    }

    const loadGuarded = guard(load, showFailure);
    fileInput.addEventListener("change", () => {
      const file = fileInput.files?.[0];
      if (file) loadGuarded(file);
      fileInput.value = "";
    });
    chooseFile.addEventListener("click", () => fileInput.click());
    fromCamera?.addEventListener(
      "click",
      guard(async () => {
        try {
          stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 960 } });
        } catch {
          showError("photo-camera-unavailable");
          return;
        }
        video.srcObject = stream;
        video.hidden = false;
        capture.hidden = false;
        stage.hidden = true;
        capture.focus();
      }, showFailure),
    );
    capture.addEventListener("click", () => {
      const grab = h("canvas", { width: video.videoWidth, height: video.videoHeight });
      grab.getContext("2d")?.drawImage(video, 0, 0);
      stopCamera();
      grab.toBlob((blob) => (blob ? loadGuarded(blob) : showError("photo-camera-unavailable")), "image/jpeg", 0.92);
    });

    // Keyboard: arrows move the frame, + and - resize it.
    frameEl.addEventListener("keydown", (event) => {
      if (!picture || !frame) return;
      const step = (event.shiftKey ? KEY_STEP * 10 : KEY_STEP) / picture.scale;
      const { width, height } = picture;
      let next: Frame | null = null;
      if (event.key === "ArrowLeft") next = moveFrame(frame, -step, 0, width, height);
      else if (event.key === "ArrowRight") next = moveFrame(frame, step, 0, width, height);
      else if (event.key === "ArrowUp") next = moveFrame(frame, 0, -step, width, height);
      else if (event.key === "ArrowDown") next = moveFrame(frame, 0, step, width, height);
      else if (event.key === "+" || event.key === "=") next = resizeFrame(frame, step, width, height);
      else if (event.key === "-" || event.key === "_") next = resizeFrame(frame, -step, width, height);
      if (next) {
        event.preventDefault();
        frame = next;
        place();
      }
    });

    // Mouse: drag the frame to move it, its corner handle to resize it.
    frameEl.addEventListener("pointerdown", (event) => {
      if (!picture || !frame) return;
      event.preventDefault();
      frameEl.focus();
      const corner = (event.target as HTMLElement).classList.contains("photo-handle");
      const start = { x: event.clientX, y: event.clientY, frame };
      const p = picture;
      frameEl.setPointerCapture(event.pointerId);
      const onMove = (move: PointerEvent): void => {
        const dx = (move.clientX - start.x) / p.scale;
        const dy = (move.clientY - start.y) / p.scale;
        frame = corner
          ? resizeFromCorner(start.frame, start.frame.width + Math.max(dx, (dy * 3) / 4), p.width, p.height)
          : clampFrame({ ...start.frame, x: start.frame.x + dx, y: start.frame.y + dy }, p.width, p.height);
        place();
      };
      const onUp = (): void => {
        frameEl.removeEventListener("pointermove", onMove);
        frameEl.removeEventListener("pointerup", onUp);
      };
      frameEl.addEventListener("pointermove", onMove);
      frameEl.addEventListener("pointerup", onUp);
    });

    save.addEventListener(
      "click",
      guard(async () => {
        if (!picture || !frame) return;
        save.disabled = true;
        try {
          await ipc.setPhoto(memberNo, picture.bytes, frame);
          done(true);
        } catch (e) {
          showFailure(e);
          save.disabled = false;
        }
      }, showFailure),
    );
    cancel.addEventListener("click", () => done(false));
    modal = openModal({
      id: "photo-dialog",
      className: "photo-dialog",
      label: msg("h2", "photo-title", undefined, { id: "photo-title" }),
      body: [h("div", { class: "row-actions" }, chooseFile, fromCamera, capture, fileInput), video, stage, hint, error],
      actions: [cancel, save],
      first: chooseFile,
      onEscape: () => done(false),
    });
  });
}
