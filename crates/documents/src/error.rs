/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A font could not be parsed for shaping or for embedding. Only the bundled fonts are used
    /// and [`Fonts::bundled`](crate::Fonts::bundled) panics if they fail (a broken build, caught
    /// by the tests), so no drawing or rendering call returns this today.
    #[error("font error: {0}")]
    Font(String),
    /// [`Document::render`](crate::Document::render): printpdf or lopdf failed to write the
    /// file, or reported an error while converting it.
    #[error("PDF error: {0}")]
    Pdf(String),
    /// The caller's progress callback returned `false` (the user pressed cancel), e.g. in
    /// [`card_sheet_pdf`](crate::card_sheet_pdf).
    #[error("cancelled")]
    Cancelled,
    /// [`Page::qr`](crate::Page::qr): the payload is too long for any QR version at error
    /// correction level M.
    #[error("QR code error: {0}")]
    Qr(String),
    /// [`Page::image_jpeg`](crate::Page::image_jpeg): the bytes are not a JPEG with a frame
    /// header, have no pixels, or are neither greyscale nor RGB (CMYK cannot be embedded as is).
    #[error("image error: {0}")]
    Image(String),
}

impl DocumentError {
    /// A stable kebab-case code for the UI to localise.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Font(_) => "document-font",
            DocumentError::Pdf(_) => "document-pdf",
            DocumentError::Cancelled => "document-cancelled",
            DocumentError::Qr(_) => "document-qr",
            DocumentError::Image(_) => "document-image",
        }
    }
}
