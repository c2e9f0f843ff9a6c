//! Member photos: decode an upload safely, orient, crop to 3:4, shrink, and re-encode as a
//! JPEG small enough to store and print (≤ 80 KB).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

/// Largest accepted width or height of an upload, in pixels.
pub const MAX_SOURCE_SIDE: u32 = 12_000;
/// Most memory the decoder may allocate.
pub const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
/// Widest stored photo, in pixels: the card prints it 20 mm wide, so more would only add bytes.
pub const MAX_WIDTH: u32 = 600;
/// Tallest stored photo, in pixels (3:4 with [`MAX_WIDTH`]).
pub const MAX_HEIGHT: u32 = 800;
/// Largest stored JPEG, in bytes.
pub const MAX_JPEG_BYTES: usize = 80 * 1024;
/// What a photo aims for, so that a card page (fonts ≈ 24 KB + photo) stays within 60 KB. Printed at
/// 20 × 26.7 mm, a 600 × 800 photo is ~760 dpi: quality can drop a lot before it shows on a card.
pub const CARD_JPEG_BYTES: usize = 34 * 1024;

/// A crop rectangle in source pixels, measured after EXIF orientation has been applied.
/// Must be 3:4 (width:height) within 2 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crop {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width; not zero.
    pub width: u32,
    /// Height; not zero.
    pub height: u32,
}

/// A prepared photo: baseline JPEG, RGB, at most 600 × 800 and 80 KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The bytes to store and to embed in PDFs unchanged.
    pub jpeg: Vec<u8>,
    /// Width in pixels, at most [`MAX_WIDTH`].
    pub width: u32,
    /// Height in pixels, at most [`MAX_HEIGHT`].
    pub height: u32,
}

/// Why an upload cannot be used as a photo.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// The upload has no bytes at all.
    #[error("the file is empty")]
    Empty,
    /// The bytes are not a JPEG, PNG or WebP file (the formats phone cameras and scanners produce),
    /// or use a feature of one that the decoder does not support.
    #[error("not a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    /// The format is recognised but the data is damaged, cut short (a JPEG without its end marker)
    /// or says the image has no pixels. The text is the decoder's detail, for logs.
    #[error("the image is damaged or incomplete: {0}")]
    Corrupt(String),
    /// The header says a side is larger than [`MAX_SOURCE_SIDE`], or decoding would need more than
    /// [`MAX_DECODE_ALLOC`]: refused before any pixel buffer is allocated.
    #[error("the image is too large ({width} × {height} pixels)")]
    TooLarge {
        /// Width from the header, in pixels (0 when the header itself was refused).
        width: u32,
        /// Height from the header, in pixels (0 when the header itself was refused).
        height: u32,
    },
    /// The caller's crop is empty, is not 3:4 within 2 %, or reaches outside the oriented image.
    #[error("bad crop: {0}")]
    BadCrop(String),
    /// The JPEG encoder failed, or even a tiny image at the lowest quality stays above
    /// [`MAX_JPEG_BYTES`] (noise-like images). Neither is expected for a real photo.
    #[error("could not encode the photo: {0}")]
    Encode(String),
}

impl PhotoError {
    /// A stable kebab-case code for the UI to localise.
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::Empty => "photo-empty",
            PhotoError::UnsupportedFormat => "photo-unsupported",
            PhotoError::Corrupt(_) => "photo-corrupt",
            PhotoError::TooLarge { .. } => "photo-too-large",
            PhotoError::BadCrop(_) => "photo-bad-crop",
            PhotoError::Encode(_) => "photo-encode",
        }
    }
}

fn decode_error(e: ImageError, width: u32, height: u32) -> PhotoError {
    match e {
        ImageError::Limits(_) => PhotoError::TooLarge { width, height },
        ImageError::Unsupported(_) => PhotoError::UnsupportedFormat,
        ImageError::Decoding(_)
        | ImageError::IoError(_)
        | ImageError::Parameter(_)
        | ImageError::Encoding(_) => PhotoError::Corrupt(e.to_string()),
    }
}

/// Turns an upload into the stored photo.
///
/// The header is read first and the decode runs under [`image::Limits`], so a huge or hostile
/// file is refused before any pixel buffer is allocated. EXIF orientation is applied, then the
/// crop (default: the largest centred 3:4 rectangle), then the image is shrunk to fit 600 × 800
/// and encoded as JPEG at quality 85, stepping down to 40, until it is at most 80 KB.
pub fn prepare(bytes: &[u8], crop: Option<Crop>) -> Result<Photo, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::UnsupportedFormat)?;
    // `ImageFormat` is non-exhaustive: list what we accept, refuse everything else.
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoError::UnsupportedFormat);
    }
    if format == ImageFormat::Jpeg && !has_jpeg_end(bytes) {
        // The JPEG decoder fills a cut-off scan with grey rather than failing.
        return Err(PhotoError::Corrupt("the JPEG data ends early".to_owned()));
    }

    // Header only: dimensions, checked before any decode buffer exists. PNG's IHDR is read
    // directly: the png crate's header read also wants the first IDAT chunk.
    let (width, height) = match png_ihdr_size(bytes) {
        Some(size) => size,
        None => ImageReader::with_format(Cursor::new(bytes), format)
            .into_dimensions()
            .map_err(|e| decode_error(e, 0, 0))?,
    };
    if width > MAX_SOURCE_SIDE || height > MAX_SOURCE_SIDE {
        return Err(PhotoError::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(PhotoError::Corrupt("zero-sized image".to_owned()));
    }

    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_error(e, width, height))?;
    // A missing or unreadable EXIF block just means "as stored".
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img =
        DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, width, height))?;
    img.apply_orientation(orientation);

    let crop = match crop {
        Some(crop) => check_crop(crop, img.width(), img.height())?,
        None => centred_crop(img.width(), img.height()),
    };
    let img = img.crop_imm(crop.x, crop.y, crop.width, crop.height);
    let rgb = flatten_on_white(img);
    encode_small(rgb)
}

/// Width and height from a PNG's IHDR chunk, which the format requires to come first.
fn png_ihdr_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    Some((width, height))
}

/// True when the JPEG's last marker is EOI (allowing trailing padding some cameras add).
fn has_jpeg_end(bytes: &[u8]) -> bool {
    let trimmed = bytes
        .iter()
        .rposition(|&b| b != 0x00 && b != 0xFF && b != b'\n' && b != b'\r' && b != b' ');
    match trimmed {
        // The last non-padding byte must be the D9 of an FF D9 pair.
        Some(i) => bytes[i] == 0xD9 && i > 0 && bytes[i - 1] == 0xFF,
        None => false,
    }
}

fn check_crop(crop: Crop, width: u32, height: u32) -> Result<Crop, PhotoError> {
    if crop.width == 0 || crop.height == 0 {
        return Err(PhotoError::BadCrop("empty crop".to_owned()));
    }
    let right = u64::from(crop.x) + u64::from(crop.width);
    let bottom = u64::from(crop.y) + u64::from(crop.height);
    if right > u64::from(width) || bottom > u64::from(height) {
        return Err(PhotoError::BadCrop(format!(
            "crop {}×{} at {},{} leaves the {width}×{height} image",
            crop.width, crop.height, crop.x, crop.y
        )));
    }
    let ratio = f64::from(crop.width) / f64::from(crop.height);
    if (ratio / 0.75 - 1.0).abs() > 0.02 {
        return Err(PhotoError::BadCrop(format!(
            "crop {}×{} is not 3:4",
            crop.width, crop.height
        )));
    }
    Ok(crop)
}

/// The largest 3:4 rectangle centred in the image.
fn centred_crop(width: u32, height: u32) -> Crop {
    let (w, h) = (u64::from(width), u64::from(height));
    let (cw, ch) = if w * 4 > h * 3 {
        ((h * 3 / 4).max(1), h)
    } else {
        (w, (w * 4 / 3).max(1))
    };
    // cw ≤ width and ch ≤ height by construction, so they fit in u32.
    let (cw, ch) = (cw.min(w) as u32, ch.min(h) as u32);
    Crop {
        x: (width - cw) / 2,
        y: (height - ch) / 2,
        width: cw,
        height: ch,
    }
}

/// Drops alpha by compositing over white (transparent PNG backgrounds must not print black).
fn flatten_on_white(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (dst, src) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(src.0[3]);
        for c in 0..3 {
            let v = (u16::from(src.0[c]) * a + 255 * (255 - a)) / 255;
            dst.0[c] = u8::try_from(v).unwrap_or(u8::MAX);
        }
    }
    out
}

fn encode_small(mut rgb: RgbImage) -> Result<Photo, PhotoError> {
    let scale = (f64::from(MAX_WIDTH) / f64::from(rgb.width()))
        .min(f64::from(MAX_HEIGHT) / f64::from(rgb.height()))
        .min(1.0);
    if scale < 1.0 {
        rgb = resize(&rgb, scale);
    }
    loop {
        // The best quality within the card budget; failing that, the best within the hard limit.
        let mut within_limit: Option<Vec<u8>> = None;
        for quality in (40..=85).rev().step_by(5) {
            let mut jpeg = Vec::new();
            JpegEncoder::new_with_quality(&mut jpeg, quality)
                .encode_image(&rgb)
                .map_err(|e| PhotoError::Encode(e.to_string()))?;
            if jpeg.len() <= CARD_JPEG_BYTES {
                within_limit = Some(jpeg);
                break;
            }
            if jpeg.len() <= MAX_JPEG_BYTES && within_limit.is_none() {
                within_limit = Some(jpeg);
            }
        }
        if let Some(jpeg) = within_limit {
            return Ok(Photo {
                jpeg,
                width: rgb.width(),
                height: rgb.height(),
            });
        }
        // Extremely detailed (noise-like) images: shrink until quality 40 fits.
        if rgb.width() <= 60 {
            return Err(PhotoError::Encode("cannot reach 80 KB".to_owned()));
        }
        rgb = resize(&rgb, 0.8);
    }
}

fn resize(rgb: &RgbImage, scale: f64) -> RgbImage {
    let w = ((f64::from(rgb.width()) * scale).round() as u32).max(1);
    let h = ((f64::from(rgb.height()) * scale).round() as u32).max(1);
    image::imageops::resize(rgb, w, h, FilterType::Lanczos3)
}
