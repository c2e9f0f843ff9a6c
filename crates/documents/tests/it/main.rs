//! Integration tests for nssf-documents. They check output with the Debian tools CI installs
//! (poppler-utils, qpdf, zbar-tools, libharfbuzz-bin, imagemagick) and fail, naming the package,
//! when one is missing.

mod card;
mod coverage;
mod page;
mod photo;
mod shaping;
mod sheet;
mod support;
mod wrap;
