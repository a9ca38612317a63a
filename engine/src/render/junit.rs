//! JUnit XML.

use std::io::{self, Write};

use super::RenderOptions;
use crate::run::Report;

pub(super) fn render(
    _report: &Report,
    _options: &RenderOptions,
    _out: &mut dyn Write,
) -> io::Result<()> {
    Err(io::Error::other("the junit format is not written yet"))
}
