//! Discovery: from the paths given, the register repositories and their YAML files.
//!
//! A folder holding `reglint.yaml` or `.reglint.yaml` is the root of one repository; without
//! one, the folder given is the root. Files are found with the `ignore` crate (honouring
//! `.gitignore` and `.reglintignore`, skipping hidden files) and sorted, so nothing downstream
//! depends on directory order. A file or folder named inside a repository is checked in the
//! context of the whole repository (so references resolve) but only its findings are kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use ignore::WalkBuilder;

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
    pub only: Option<Vec<PathBuf>>,
}

/// Why discovery cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A path given does not exist.
    #[error("path `{0}` does not exist")]
    NotFound(String),
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
    Only(Vec<PathBuf>),
}

/// One path given on the command line, resolved.
struct Request {
    /// The folder to walk: the path's repository root, or the path itself.
    walk_root: PathBuf,
    /// The file or folder named, when it lies inside a repository rather than being one.
    only: Option<PathBuf>,
}

/// Finds the repositories and files for the paths given (relative to `cwd`). Each folder is
/// walked once, each file belongs to exactly one repository (the innermost), and files that
/// `.gitignore`/`.reglintignore` exclude are skipped even when named.
pub fn discover(paths: &[PathBuf], cwd: &Path) -> Result<Vec<RepoFiles>, DiscoverError> {
    let mut cache: HashMap<PathBuf, bool> = HashMap::new();
    let mut requests = Vec::new();
    for given in paths {
        let path = normalise(&cwd.join(given));
        if !path.exists() {
            return Err(DiscoverError::NotFound(given.display().to_string()));
        }
        let is_dir = path.is_dir();
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

    // Each file's repository: the innermost root found by any walk.
    let walk_roots: BTreeSet<&PathBuf> = requests.iter().map(|r| &r.walk_root).collect();
    let mut owner: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut roots: BTreeSet<PathBuf> = BTreeSet::new();
    for walk_root in walk_roots {
        roots.insert(walk_root.clone());
        let mut found = Vec::new();
        walk(walk_root, &mut found);
        for file in found {
            let root = nearest_root(&file, walk_root, &mut cache);
            roots.insert(root.clone());
            let entry = owner.entry(file).or_insert_with(|| root.clone());
            if root.components().count() > entry.components().count() {
                *entry = root;
            }
        }
    }

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
    for request in &requests {
        match &request.only {
            None => make_whole(&mut filters, &request.walk_root, None),
            Some(only) => {
                let target = nearest_root(only, &request.walk_root, &mut cache);
                if only.is_dir() {
                    make_whole(&mut filters, only, Some(&target));
                }
                let filter = filters
                    .entry(target)
                    .or_insert_with(|| Filter::Only(Vec::new()));
                if let Filter::Only(list) = filter {
                    list.push(only.clone());
                }
            }
        }
    }

    let mut files_of: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (file, root) in owner {
        files_of.entry(root).or_default().push(file);
    }
    Ok(filters
        .into_iter()
        .map(|(root, filter)| RepoFiles {
            files: files_of.remove(&root).unwrap_or_default(),
            root,
            only: match filter {
                Filter::Whole => None,
                Filter::Only(list) => Some(list),
            },
        })
        .collect())
}

/// Whether a path names a register file: `*.yaml`/`*.yml`, not a root marker.
pub fn is_register_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    path.extension().is_some_and(|e| e == "yaml" || e == "yml") && !ROOT_MARKERS.contains(&name)
}

fn walk(root: &Path, out: &mut Vec<PathBuf>) {
    let walker = WalkBuilder::new(root)
        .add_custom_ignore_filename(IGNORE_FILE)
        .require_git(false)
        .hidden(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker.flatten() {
        if entry.file_type().is_some_and(|t| t.is_file()) && is_register_file(entry.path()) {
            out.push(normalise(entry.path()));
        }
    }
}

fn has_marker(dir: &Path, cache: &mut HashMap<PathBuf, bool>) -> bool {
    *cache
        .entry(dir.to_path_buf())
        .or_insert_with(|| ROOT_MARKERS.iter().any(|m| dir.join(m).is_file()))
}

/// The nearest folder above `path` (strictly) holding a root marker.
fn enclosing_root(path: &Path, cache: &mut HashMap<PathBuf, bool>) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|dir| has_marker(dir, cache))
        .map(Path::to_path_buf)
}

/// The repository a file belongs to: the nearest marked folder between it and the walk root.
fn nearest_root(file: &Path, walk_root: &Path, cache: &mut HashMap<PathBuf, bool>) -> PathBuf {
    let start = if file.is_dir() {
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
