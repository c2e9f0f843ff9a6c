// The 3:4 photo frame, in the picture's own pixels (after EXIF orientation). Pure, so it is tested alone.

export interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Smallest frame width the keyboard or mouse can shrink to, in image pixels. */
export const MIN_FRAME_WIDTH = 60;

/** Height of a 3:4 frame of `width`. */
export function heightFor(width: number): number {
  return Math.round((width * 4) / 3);
}

/** The widest 3:4 frame that fits `imageWidth × imageHeight`, scaled by `share` (0–1), centred. */
export function initialFrame(imageWidth: number, imageHeight: number, share = 0.9): Frame {
  const fitWidth = Math.min(imageWidth, Math.floor((imageHeight * 3) / 4));
  const width = Math.max(1, Math.min(fitWidth, Math.round(fitWidth * share)));
  const height = Math.min(imageHeight, heightFor(width));
  return clampFrame({ x: Math.round((imageWidth - width) / 2), y: Math.round((imageHeight - height) / 2), width, height }, imageWidth, imageHeight);
}

/** Keeps the frame inside the image (moving it, never resizing). */
export function clampFrame(frame: Frame, imageWidth: number, imageHeight: number): Frame {
  const x = Math.min(Math.max(0, Math.round(frame.x)), Math.max(0, imageWidth - frame.width));
  const y = Math.min(Math.max(0, Math.round(frame.y)), Math.max(0, imageHeight - frame.height));
  return { x, y, width: frame.width, height: frame.height };
}

export function moveFrame(frame: Frame, dx: number, dy: number, imageWidth: number, imageHeight: number): Frame {
  return clampFrame({ ...frame, x: frame.x + dx, y: frame.y + dy }, imageWidth, imageHeight);
}

/** Grows (positive) or shrinks the frame's width by `delta` around its centre, keeping 3:4 and the image. */
export function resizeFrame(frame: Frame, delta: number, imageWidth: number, imageHeight: number): Frame {
  const maxWidth = Math.min(imageWidth, Math.floor((imageHeight * 3) / 4));
  const minWidth = Math.min(MIN_FRAME_WIDTH, maxWidth);
  const width = Math.min(maxWidth, Math.max(minWidth, Math.round(frame.width + delta)));
  const height = Math.min(imageHeight, heightFor(width));
  const cx = frame.x + frame.width / 2;
  const cy = frame.y + frame.height / 2;
  return clampFrame({ x: cx - width / 2, y: cy - height / 2, width, height }, imageWidth, imageHeight);
}

/** Sets the frame's width to `width` keeping its top-left corner (dragging the bottom-right handle). */
export function resizeFromCorner(frame: Frame, width: number, imageWidth: number, imageHeight: number): Frame {
  const maxWidth = Math.min(imageWidth - frame.x, Math.floor(((imageHeight - frame.y) * 3) / 4));
  const clamped = Math.max(Math.min(MIN_FRAME_WIDTH, maxWidth), Math.min(maxWidth, Math.round(width)));
  return { x: frame.x, y: frame.y, width: clamped, height: Math.min(imageHeight - frame.y, heightFor(clamped)) };
}
