//! Writing an output file whole or not at all.
//!
//! Reports, baselines and scaffolded files are read by other programs (a CI platform's upload
//! step, the next run): a run that stops half-way must not leave half a file behind for them.
//! Each file is written to a temporary file beside it and renamed over the target, which on
//! one file system replaces it in one step.

use std::io;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.tmp{}", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
