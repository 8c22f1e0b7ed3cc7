import { exifOrientation, orientationTransform, type Orientation } from './exif-orientation';
import { imageDpi, imageSize, type ImageMediaType } from './image-size';
import { greyPngFromRgba, shrinkPng, withPngDpi } from './png-shrink';

/** The most pixels an image is read with (an A3 page at 300 dpi): bounds memory whatever the file's size. */
export const MAX_OCR_PIXELS = 3508 * 4961;

/** OCR reads best at about this resolution; a larger scan is shrunk to it. */
export const OCR_DPI = 300;

/**
 * An image as OCR reads it and the review shows it: upright as its EXIF orientation says (a phone
 * photo stores its pixels sideways), and no larger than MAX_OCR_PIXELS or 300 dpi (smoothed).
 * `orientation` is the EXIF orientation that was applied (1 when none), `shrunkFrom` the original
 * size when it was shrunk, `unturned` an orientation that could not be applied on this machine
 * (no canvas library: the image is read as stored).
 */
export type PreparedImage = {
  image: Buffer; media_type: ImageMediaType; orientation: Orientation; shrunkFrom: { width: number; height: number } | null; unturned: boolean;
};

type CanvasModule = typeof import('@napi-rs/canvas');
let canvasModule: Promise<CanvasModule | null> | null = null;

/** @napi-rs/canvas comes with pdfjs-dist (optional there): where its build is missing, images are read as stored. */
function loadCanvas(): Promise<CanvasModule | null> {
  canvasModule ??= import('@napi-rs/canvas').catch(() => null);
  return canvasModule;
}

export async function prepareImage(bytes: Buffer, mediaType: ImageMediaType): Promise<PreparedImage> {
  const asStored: PreparedImage = { image: bytes, media_type: mediaType, orientation: 1, shrunkFrom: null, unturned: false };
  // TIFF and GIF go to the engine as they are (Leptonica reads them; TIFF pages come one at a time).
  if (mediaType !== 'image/png' && mediaType !== 'image/jpeg' && mediaType !== 'image/webp') return asStored;
  const orientation = exifOrientation(bytes);
  const size = imageSize(bytes);
  // Cameras and screenshots say 72 or 96 dpi (or nothing) whatever they show: below 100 the file's word is not taken.
  const stated = imageDpi(bytes);
  const dpi = stated !== null && stated >= 100 ? stated : null;
  const scale = size ? shrinkScale(size, dpi) : 1;
  if (orientation === 1 && scale === 1) {
    if (dpi !== null || !size) return asStored;
    // The engine guesses a resolution the file does not give, and guessed a phone photo's badly (1 of 8 fields against 7 of 8).
    const estimate = outputDpi(null, 1, size);
    const image = mediaType === 'image/png' ? withPngDpi(bytes, estimate) : mediaType === 'image/jpeg' ? withJpegDpi(bytes, estimate) : bytes;
    return { ...asStored, image };
  }

  let source = bytes;
  let remaining = scale;
  let mediaOut: ImageMediaType = mediaType;
  const shrunkFrom = scale < 1 && size ? size : null;
  if (scale < 1 && size && mediaType === 'image/png') {
    // Shrunk while inflated: a 1200-dpi page is never held whole.
    const shrunk = await shrinkPng(bytes, Math.max(1, Math.round(size.width * scale)), Math.max(1, Math.round(size.height * scale)));
    if (shrunk) {
      source = withPngDpi(shrunk, outputDpi(dpi, scale, size));
      remaining = 1;
      mediaOut = 'image/png';
    }
  }
  if (orientation === 1 && remaining === 1) return { image: source, media_type: mediaOut, orientation, shrunkFrom, unturned: false };
  const canvas = await loadCanvas();
  if (!canvas) return { image: source, media_type: mediaOut, orientation: 1, shrunkFrom: remaining === 1 ? shrunkFrom : null, unturned: orientation !== 1 };
  // Skia turns a JPEG (or WebP) upright by its EXIF as it decodes it, all eight orientations; a PNG's eXIf it ignores, so that is turned here.
  const picture = await canvas.loadImage(source);
  const width = Math.max(1, Math.round(picture.width * remaining));
  const height = Math.max(1, Math.round(picture.height * remaining));
  const upright = orientationTransform(mediaOut === 'image/png' ? orientation : 1, width, height);
  const surface = canvas.createCanvas(upright.width, upright.height);
  const context = surface.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, upright.width, upright.height);
  context.setTransform(...upright.matrix);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(picture, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, upright.width, upright.height).data;
  const image = withPngDpi(greyPngFromRgba(pixels, upright.width, upright.height), outputDpi(dpi, scale, size ?? picture));
  return { image, media_type: 'image/png', orientation, shrunkFrom, unturned: false };
}

/**
 * The resolution to write into a prepared PNG (the OCR engine reads a PNG without one as nothing):
 * the file's own times the scale, or, when it says none, as if its longer side were an A4 page's.
 */
function outputDpi(dpi: number | null, scale: number, size: { width: number; height: number }): number {
  if (dpi !== null) return dpi * scale;
  return Math.min(1200, Math.max(70, (Math.max(size.width, size.height) * scale) / 11.69));
}

/** 1, or the factor that brings the image to 300 dpi (when the file says its resolution) and within MAX_OCR_PIXELS. */
function shrinkScale(size: { width: number; height: number }, dpi: number | null): number {
  const pixels = size.width * size.height;
  if (pixels <= MAX_OCR_PIXELS) return 1;
  const byPixels = Math.sqrt(MAX_OCR_PIXELS / pixels);
  return dpi !== null && dpi > OCR_DPI ? Math.min(byPixels, OCR_DPI / dpi) : byPixels;
}

/** The JPEG with its resolution in a JFIF segment: the first segment's density set when it is JFIF, else one put in front. */
export function withJpegDpi(jpeg: Buffer, dpi: number): Buffer {
  const density = Math.max(1, Math.min(65_535, Math.round(dpi)));
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0 && jpeg.subarray(6, 11).toString('latin1') === 'JFIF\0') {
    const copy = Buffer.from(jpeg);
    copy[13] = 1;
    copy.writeUInt16BE(density, 14);
    copy.writeUInt16BE(density, 16);
    return copy;
  }
  const app0 = Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  app0.writeUInt16BE(density, 12);
  app0.writeUInt16BE(density, 14);
  return Buffer.concat([jpeg.subarray(0, 2), app0, jpeg.subarray(2)]);
}

/**
 * The image turned clockwise by 90, 180 or 270 degrees, as a PNG saying its resolution; null where
 * no canvas library loads or the image cannot be decoded (the reading as the engine gave it stands).
 */
export async function turnImage(image: Buffer, degrees: 90 | 180 | 270): Promise<Buffer | null> {
  const canvas = await loadCanvas();
  if (!canvas) return null;
  try {
    const picture = await canvas.loadImage(image);
    const sideways = degrees !== 180;
    const surface = canvas.createCanvas(sideways ? picture.height : picture.width, sideways ? picture.width : picture.height);
    const context = surface.getContext('2d');
    context.translate(surface.width / 2, surface.height / 2);
    context.rotate((degrees * Math.PI) / 180);
    context.drawImage(picture, -picture.width / 2, -picture.height / 2);
    const dpi = imageDpi(image);
    const png = greyPngFromRgba(context.getImageData(0, 0, surface.width, surface.height).data, surface.width, surface.height);
    return withPngDpi(png, dpi ?? outputDpi(null, 1, { width: picture.width, height: picture.height }));
  } catch {
    return null;
  }
}
