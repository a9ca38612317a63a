//! Discovery: from the paths given, the register repositories and their YAML files.
//!
//! A folder holding `reglint.yaml` or `.reglint.yaml` is the root of one repository; without
//! one, the folder given is the root. Files are found with the `ignore` crate and sorted, so
//! nothing downstream depends on directory order. Only what lies inside the repository
//! decides what is read: its `.gitignore` files (with or without a `.git` folder), its
//! `.reglintignore` files and hidden names; never a `.gitignore` above the root, the user's
//! global excludes, a clone's `.git/info/exclude` or `.ignore` files, so the same repository
//! gives the same result on every machine. A file or folder named inside a repository is
//! checked in the context of the whole repository (so references resolve) but only its
//! findings are kept. Nothing is skipped without a word: whatever the walk cannot read, a
//! symlink it does not follow and a named file it excludes comes back as a [`Skipped`] path.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use ignore::WalkBuilder;

pub mod git;
mod input;
mod skipped;

pub use input::Input;
pub use skipped::{SKIPPED_PATH, SkipReason, Skipped, UNREADABLE_PATH};

/// File names that mark a repository root (and are configuration, not registers).
pub const ROOT_MARKERS: [&str; 2] = ["reglint.yaml", ".reglint.yaml"];

/// The name of the ignore file reglint reads besides `.gitignore`.
pub const IGNORE_FILE: &str = ".reglintignore";

/// One repository to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoFiles {
    /// The root folder (absolute, normalised).
    pub root: PathBuf,
    /// Its register files (absolute), sorted.
    pub files: Vec<PathBuf>,
    /// When only some files or folders were named: report findings in these only.
    pub only: Option<HashSet<PathBuf>>,
    /// Paths under it that were not read, and why.
    pub skipped: Vec<Skipped>,
}

impl RepoFiles {
    /// Whether findings in `path` are reported: the whole repository was asked for, or the
    /// path or a folder above it (inside the repository) was named. One set lookup per
    /// folder level, so naming 20 000 files costs no more per finding than naming one.
    pub fn is_named(&self, path: &Path) -> bool {
        let Some(only) = &self.only else {
            return true;
        };
        path.ancestors()
            .take_while(|dir| dir.starts_with(&self.root))
            .any(|dir| only.contains(dir))
    }
}

/// A path given on the command line, as given and as resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// As typed.
    pub shown: String,
    /// Absolute and normalised (a symlinked file: the file it stands for, when that is read).
    pub path: PathBuf,
    /// Whether it is a folder.
    pub is_dir: bool,
}

/// What discovery found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// The repositories to check.
    pub repos: Vec<RepoFiles>,
    /// The paths given, in order.
    pub given: Vec<Given>,
}

/// Why discovery cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A path given does not exist.
    #[error("path `{0}` does not exist: nothing was checked")]
    NotFound(String),
    /// A path given is not in the git snapshot being checked.
    #[error("path `{0}` is not in {1}: nothing was checked")]
    NotInSnapshot(String, String),
    /// The working directory is unavailable.
    #[error("cannot read the current directory: {0}")]
    Cwd(#[from] std::io::Error),
}

/// Which findings of a repository are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter {
    /// The repository was named (or found under a folder named): all of them.
    Whole,
    /// Only files or folders inside it were named: findings under these.
    Only(HashSet<PathBuf>),
}

/// One path given on the command line, resolved.
struct Request {
    /// The folder to walk: the path's repository root, or the path itself.
    walk_root: PathBuf,
    /// The file or folder named, when it lies inside a repository rather than being one.
    only: Option<PathBuf>,
}

/// What walking one folder found.
#[derive(Default)]
struct Walked {
    files: Vec<PathBuf>,
    skipped: Vec<(PathBuf, SkipReason)>,
    /// Symlinked files whose target is read as itself: (link, target).
    aliases: Vec<(PathBuf, PathBuf)>,
}

/// Finds the repositories and files for the paths given (relative to `cwd`). Each folder is
/// walked once, each file belongs to exactly one repository (the innermost), and files that
/// `.gitignore`/`.reglintignore` exclude are skipped even when named (and said to be).
pub fn discover(paths: &[PathBuf], cwd: &Path, input: &Input) -> Result<Discovery, DiscoverError> {
    let mut cache = Markers {
        input,
        found: HashMap::new(),
    };
    let mut requests = Vec::new();
    let mut given = Vec::new();
    for typed in paths {
        let path = normalise(&cwd.join(typed));
        if !input.exists(&path) {
            let shown = typed.display().to_string();
            return Err(match input {
                Input::WorkTree => DiscoverError::NotFound(shown),
                Input::Git(snapshot) => {
                    DiscoverError::NotInSnapshot(shown, snapshot.label().to_owned())
                }
            });
        }
        let is_dir = input.is_dir(&path);
        given.push(Given {
            shown: typed.display().to_string(),
            path: path.clone(),
            is_dir,
        });
        let request = if is_dir && has_marker(&path, &mut cache) {
            Request {
                walk_root: path,
                only: None,
            }
        } else {
            match enclosing_root(&path, &mut cache) {
                Some(root) => Request {
                    walk_root: root,
                    only: Some(path),
                },
                None if is_dir => Request {
                    walk_root: path,
                    only: None,
                },
                None => Request {
                    walk_root: fallback_root(&path, cwd),
                    only: Some(path),
                },
            }
        };
        requests.push(request);
    }

    // Each file's repository: the innermost root found by any walk. Roots are few and files
    // many, so a file holds its root's index in `root_paths`.
    let walk_roots: BTreeSet<&PathBuf> = requests.iter().map(|r| &r.walk_root).collect();
    let mut root_paths: Vec<PathBuf> = Vec::new();
    let mut root_ids: HashMap<PathBuf, usize> = HashMap::new();
    let mut owned: Vec<(PathBuf, usize)> = Vec::new();
    let mut roots: BTreeSet<PathBuf> = BTreeSet::new();
    let mut skipped: BTreeMap<PathBuf, SkipReason> = BTreeMap::new();
    let mut aliases: HashMap<PathBuf, PathBuf> = HashMap::new();
    for walk_root in walk_roots {
        roots.insert(walk_root.clone());
        let mut found = Walked::default();
        match input {
            Input::WorkTree => walk(walk_root, &mut found),
            Input::Git(snapshot) => {
                input::walk_snapshot(snapshot, walk_root, &mut found.files, &mut found.skipped);
            }
        }
        // Files come sorted, so a folder's files are consecutive: its root is found once.
        let mut folder_root: Option<(PathBuf, usize)> = None;
        for file in found.files {
            let folder = file.parent().unwrap_or(&file);
            let root = match &folder_root {
                Some((seen, root)) if seen == folder => *root,
                _ => {
                    let root = nearest_root(&file, walk_root, &mut cache);
                    let id = *root_ids.entry(root).or_insert_with_key(|root| {
                        root_paths.push(root.clone());
                        root_paths.len() - 1
                    });
                    folder_root = Some((folder.to_path_buf(), id));
                    id
                }
            };
            owned.push((file, root));
        }
        skipped.extend(found.skipped);
        aliases.extend(found.aliases);
    }
    roots.extend(root_paths.iter().cloned());
    // A file two walks found (one root inside another) goes to the deeper root; of equally
    // deep ones, the first walk's. The sort is stable, and each walk's files come sorted.
    owned.sort_by(|a, b| a.0.cmp(&b.0));
    let depth = |id: usize| root_paths[id].components().count();
    owned.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same && depth(later.1) > depth(kept.1) {
            kept.1 = later.1;
        }
        same
    });
    let is_owned = |path: &Path| {
        owned
            .binary_search_by(|(file, _)| file.as_path().cmp(path))
            .is_ok()
    };

    let mut filters: BTreeMap<PathBuf, Filter> = BTreeMap::new();
    let make_whole =
        |filters: &mut BTreeMap<PathBuf, Filter>, under: &Path, except: Option<&Path>| {
            for root in roots
                .iter()
                .filter(|r| r.starts_with(under) && Some(r.as_path()) != except)
            {
                filters.insert(root.clone(), Filter::Whole);
            }
        };
    for (request, given) in requests.iter().zip(&mut given) {
        match &request.only {
            None => make_whole(&mut filters, &request.walk_root, None),
            Some(only) => {
                // A named symlink whose target is read as itself stands for the target.
                let only = aliases.get(only).unwrap_or(only);
                given.path.clone_from(only);
                let target = nearest_root(only, &request.walk_root, &mut cache);
                if given.is_dir {
                    make_whole(&mut filters, only, Some(&target));
                } else if is_register_file(only) && !is_owned(only) && !skipped.contains_key(only) {
                    let relative = only.strip_prefix(&request.walk_root).unwrap_or(only);
                    let is_hidden = relative
                        .components()
                        .any(|c| c.as_os_str().to_str().is_some_and(|n| n.starts_with('.')));
                    skipped.insert(only.clone(), SkipReason::Excluded { is_hidden });
                }
                let filter = filters
                    .entry(target)
                    .or_insert_with(|| Filter::Only(HashSet::new()));
                if let Filter::Only(set) = filter {
                    set.insert(only.clone());
                }
            }
        }
    }

    let mut files_of: Vec<Vec<PathBuf>> = vec![Vec::new(); root_paths.len()];
    for (file, root) in owned {
        files_of[root].push(file);
    }
    let mut skipped_of: BTreeMap<PathBuf, Vec<Skipped>> = BTreeMap::new();
    for (path, reason) in skipped {
        let walk_root = filters
            .keys()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.components().count());
        if let Some(walk_root) = walk_root {
            // From the folder holding it: a symlinked folder may lead to a marked one.
            let holder = path.parent().unwrap_or(&path).to_path_buf();
            let root = nearest_root(&holder, walk_root, &mut cache);
            skipped_of
                .entry(root)
                .or_default()
                .push(Skipped { path, reason });
        }
    }
    let repos = filters
        .into_iter()
        .map(|(root, filter)| RepoFiles {
            files: root_ids
                .get(&root)
                .map(|&id| std::mem::take(&mut files_of[id]))
                .unwrap_or_default(),
            skipped: skipped_of.remove(&root).unwrap_or_default(),
            root,
            only: match filter {
                Filter::Whole => None,
                Filter::Only(set) => Some(set),
            },
        })
        .collect();
    Ok(Discovery { repos, given })
}

/// Whether a path names a register file: `*.yaml`/`*.yml`, not a root marker.
pub fn is_register_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    path.extension().is_some_and(|e| e == "yaml" || e == "yml") && !ROOT_MARKERS.contains(&name)
}

fn walk(root: &Path, out: &mut Walked) {
    // Only what the repository itself holds decides what is read (see the module's opening
    // paragraph): `.git/info/exclude` is a clone's private list, never committed, so it is
    // not read either. Symlinks are not followed by the walker; each is looked at below.
    let walker = WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(false)
        // Siblings share their folder's path, byte for byte, so comparing their paths' bytes
        // orders them by name as `Path`'s comparison would, without parsing each path into
        // components on every comparison.
        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()))
        .build();
    let mut links = Vec::new();
    for result in walker {
        let entry = match result {
            Ok(entry) => entry,
            Err(error) => {
                let path = error_path(&error).map_or_else(|| root.to_path_buf(), normalise);
                out.skipped
                    .push((path, SkipReason::Unreadable(error_cause(&error))));
                continue;
            }
        };
        let Some(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_file() && is_register_file(path) {
            out.files.push(normalise(path));
        } else if kind.is_symlink() {
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => out
                    .skipped
                    .push((normalise(path), SkipReason::SymlinkedFolder)),
                Ok(meta) if meta.is_file() && is_register_file(path) => {
                    links.push(normalise(path));
                }
                // A dangling link with a register's name is kept: reading it reports why
                // it cannot be read, at its path.
                Err(_) if is_register_file(path) => out.files.push(normalise(path)),
                _ => {}
            }
        }
    }
    resolve_links(root, links, out);
}

/// A symlinked file is read when its target lies inside the repository, once: when the
/// target is itself a file of the walk, the link stands for it (an alias), else the first
/// link to a target is read under its own name.
fn resolve_links(root: &Path, links: Vec<PathBuf>, out: &mut Walked) {
    if links.is_empty() {
        return;
    }
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let files: HashSet<PathBuf> = out.files.iter().cloned().collect();
    let mut read_targets: HashSet<PathBuf> = HashSet::new();
    for link in links {
        let target = std::fs::canonicalize(&link).ok();
        let inside = target
            .as_ref()
            .and_then(|t| t.strip_prefix(&real_root).ok())
            .map(|relative| root.join(relative));
        match inside {
            None => out.skipped.push((link, SkipReason::LinkOutside)),
            Some(target) if files.contains(&target) => out.aliases.push((link, target)),
            Some(target) => {
                if read_targets.insert(target) {
                    out.files.push(link);
                }
            }
        }
    }
    out.files.sort();
}

/// The path an error of the walk is about, when it names one.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.first().and_then(error_path),
        _ => None,
    }
}

/// What went wrong, without the path (the diagnostic names it).
fn error_cause(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_cause(err)
        }
        ignore::Error::Partial(errors) if errors.len() == 1 => error_cause(&errors[0]),
        // The system's own words ("Permission denied (os error 13)"), without the absolute
        // path the walker wraps around them.
        ignore::Error::Io(io) => io.raw_os_error().map_or_else(
            || io.to_string(),
            |code| std::io::Error::from_raw_os_error(code).to_string(),
        ),
        other => other.to_string(),
    }
}

/// Which folders hold a root marker, as the input has them, each looked up once.
struct Markers<'i> {
    input: &'i Input,
    found: HashMap<PathBuf, bool>,
}

fn has_marker(dir: &Path, cache: &mut Markers<'_>) -> bool {
    let input = cache.input;
    *cache
        .found
        .entry(dir.to_path_buf())
        .or_insert_with(|| ROOT_MARKERS.iter().any(|m| input.is_file(&dir.join(m))))
}

/// The nearest folder above `path` (strictly) holding a root marker.
fn enclosing_root(path: &Path, cache: &mut Markers<'_>) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|dir| has_marker(dir, cache))
        .map(Path::to_path_buf)
}

/// The repository a file belongs to: the nearest marked folder between it and the walk root.
fn nearest_root(file: &Path, walk_root: &Path, cache: &mut Markers<'_>) -> PathBuf {
    let start = if cache.input.is_dir(file) {
        Some(file)
    } else {
        file.parent()
    };
    start
        .into_iter()
        .flat_map(Path::ancestors)
        .take_while(|dir| dir.starts_with(walk_root))
        .find(|dir| has_marker(dir, cache))
        .unwrap_or(walk_root)
        .to_path_buf()
}

/// A file outside any marked repository belongs to the working directory's repository when
/// under it (pre-commit passes paths relative to the top), else to its own folder.
fn fallback_root(file: &Path, cwd: &Path) -> PathBuf {
    if file.starts_with(cwd) {
        normalise(cwd)
    } else {
        file.parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
    }
}

/// Removes `.` and resolves `..` lexically, without touching the file system.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// How a path is shown: relative to the working directory when under it, else absolute.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".into() } else { text }
}
