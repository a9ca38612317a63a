//! Where a check reads its files from: the work tree, or a git [`Snapshot`] (the index with
//! `--staged`, a revision's tree).
//!
//! Discovery, configuration and loading ask an [`Input`] whether a path exists and what it
//! holds, so the same walk, the same loader and the same source map serve both; only the
//! answers differ. Walking a snapshot applies the rules the work-tree walk applies (hidden
//! names, `.gitignore` and `.reglintignore` files inside the repository, the snapshot's own
//! versions of them), with the same precedence as the `ignore` crate: a `.reglintignore`
//! match wins over a `.gitignore` match, a deeper file over a shallower one, and an ignored
//! folder hides everything under it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::git::{Entry, Snapshot};
use super::{IGNORE_FILE, SkipReason, is_register_file, normalise};

/// Where files are read from.
#[derive(Debug, Clone, Default)]
pub enum Input {
    /// The files on disk.
    #[default]
    WorkTree,
    /// The files a git snapshot holds.
    Git(Arc<Snapshot>),
}

impl Input {
    /// Whether `path` is a file or folder.
    pub fn exists(&self, path: &Path) -> bool {
        match self {
            Input::WorkTree => path.exists(),
            Input::Git(snapshot) => snapshot.entry(path).is_some() || snapshot.is_dir(path),
        }
    }

    /// Whether `path` is a folder.
    pub fn is_dir(&self, path: &Path) -> bool {
        match self {
            Input::WorkTree => path.is_dir(),
            Input::Git(snapshot) => snapshot.is_dir(path),
        }
    }

    /// Whether `path` is a file.
    pub fn is_file(&self, path: &Path) -> bool {
        match self {
            Input::WorkTree => path.is_file(),
            Input::Git(snapshot) => matches!(snapshot.entry(path), Some(Entry::File(_))),
        }
    }

    /// The size in bytes of the file at `path` (0 when it cannot be read).
    pub fn size(&self, path: &Path) -> u64 {
        match self {
            Input::WorkTree => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Git(snapshot) => snapshot.read(path).map_or(0, |b| b.len() as u64),
        }
    }

    /// The bytes of the file at `path`.
    pub fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self {
            Input::WorkTree => std::fs::read(path),
            Input::Git(snapshot) => snapshot.read(path).map(<[u8]>::to_vec),
        }
    }
}

/// The ignore files of one folder of a snapshot.
struct Level {
    dir: PathBuf,
    custom: Option<Gitignore>,
    git: Option<Gitignore>,
}

/// Walks `root` in a snapshot: its register files, and the paths not read with why.
pub(super) fn walk_snapshot(
    snapshot: &Snapshot,
    root: &Path,
    files: &mut Vec<PathBuf>,
    skipped: &mut Vec<(PathBuf, SkipReason)>,
) {
    let mut levels: Vec<Level> = Vec::new();
    let mut ignored_dirs: Vec<PathBuf> = Vec::new();
    for (path, entry) in snapshot.under(root) {
        if ignored_dirs.iter().any(|dir| path.starts_with(dir)) {
            continue;
        }
        // Each folder between the root and the file, outermost first: read its ignore files
        // once, and stop at the first that is hidden or ignored.
        let folders: Vec<&Path> = path
            .ancestors()
            .skip(1)
            .take_while(|dir| dir.starts_with(root))
            .collect();
        let mut is_visible = true;
        for dir in folders.into_iter().rev() {
            levels.retain(|level| dir.starts_with(&level.dir));
            // A folder is matched by the ignore files above it, not by its own.
            let above = match levels.last() {
                Some(last) if last.dir == dir => &levels[..levels.len() - 1],
                _ => &levels[..],
            };
            if dir != root && is_ignored(above, dir, true) {
                ignored_dirs.push(dir.to_path_buf());
                is_visible = false;
                break;
            }
            if !levels.iter().any(|level| level.dir == dir) {
                levels.push(Level {
                    dir: dir.to_path_buf(),
                    custom: matcher(snapshot, dir, IGNORE_FILE, skipped),
                    git: matcher(snapshot, dir, ".gitignore", skipped),
                });
            }
        }
        if !is_visible || !is_register_file(path) || is_ignored(&levels, path, false) {
            continue;
        }
        match entry {
            Entry::File(_) => files.push(path.clone()),
            // A link to a file of the repository stands for that file, which is read (or
            // excluded) under its own name; any other link is said to be skipped.
            Entry::Link(target) => {
                let target = normalise(&path.parent().unwrap_or(root).join(target));
                let is_inside = target.starts_with(root)
                    && matches!(snapshot.entry(&target), Some(Entry::File(_)));
                if !is_inside {
                    skipped.push((path.clone(), SkipReason::LinkOutside));
                }
            }
        }
    }
}

/// Whether a path is excluded: by an ignore file (a `.reglintignore` match first, then a
/// `.gitignore` one, each from the deepest folder up), else for a hidden name.
fn is_ignored(levels: &[Level], path: &Path, is_dir: bool) -> bool {
    let find = |pick: fn(&Level) -> Option<&Gitignore>| {
        levels.iter().rev().find_map(|level| {
            let m = pick(level)?.matched(path, is_dir);
            (!m.is_none()).then_some(m.is_ignore())
        })
    };
    let decided = find(|l| l.custom.as_ref()).or_else(|| find(|l| l.git.as_ref()));
    decided.unwrap_or_else(|| {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
    })
}

/// The matcher of the ignore file `name` in `dir`, when the snapshot holds one.
fn matcher(
    snapshot: &Snapshot,
    dir: &Path,
    name: &str,
    skipped: &mut Vec<(PathBuf, SkipReason)>,
) -> Option<Gitignore> {
    let path = dir.join(name);
    let bytes = snapshot.read(&path).ok()?;
    let mut builder = GitignoreBuilder::new(dir);
    for line in String::from_utf8_lossy(bytes).lines() {
        // A bad glob is reported, as the work-tree walk reports it; the other lines apply.
        if let Err(error) = builder.add_line(Some(path.clone()), line) {
            skipped.push((path.clone(), SkipReason::Unreadable(error.to_string())));
        }
    }
    builder.build().ok()
}
