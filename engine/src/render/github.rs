//! github.

use std::io::{self, Write};

use crate::run::Report;

pub(super) fn render(_report: &Report, _out: &mut dyn Write) -> io::Result<()> {
    Err(io::Error::other("the github format is not written yet"))
}
