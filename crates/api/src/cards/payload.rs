//! The text of a card's QR code, signed by the office, and its offline check (`docs/cards.md`).
//!
//! `NSSF2:<member number>:<issue number>:<DDDD-WW>:<birth date YYYY-MM-DD>:<photo hash>:<Lao name>:<signature>`
//!
//! Every field but the name is written in the QR code's alphanumeric alphabet (digits, capitals, `-`, `:`),
//! which packs 5.5 bits a character instead of 8: the photo hash (the first 12 bytes of SHA-256 of the
//! stored JPEG, empty when the card has no photo) and the Ed25519 signature are unpadded base32 (RFC 4648),
//! so the symbol is one or two QR versions smaller than with base64, and its modules larger on the card.
//! The name is the member's given and family names in Lao script as printed (NFC, UTF-8, without the
//! title); Lao names hold only Lao letters and spaces, and the name is read as everything between the
//! sixth `:` and the last one anyway. The signature is over everything before the last `:`.
//!
//! Cards printed before the holder was bound carry `NSSF1;<member number>;<issue date>;<issue number>;
//! <DDDD-WW>;<base64url signature>`; they still verify, and say that they carry no name.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use crate::office_key::PUBLIC_HEADER;

const PREFIX: &str = "NSSF2";
const LEGACY_PREFIX: &str = "NSSF1";

/// Bytes of SHA-256 kept: 96 bits, far beyond finding a second photo with the same hash, in 20 characters.
const PHOTO_HASH_BYTES: usize = 12;

/// The first 12 bytes of SHA-256 of the stored photo (the prepared JPEG, whose bytes go into the PDF
/// unchanged), written as 20 base32 characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoHash([u8; PHOTO_HASH_BYTES]);

impl PhotoHash {
    /// The hash of a stored photo.
    pub fn of(jpeg: &[u8]) -> PhotoHash {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(jpeg);
        let mut bytes = [0; PHOTO_HASH_BYTES];
        bytes.copy_from_slice(&digest[..PHOTO_HASH_BYTES]);
        PhotoHash(bytes)
    }
}

impl std::fmt::Display for PhotoHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&base32(&self.0))
    }
}

/// Who a card belongs to, as its QR code says (cards printed since `NSSF2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardHolder {
    /// Given and family names in Lao script, as printed (without the title).
    pub name_lo: String,
    /// As printed.
    pub date_of_birth: NaiveDate,
    /// The photo printed on the card; `None` when it was printed without one.
    pub photo: Option<PhotoHash>,
}

/// A card whose QR code checked out against its office's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedCard {
    /// The dashed member number.
    pub member_no: String,
    /// Which printing of the member's card: 1, 2, …
    pub issue_no: u32,
    /// The workstation that printed and signed it, `DDDD-WW`.
    pub office: String,
    /// `None` for a card printed before cards carried their holder (`NSSF1`).
    pub holder: Option<CardHolder>,
}

/// Why a card's QR does not check out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardCheck {
    /// The public-key file is not one `office-key` writes.
    KeyFileInvalid,
    /// The QR text is not a card payload (fields, dates, numbers or signature encoding).
    Malformed,
    /// The card was issued by another office than the key file's.
    OtherOffice,
    /// The signature does not match: the card was altered or not signed by this office.
    BadSignature,
}

/// The signed part of a card's QR text: everything but the signature and the `:` before it.
pub(crate) fn signed_text(card: &VerifiedCard, holder: &CardHolder) -> String {
    format!(
        "{PREFIX}:{}:{}:{}:{}:{}:{}",
        card.member_no,
        card.issue_no,
        card.office,
        holder.date_of_birth.format("%Y-%m-%d"),
        holder.photo.map(|p| p.to_string()).unwrap_or_default(),
        holder.name_lo
    )
}

/// The whole QR text: the signed part, `:`, the signature.
pub(crate) fn qr_text(signed: &str, signature: &[u8; 64]) -> String {
    format!("{signed}:{}", base32(signature))
}

/// Checks a QR payload against an office's public-key file: what the card says, when its signature is the
/// office's.
pub fn verify_card(key_file: &str, payload: &str) -> Result<VerifiedCard, CardCheck> {
    let (office, key) = read_key_file(key_file)?;
    let payload = payload.trim();
    let (card, signed, signature) = if payload.starts_with(&format!("{PREFIX}:")) {
        let (signed, signature) = payload.rsplit_once(':').ok_or(CardCheck::Malformed)?;
        let signature = base32_decode(signature).ok_or(CardCheck::Malformed)?;
        (read_current(signed)?, signed, signature)
    } else {
        let (signed, signature) = payload.rsplit_once(';').ok_or(CardCheck::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| CardCheck::Malformed)?;
        (read_legacy(signed)?, signed, signature)
    };
    if card.office != office {
        return Err(CardCheck::OtherOffice);
    }
    let signature: [u8; 64] = signature.try_into().map_err(|_| CardCheck::Malformed)?;
    key.verify(signed.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| CardCheck::BadSignature)?;
    Ok(card)
}

/// The office code and key of a file `office-key` wrote.
fn read_key_file(key_file: &str) -> Result<(String, VerifyingKey), CardCheck> {
    let mut office = None;
    let mut key = None;
    let mut lines = key_file.lines();
    if lines.next().map(str::trim) != Some(PUBLIC_HEADER) {
        return Err(CardCheck::KeyFileInvalid);
    }
    for line in lines {
        match line.trim().split_once(' ') {
            Some(("office", v)) => office = Some(v.trim().to_owned()),
            Some(("ed25519", v)) => {
                let bytes: [u8; 32] = STANDARD
                    .decode(v.trim())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or(CardCheck::KeyFileInvalid)?;
                key =
                    Some(VerifyingKey::from_bytes(&bytes).map_err(|_| CardCheck::KeyFileInvalid)?);
            }
            _ => {}
        }
    }
    match (office, key) {
        (Some(office), Some(key)) => Ok((office, key)),
        _ => Err(CardCheck::KeyFileInvalid),
    }
}

fn read_current(signed: &str) -> Result<VerifiedCard, CardCheck> {
    // The name is last and taken whole, so only the six fields before it are split.
    let fields: Vec<&str> = signed.splitn(7, ':').collect();
    let [PREFIX, member_no, issue_no, office, born, photo, name_lo] = fields.as_slice() else {
        return Err(CardCheck::Malformed);
    };
    let photo = match *photo {
        "" => None,
        text => Some(PhotoHash(
            base32_decode(text)
                .and_then(|b| b.try_into().ok())
                .ok_or(CardCheck::Malformed)?,
        )),
    };
    if name_lo.trim().is_empty() {
        return Err(CardCheck::Malformed);
    }
    Ok(VerifiedCard {
        member_no: member_number(member_no)?,
        issue_no: issue_number(issue_no)?,
        office: office_code(office)?,
        holder: Some(CardHolder {
            name_lo: (*name_lo).to_owned(),
            date_of_birth: date(born)?,
            photo,
        }),
    })
}

fn read_legacy(signed: &str) -> Result<VerifiedCard, CardCheck> {
    let fields: Vec<&str> = signed.split(';').collect();
    let [LEGACY_PREFIX, member_no, issued, issue_no, office] = fields.as_slice() else {
        return Err(CardCheck::Malformed);
    };
    date(issued)?;
    Ok(VerifiedCard {
        member_no: member_number(member_no)?,
        issue_no: issue_number(issue_no)?,
        office: office_code(office)?,
        holder: None,
    })
}

fn member_number(text: &str) -> Result<String, CardCheck> {
    // Only the dashed form the office prints is signed, so anything else cannot verify: malformed.
    match nssf_domain::MemberNumber::parse(text) {
        Ok(number) if number.to_string() == text => Ok(text.to_owned()),
        _ => Err(CardCheck::Malformed),
    }
}

fn issue_number(text: &str) -> Result<u32, CardCheck> {
    match text.parse::<u32>() {
        Ok(n) if n >= 1 && n.to_string() == text => Ok(n),
        _ => Err(CardCheck::Malformed),
    }
}

/// `DDDD-WW`.
fn office_code(text: &str) -> Result<String, CardCheck> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 7
        && bytes[4] == b'-'
        && bytes[..4].iter().chain(&bytes[5..]).all(u8::is_ascii_digit);
    if shaped {
        Ok(text.to_owned())
    } else {
        Err(CardCheck::Malformed)
    }
}

fn date(text: &str) -> Result<NaiveDate, CardCheck> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| CardCheck::Malformed)
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Unpadded base32 (RFC 4648): capitals and digits, all in the QR code's alphanumeric mode.
fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0_u32, 0_u32);
    for &byte in bytes {
        buffer = ((buffer << 8) | u32::from(byte)) & 0xFFFF;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The bytes of unpadded base32; `None` for any other character, a length no byte count gives, or unused
/// low bits that are not zero, so that each value has exactly one text.
fn base32_decode(text: &str) -> Option<Vec<u8>> {
    if matches!(text.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0_u32, 0_u32);
    for c in text.bytes() {
        let value = BASE32.iter().position(|&b| b == c)?;
        buffer = ((buffer << 5) | value as u32) & 0xFFFF;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    (buffer & ((1 << bits) - 1) == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_round_trips_and_has_one_text_per_value() {
        let check = |bytes: &[u8], text: &str| {
            assert_eq!(base32(bytes), text);
            assert_eq!(base32_decode(text).as_deref(), Some(bytes));
        };
        // RFC 4648's test vectors, without padding.
        check(b"", "");
        check(b"f", "MY");
        check(b"fo", "MZXQ");
        check(b"foo", "MZXW6");
        check(b"foob", "MZXW6YQ");
        check(b"fooba", "MZXW6YTB");
        check(b"foobar", "MZXW6YTBOI");
        assert_eq!(base32(&[0xFF; 64]).len(), 103);
        assert_eq!(base32(&[0; 12]).len(), 20);
        for not_base32 in ["MZ", "MZXW6YTBO", "mzxw6", "MZXW1", "MZ=", "MZXW6YTBOJ"] {
            assert_eq!(base32_decode(not_base32), None, "{not_base32}");
        }
    }
}
