//! Member photos: decode an upload safely, orient, crop to 3:4, shrink, and re-encode as a
//! JPEG small enough to store and print (≤ 80 KB).
//!
//! An upload is hostile until decoded: every size is checked from the header, before any pixel
//! buffer exists, against limits that keep the whole preparation well under 300 MB (see
//! docs/reliability.md for the measurements).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{
    DynamicImage, GenericImageView, GrayImage, ImageDecoder, ImageError, ImageFormat, ImageReader,
    Limits, Rgb, RgbImage, Rgba,
};
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;

/// Largest accepted upload, in bytes: a 50-megapixel phone JPEG is under 30 MB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Largest accepted width or height of an upload, in pixels.
pub const MAX_SOURCE_SIDE: u32 = 12_000;
/// Most pixels an upload may have: the 50-megapixel mode of recent phones (8160 × 6120).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Most memory the decoder may need for its output (and its own working buffers: a progressive
/// JPEG's coefficients, a WebP's ARGB or YUV picture), computed from the header: a 50-megapixel
/// 8-bit RGB JPEG or PNG (150 MB) fits; a 16-bit or RGBA one of that size does not, nor a WebP over
/// about 24 megapixels.
pub const MAX_DECODE_BYTES: u64 = 160 * 1024 * 1024;
/// Shortest accepted side, in pixels: less cannot show a face on a card.
pub const MIN_SOURCE_SIDE: u32 = 64;
/// Most the long side may exceed the short one: beyond 4:1 (a panorama, a scanned strip) the 3:4
/// card frame would keep a sliver of the picture.
pub const MAX_ASPECT: u32 = 4;
/// Widest stored photo, in pixels: the card prints it 20 mm wide, so more would only add bytes.
pub const MAX_WIDTH: u32 = 600;
/// Tallest stored photo, in pixels (3:4 with [`MAX_WIDTH`]).
pub const MAX_HEIGHT: u32 = 800;
/// Largest stored JPEG, in bytes.
pub const MAX_JPEG_BYTES: usize = 80 * 1024;
/// What a photo aims for, so that a card page (fonts ≈ 24 KB + photo) stays within 60 KB. Printed at
/// 20 × 26.7 mm, a 600 × 800 photo is ~760 dpi: quality can drop a lot before it shows on a card.
pub const CARD_JPEG_BYTES: usize = 34 * 1024;

/// Zero bytes put after a sequential JPEG's data in place of its end marker (see [`decode_jpeg`]):
/// the decoder reads up to 8 bytes ahead of the bits it uses, and a sound picture's last row of
/// blocks may be shorter than that.
const JPEG_READ_AHEAD: usize = 8;

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
    /// The upload is larger than [`MAX_FILE_BYTES`].
    #[error("the file is too large ({0} bytes)")]
    FileTooLarge(usize),
    /// The bytes are not a JPEG, PNG or WebP file (the formats phone cameras and scanners produce),
    /// or use a feature of one that the decoder does not support.
    #[error("not a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    /// An animated PNG or WebP: which frame would be the photo is anyone's guess.
    #[error("the image is an animation")]
    Animated,
    /// The format is recognised but the data is damaged, cut short (a JPEG without its end marker,
    /// or whose data ends before the size its header claims is filled) or says the image has no
    /// pixels. The text is the decoder's detail, for logs.
    #[error("the image is damaged or incomplete: {0}")]
    Corrupt(String),
    /// The header says a side is larger than [`MAX_SOURCE_SIDE`], more than [`MAX_PIXELS`] pixels,
    /// or that decoding would need more than [`MAX_DECODE_BYTES`] (a 16-bit or alpha image):
    /// refused before any pixel buffer is allocated.
    #[error("the image is too large ({width} × {height} pixels)")]
    TooLarge {
        /// Width from the header, in pixels.
        width: u32,
        /// Height from the header, in pixels.
        height: u32,
    },
    /// A side is shorter than [`MIN_SOURCE_SIDE`].
    #[error("the image is too small ({width} × {height} pixels)")]
    TooSmall {
        /// Width from the header, in pixels.
        width: u32,
        /// Height from the header, in pixels.
        height: u32,
    },
    /// One side is more than [`MAX_ASPECT`] times the other.
    #[error("the image is too long and narrow ({width} × {height} pixels)")]
    BadShape {
        /// Width from the header, in pixels.
        width: u32,
        /// Height from the header, in pixels.
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
            PhotoError::FileTooLarge(_) => "photo-file-too-large",
            PhotoError::UnsupportedFormat => "photo-unsupported",
            PhotoError::Animated => "photo-animated",
            PhotoError::Corrupt(_) => "photo-corrupt",
            PhotoError::TooLarge { .. } => "photo-too-large",
            PhotoError::TooSmall { .. } => "photo-too-small",
            PhotoError::BadShape { .. } => "photo-bad-shape",
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
/// The header is read first: the size, shape and the memory the decoder needs for the header's
/// colour type and bit depth are checked before any pixel buffer exists, and the decode itself
/// runs under [`image::Limits`]. EXIF orientation is applied, then the crop (default: the largest
/// centred 3:4 rectangle), then the image is shrunk to fit 600 × 800 and encoded as JPEG at quality
/// 85, stepping down to 40, until it is at most 80 KB. Only the decoded picture is ever held at
/// full size: the crop is read through a view and shrunk before it is turned upright.
pub fn prepare(bytes: &[u8], crop: Option<Crop>) -> Result<Photo, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(PhotoError::FileTooLarge(bytes.len()));
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::UnsupportedFormat)?;
    // `ImageFormat` is non-exhaustive: list what we accept, refuse everything else.
    let (image, orientation) = if format == ImageFormat::Jpeg {
        decode_jpeg(bytes)?
    } else if matches!(format, ImageFormat::Png | ImageFormat::WebP) {
        decode_png_or_webp(bytes, format)?
    } else {
        return Err(PhotoError::UnsupportedFormat);
    };

    let (width, height) = oriented_size(orientation, image.width(), image.height());
    let crop = match crop {
        Some(crop) => check_crop(crop, width, height)?,
        None => centred_crop(width, height),
    };
    let scale = (f64::from(MAX_WIDTH) / f64::from(crop.width))
        .min(f64::from(MAX_HEIGHT) / f64::from(crop.height))
        .min(1.0);
    let (target_width, target_height) = scaled(crop.width, crop.height, scale);
    let (target_width, target_height) = if swaps_sides(orientation) {
        (target_height, target_width)
    } else {
        (target_width, target_height)
    };
    let view = OnWhite {
        image: &image,
        area: source_area(orientation, image.width(), image.height(), crop),
    };
    let small = shrink(&view, target_width, target_height);
    drop(image);
    let mut small = DynamicImage::ImageRgb8(small);
    small.apply_orientation(orientation);
    encode_small(small.into_rgb8())
}

/// Refuses sizes no photo should have, from the header alone.
fn check_size(width: u32, height: u32) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        return Err(PhotoError::Corrupt("zero-sized image".to_owned()));
    }
    if width > MAX_SOURCE_SIDE
        || height > MAX_SOURCE_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(PhotoError::TooLarge { width, height });
    }
    if width < MIN_SOURCE_SIDE || height < MIN_SOURCE_SIDE {
        return Err(PhotoError::TooSmall { width, height });
    }
    let (long, short) = (width.max(height), width.min(height));
    if u64::from(long) > u64::from(short) * u64::from(MAX_ASPECT) {
        return Err(PhotoError::BadShape { width, height });
    }
    Ok(())
}

/// Refuses a decode whose buffers would exceed [`MAX_DECODE_BYTES`].
fn check_decode_bytes(width: u32, height: u32, bytes: u64) -> Result<(), PhotoError> {
    if bytes > MAX_DECODE_BYTES {
        return Err(PhotoError::TooLarge { width, height });
    }
    Ok(())
}

/// PNG and WebP through the `image` crate. `DynamicImage::from_decoder` does not apply
/// `Limits::max_alloc` to the output buffer itself (only `ImageReader::decode` does), so the
/// output size for the header's colour type and bit depth is checked and reserved here.
fn decode_png_or_webp(
    bytes: &[u8],
    format: ImageFormat,
) -> Result<(DynamicImage, Orientation), PhotoError> {
    if is_animated(bytes) {
        return Err(PhotoError::Animated);
    }
    // PNG's IHDR is read directly: the png crate's header read also wants the first IDAT chunk,
    // so a header-only bomb would otherwise be reported as damaged rather than as too large.
    if let Some((width, height, per_pixel)) = png_ihdr(bytes) {
        check_size(width, height)?;
        check_decode_bytes(
            width,
            height,
            u64::from(width) * u64::from(height) * per_pixel,
        )?;
    }
    // Reading the header is bounded by the allocation limit (the png crate also inflates text and
    // ICC chunks before the image data); the sides are left to `check_size`, which names them.
    let mut limits = Limits::no_limits();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder().map_err(|e| decode_error(e, 0, 0))?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    let output = decoder.total_bytes();
    // The WebP decoder works in a buffer of its own besides the output: 32-bit ARGB for a
    // lossless picture (measured: a 50-megapixel one peaked at 344 MB), YUV planes for a lossy one.
    let working = if format == ImageFormat::WebP {
        4 * u64::from(width) * u64::from(height)
    } else {
        0
    };
    check_decode_bytes(width, height, output + working)?;
    limits
        .reserve(output)
        .map_err(|e| decode_error(e, width, height))?;
    decoder
        .set_limits(limits)
        .map_err(|e| decode_error(e, width, height))?;
    // A missing or unreadable EXIF block just means "as stored".
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, width, height))?;
    Ok((image, orientation))
}

/// JPEG through zune-jpeg directly, in strict mode: the `image` crate's wrapper is lenient and
/// fills a scan that runs out of data with grey (or repeats its last colour), storing a damaged
/// card photo without complaint.
///
/// Strict mode alone misses data cut short and followed by an end marker: the decoder treats
/// the marker as the end of the scan and pads with zero bits. So a sequential JPEG is decoded with
/// its end marker replaced by [`JPEG_READ_AHEAD`] zero bytes, which a sound picture never reaches
/// and a short one uses up, turning "the data ran out before the picture was filled" into an
/// error. A progressive JPEG needs the marker to end its scans and is decoded as it is; a
/// progressive file cut short and re-terminated is caught instead by [`jpeg_layout`] (unless the
/// cut falls in its last scan, which loses the last bit of some coefficients, not area).
fn decode_jpeg(bytes: &[u8]) -> Result<(DynamicImage, Orientation), PhotoError> {
    let layout = jpeg_layout(bytes);
    let Some(end) = layout.end else {
        // The decoder would fill the missing part with grey rather than fail.
        return Err(PhotoError::Corrupt("the JPEG data ends early".to_owned()));
    };
    if !layout.scans_complete {
        return Err(PhotoError::Corrupt(
            "the JPEG ends before its last scans".to_owned(),
        ));
    }
    // The picture alone, without any trailer after its end marker.
    let bytes = &bytes[..end + 2];
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX));
    let mut header = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    header.decode_headers().map_err(jpeg_error)?;
    let info = header
        .info()
        .ok_or_else(|| PhotoError::Corrupt("no JPEG header".to_owned()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_size(width, height)?;
    let progressive = info.sof.is_progressive();
    let output = match header.input_colorspace() {
        Some(ColorSpace::Luma | ColorSpace::LumaA) => ColorSpace::Luma,
        // CMYK and YCCK are converted too.
        _ => ColorSpace::RGB,
    };
    // A progressive decode also keeps every 16-bit coefficient of every component until the
    // last scan: at most 2 bytes per pixel per component.
    let per_pixel = output.num_components() as u64
        + if progressive {
            2 * u64::from(info.components)
        } else {
            0
        };
    check_decode_bytes(
        width,
        height,
        u64::from(width) * u64::from(height) * per_pixel,
    )?;
    let orientation = header
        .exif()
        .and_then(|exif| Orientation::from_exif_chunk(exif))
        .unwrap_or(Orientation::NoTransforms);

    let options = options.jpeg_set_out_colorspace(output);
    let decode = |data: &[u8]| {
        zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options).decode()
    };
    let pixels = if progressive {
        decode(bytes)
    } else {
        let mut data = bytes[..end].to_vec();
        data.extend([0; JPEG_READ_AHEAD]);
        decode(&data)
    }
    .map_err(jpeg_error)?;
    let image = if output == ColorSpace::Luma {
        GrayImage::from_raw(width, height, pixels).map(DynamicImage::ImageLuma8)
    } else {
        RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
    }
    .ok_or_else(|| PhotoError::Corrupt("the JPEG decoder returned a short picture".to_owned()))?;
    Ok((image, orientation))
}

fn jpeg_error(e: zune_jpeg::errors::DecodeErrors) -> PhotoError {
    PhotoError::Corrupt(format!("{e:?}"))
}

/// What a JPEG's markers say about its first picture, read without decoding it.
struct JpegLayout {
    /// Where the picture's end-of-image marker starts; `None` when the file ends before it. What
    /// follows it (a phone's trailer, a motion photo's video) is not part of the picture.
    end: Option<usize>,
    /// Whether its scans bring every coefficient of every component down to the last bit (a scan
    /// with successive approximation `Al` 0), as every encoder's scan script does; a progressive
    /// JPEG cut short and given back an end marker lacks its last scans.
    scans_complete: bool,
}

/// Walks a JPEG's segments and scans: headers by their lengths, entropy-coded data up to the next
/// marker that is not a stuffed 0xFF byte, a fill byte or a restart marker.
fn jpeg_layout(bytes: &[u8]) -> JpegLayout {
    // Per component id: which of the 64 coefficients a final-bit scan has covered.
    let mut components: Vec<(u8, [bool; 64])> = Vec::new();
    let mut end = None;
    let mut at = 2; // after SOI
    while let Some(&[0xFF, marker]) = bytes.get(at..at + 2) {
        match marker {
            0xD9 => {
                end = Some(at);
                break;
            }
            0xFF => {
                at += 1; // a fill byte before a marker
                continue;
            }
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(at + 2..at + 4) else {
            break;
        };
        let length = usize::from(u16::from_be_bytes([high, low]));
        let Some(segment) = bytes.get(at + 4..at + 2 + length.max(2)) else {
            break;
        };
        at += 2 + 2 + segment.len();
        match marker {
            // Start of frame, any kind (C4 is DHT, C8 reserved, CC is DAC): the components.
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                let count = usize::from(segment.get(5).copied().unwrap_or(0));
                components = (0..count)
                    .filter_map(|i| segment.get(6 + 3 * i))
                    .map(|&id| (id, [false; 64]))
                    .collect();
            }
            0xDA => {
                let count = usize::from(segment.first().copied().unwrap_or(0));
                if let Some(&[start, last, approximation]) =
                    segment.get(1 + 2 * count..4 + 2 * count)
                {
                    if approximation & 0x0F == 0 {
                        for i in 0..count {
                            let id = segment.get(1 + 2 * i).copied();
                            if let Some((_, done)) = components.iter_mut().find(|c| Some(c.0) == id)
                            {
                                let range = usize::from(start)..=usize::from(last).min(63);
                                done.get_mut(range)
                                    .into_iter()
                                    .flatten()
                                    .for_each(|d| *d = true);
                            }
                        }
                    }
                }
                at = after_entropy_data(bytes, at);
            }
            _ => {}
        }
    }
    JpegLayout {
        end,
        scans_complete: !components.is_empty()
            && components.iter().all(|(_, done)| done.iter().all(|&d| d)),
    }
}

/// Where the marker after the entropy-coded data starting at `at` begins (`bytes.len()` if none).
fn after_entropy_data(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let Some(i) = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
        else {
            return bytes.len();
        };
        at += i;
        match bytes.get(at + 1) {
            Some(0x00 | 0xD0..=0xD7) => at += 2,
            Some(0xFF) => at += 1,
            _ => return at,
        }
    }
}

/// True for an animated PNG (an `acTL` chunk before the image data) or WebP (the animation flag
/// of its `VP8X` chunk).
fn is_animated(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return bytes.get(12..16) == Some(b"VP8X")
            && bytes.get(20).is_some_and(|flags| flags & 0x02 != 0);
    }
    let mut at = 8;
    while let Some(header) = bytes.get(at..at + 8) {
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        match &header[4..8] {
            b"acTL" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => at = at.saturating_add(12).saturating_add(length as usize),
        }
    }
    false
}

/// Width, height and decoded bytes per pixel from a PNG's IHDR chunk, which the format requires
/// to come first. Palette images are expanded to RGBA, 16-bit samples stay 16-bit.
fn png_ihdr(bytes: &[u8]) -> Option<(u32, u32, u64)> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    let sample_bytes = if *bytes.get(24)? == 16 { 2 } else { 1 };
    let samples = match bytes.get(25)? {
        0 => 1, // grey
        4 => 2, // grey and alpha
        2 => 3, // RGB
        _ => 4, // RGBA, palette (expanded), or invalid (the decoder refuses it)
    };
    Some((width, height, samples * sample_bytes))
}

/// True when turning the picture upright exchanges its width and height.
fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Width and height of the picture once turned upright.
fn oriented_size(orientation: Orientation, width: u32, height: u32) -> (u32, u32) {
    if swaps_sides(orientation) {
        (height, width)
    } else {
        (width, height)
    }
}

/// The rectangle of the stored (not yet upright) picture that becomes `crop` once turned upright,
/// as `image`'s `apply_orientation` turns it: each corner of the crop is mapped back.
fn source_area(orientation: Orientation, width: u32, height: u32, crop: Crop) -> Crop {
    let back = |u: u32, v: u32| -> (u32, u32) {
        match orientation {
            Orientation::NoTransforms => (u, v),
            Orientation::FlipHorizontal => (width - u, v),
            Orientation::FlipVertical => (u, height - v),
            Orientation::Rotate180 => (width - u, height - v),
            Orientation::Rotate90 => (v, height - u),
            Orientation::Rotate270 => (width - v, u),
            Orientation::Rotate90FlipH => (v, u),
            Orientation::Rotate270FlipH => (width - v, height - u),
        }
    };
    let (x0, y0) = back(crop.x, crop.y);
    let (x1, y1) = back(crop.x + crop.width, crop.y + crop.height);
    Crop {
        x: x0.min(x1),
        y: y0.min(y1),
        width: x0.abs_diff(x1),
        height: y0.abs_diff(y1),
    }
}

/// A rectangle of a decoded picture of any colour type, read as 8-bit RGB with any transparency
/// composited over white (transparent PNG backgrounds must not print black). Reading through it
/// avoids copying the picture at full size.
struct OnWhite<'a> {
    image: &'a DynamicImage,
    area: Crop,
}

impl GenericImageView for OnWhite<'_> {
    type Pixel = Rgb<u8>;

    fn dimensions(&self) -> (u32, u32) {
        (self.area.width, self.area.height)
    }

    fn get_pixel(&self, x: u32, y: u32) -> Rgb<u8> {
        let Rgba([r, g, b, a]) = self.image.get_pixel(self.area.x + x, self.area.y + y);
        let a = u16::from(a);
        let over_white = |c: u8| {
            let v = (u16::from(c) * a + 255 * (255 - a)) / 255;
            u8::try_from(v).unwrap_or(u8::MAX)
        };
        Rgb([over_white(r), over_white(g), over_white(b)])
    }
}

/// The view at `width` × `height`: an area average down to twice the target (fast, and its only
/// intermediate buffer is small), then Lanczos3 for sharpness.
fn shrink(view: &OnWhite<'_>, width: u32, height: u32) -> RgbImage {
    let (source_width, source_height) = view.dimensions();
    if (width, height) == (source_width, source_height) {
        return RgbImage::from_fn(width, height, |x, y| view.get_pixel(x, y));
    }
    let (mid_width, mid_height) = (
        (width * 2).min(source_width),
        (height * 2).min(source_height),
    );
    let mid = if (mid_width, mid_height) == (source_width, source_height) {
        RgbImage::from_fn(mid_width, mid_height, |x, y| view.get_pixel(x, y))
    } else {
        image::imageops::thumbnail(view, mid_width, mid_height)
    };
    if (mid_width, mid_height) == (width, height) {
        return mid;
    }
    image::imageops::resize(&mid, width, height, FilterType::Lanczos3)
}

fn scaled(width: u32, height: u32, scale: f64) -> (u32, u32) {
    let w = ((f64::from(width) * scale).round() as u32).clamp(1, width);
    let h = ((f64::from(height) * scale).round() as u32).clamp(1, height);
    (w, h)
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
    let (w, h) = scaled(rgb.width(), rgb.height(), scale);
    image::imageops::resize(rgb, w, h, FilterType::Lanczos3)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cropping the stored picture through [`source_area`] and turning the piece upright gives the
    /// same pixels as turning the whole picture upright and cropping it, for every orientation.
    #[test]
    fn source_area_matches_cropping_after_orientation() {
        let stored = DynamicImage::ImageRgb8(RgbImage::from_fn(7, 5, |x, y| {
            Rgb([x as u8 * 30, y as u8 * 40, 7])
        }));
        let orientations = [
            Orientation::NoTransforms,
            Orientation::Rotate90,
            Orientation::Rotate180,
            Orientation::Rotate270,
            Orientation::FlipHorizontal,
            Orientation::FlipVertical,
            Orientation::Rotate90FlipH,
            Orientation::Rotate270FlipH,
        ];
        for orientation in orientations {
            let mut upright = stored.clone();
            upright.apply_orientation(orientation);
            let crop = Crop {
                x: 1,
                y: 2,
                width: 2,
                height: 3,
            };
            let expected = upright
                .crop_imm(crop.x, crop.y, crop.width, crop.height)
                .into_rgb8();
            let area = source_area(orientation, 7, 5, crop);
            let piece = stored
                .crop_imm(area.x, area.y, area.width, area.height)
                .into_rgb8();
            let mut piece = DynamicImage::ImageRgb8(piece);
            piece.apply_orientation(orientation);
            assert_eq!(piece.into_rgb8(), expected, "{orientation:?}");
        }
    }
}
