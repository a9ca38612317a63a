//! SARIF 2.1.0.

use std::io::{self, Write};

use crate::run::Report;

pub(super) fn render(_report: &Report, _out: &mut dyn Write) -> io::Result<()> {
    Err(io::Error::other("the sarif format is not written yet"))
}
