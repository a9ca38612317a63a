//! Git as a source of files: the index (`--staged`) and the tree of a revision, read through
//! the `git` command line.
//!
//! Everything reglint asks of git goes through here: finding the work tree that holds a
//! folder, listing the index (`git ls-files -s -z`) or a revision's tree (`git ls-tree -r -z`)
//! and reading the blobs reglint needs with one `git cat-file --batch` for all of them. The
//! result is a [`Snapshot`]: paths as they would lie in the work tree, so files read from git
//! are named, walked and reported exactly like files on disk. The command line rather than a
//! git library: reglint runs as a pre-commit hook, where git is always installed, and a
//! library would lengthen every hook install, which builds reglint from source. Git is run in
//! the caller's environment on purpose: during `git commit` it names the index being
//! committed (`GIT_INDEX_FILE`), which is the one to read. Every failure is a [`GitError`]
//! that says what went wrong; nothing falls back to the work tree.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why git could not give what was asked.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// `git` cannot be started.
    #[error("cannot run `git`: {0}; `--staged` reads the git index through the git command line")]
    NotInstalled(String),
    /// The folder lies in no git work tree.
    #[error("`{0}` is not inside a git work tree, so it has no index to read")]
    NotARepository(String),
    /// The index holds unresolved merge conflicts.
    #[error(
        "the git index has unresolved conflicts in {}: resolve them before checking what is staged",
        .0.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
    )]
    Unmerged(Vec<String>),
    /// A git command failed.
    #[error("`git {command}` failed: {message}")]
    Failed {
        /// The command, without `git`.
        command: String,
        /// What git said (its stderr, trimmed), or how it ended.
        message: String,
    },
}

/// A git work tree, as seen from the folder it was found from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTree {
    /// Its top folder, spelled as the caller spells paths (not canonicalised: a work tree
    /// reached through a symlink keeps the caller's spelling, so paths compare equal).
    top: PathBuf,
}

/// What a snapshot holds at one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A regular file, with its bytes when they were read (see [`Snapshot`]).
    File(Option<Vec<u8>>),
    /// A symbolic link, with the path it holds.
    Link(PathBuf),
}

/// The files of a work tree as the index or a revision has them.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The work tree's top folder.
    top: PathBuf,
    /// What it is a snapshot of, for messages: `the git index`, `HEAD`.
    label: String,
    /// Every file (absolute, as it would lie in the work tree). Only the files reglint may
    /// read (see [`Snapshot::wants`]) carry their bytes.
    entries: BTreeMap<PathBuf, Entry>,
    /// Every folder that holds a file.
    folders: BTreeSet<PathBuf>,
}

impl WorkTree {
    /// The work tree holding `dir`, or `None` when `dir` is in none (a git that cannot run
    /// is an error, not "no work tree").
    pub fn find(dir: &Path) -> Result<Option<WorkTree>, GitError> {
        let output = git(dir, ["rev-parse", "--is-inside-work-tree", "--show-prefix"])?;
        if !output.status.success() {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let mut lines = text.lines();
        if lines.next() != Some("true") {
            return Ok(None);
        }
        // The prefix is `dir`'s path below the top: removing as many components from `dir`
        // gives the top in the caller's spelling.
        let depth = lines
            .next()
            .map_or(0, |p| Path::new(p).components().count());
        let mut top = super::normalise(dir);
        for _ in 0..depth {
            top.pop();
        }
        Ok(Some(WorkTree { top }))
    }

    /// The work tree holding `dir`, or [`GitError::NotARepository`].
    pub fn require(dir: &Path) -> Result<WorkTree, GitError> {
        Self::find(dir)?.ok_or_else(|| GitError::NotARepository(dir.display().to_string()))
    }

    /// Its top folder.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The files as the index has them (what `git commit` would record). An index with
    /// unresolved conflicts has no one content per path, so it is refused.
    pub fn index(&self) -> Result<Snapshot, GitError> {
        let listing = self.run(&["ls-files", "--stage", "-z", "--full-name"])?;
        let mut listed = Vec::new();
        let mut unmerged = BTreeSet::new();
        // Each record: `<mode> <oid> <stage>\t<path>`.
        for record in split_records(&listing) {
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split(' ');
            let (Some(mode), Some(oid), Some(stage)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if stage != "0" {
                unmerged.insert(path.to_owned());
                continue;
            }
            listed.push((mode.to_owned(), oid.to_owned(), path.to_owned()));
        }
        if !unmerged.is_empty() {
            return Err(GitError::Unmerged(unmerged.into_iter().collect()));
        }
        self.snapshot("the git index", listed)
    }

    /// The files as revision `rev` has them (`HEAD`, a branch, a commit), or `None` when
    /// `rev` names no commit (a branch with no commit yet).
    pub fn tree(&self, rev: &str) -> Result<Option<Snapshot>, GitError> {
        let spec = format!("{rev}^{{tree}}");
        let output = git(&self.top, ["rev-parse", "--verify", "--quiet", &spec])?;
        if !output.status.success() {
            return Ok(None);
        }
        let tree = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let listing = self.run(&["ls-tree", "-r", "-z", "--full-tree", &tree])?;
        // Each record: `<mode> <type> <oid>\t<path>`.
        let listed = split_records(&listing)
            .filter_map(|record| {
                let (meta, path) = record.split_once('\t')?;
                let mut fields = meta.split(' ');
                let (mode, _, oid) = (fields.next()?, fields.next()?, fields.next()?);
                Some((mode.to_owned(), oid.to_owned(), path.to_owned()))
            })
            .collect();
        self.snapshot(rev, listed).map(Some)
    }

    /// Builds a snapshot from (mode, object id, path) records, reading the wanted blobs.
    fn snapshot(
        &self,
        label: &str,
        listed: Vec<(String, String, String)>,
    ) -> Result<Snapshot, GitError> {
        let mut entries = BTreeMap::new();
        let mut folders = BTreeSet::new();
        let mut wanted: Vec<(PathBuf, String, bool)> = Vec::new();
        for (mode, oid, relative) in listed {
            // Submodules (`160000`) are another repository's commit, not a file.
            let is_link = mode == "120000";
            if !(mode.starts_with("100") || is_link) {
                continue;
            }
            let path = self.top.join(&relative);
            folders.extend(
                path.ancestors()
                    .skip(1)
                    .take_while(|dir| dir.starts_with(&self.top))
                    .map(Path::to_path_buf),
            );
            if is_link || Snapshot::wants(&path) {
                wanted.push((path, oid, is_link));
            } else {
                entries.insert(path, Entry::File(None));
            }
        }
        let oids: Vec<&str> = wanted.iter().map(|(_, oid, _)| oid.as_str()).collect();
        let mut blobs = self.read_blobs(&oids)?;
        for (path, oid, is_link) in wanted {
            let bytes = blobs.get(&oid).cloned();
            let entry = match (is_link, bytes) {
                (true, Some(target)) => {
                    Entry::Link(PathBuf::from(String::from_utf8_lossy(&target).into_owned()))
                }
                (true, None) => continue,
                (false, bytes) => Entry::File(bytes),
            };
            entries.insert(path, entry);
        }
        blobs.clear();
        Ok(Snapshot {
            top: self.top.clone(),
            label: label.to_owned(),
            entries,
            folders,
        })
    }

    /// Reads blobs with one `git cat-file --batch`: object id to bytes. The ids are written
    /// from a thread of their own, so a large batch cannot fill both pipes and stall.
    fn read_blobs(&self, oids: &[&str]) -> Result<BTreeMap<String, Vec<u8>>, GitError> {
        let mut blobs = BTreeMap::new();
        let unique: BTreeSet<&str> = oids.iter().copied().collect();
        if unique.is_empty() {
            return Ok(blobs);
        }
        let failed = |message: String| GitError::Failed {
            command: "cat-file --batch".into(),
            message,
        };
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .current_dir(&self.top)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| GitError::NotInstalled(e.to_string()))?;
        let input: String = unique.iter().map(|oid| format!("{oid}\n")).collect();
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(failed("its pipes could not be opened".into()));
        };
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut reader = BufReader::new(stdout);
        let mut header = String::new();
        for oid in &unique {
            header.clear();
            reader
                .read_line(&mut header)
                .map_err(|e| failed(e.to_string()))?;
            // `<oid> <type> <size>`, or `<oid> missing`.
            let fields: Vec<&str> = header.trim_end().split(' ').collect();
            let size = match fields.as_slice() {
                [_, "blob", size] => size.parse::<usize>().ok(),
                _ => None,
            };
            let Some(size) = size else {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "object `{oid}` cannot be read: `{}`",
                    header.trim_end()
                )));
            };
            let mut bytes = vec![0; size + 1];
            reader
                .read_exact(&mut bytes)
                .map_err(|e| failed(e.to_string()))?;
            bytes.pop();
            blobs.insert((*oid).to_owned(), bytes);
        }
        drop(reader);
        let _ = writer.join();
        let status = child.wait().map_err(|e| failed(e.to_string()))?;
        if !status.success() {
            return Err(failed(format!("it exited with {status}")));
        }
        Ok(blobs)
    }

    /// Runs git in the top folder; its stdout when it succeeds.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let output = git(&self.top, args)?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
            Err(GitError::Failed {
                command: args.join(" "),
                message: if stderr.is_empty() {
                    format!("it exited with {}", output.status)
                } else {
                    stderr
                },
            })
        }
    }
}

impl Snapshot {
    /// Whether a file's bytes are read into the snapshot: what discovery and loading may
    /// read (register files, configuration files, ignore files); the rest is only listed.
    pub fn wants(path: &Path) -> bool {
        let name = path.file_name().and_then(OsStr::to_str).unwrap_or_default();
        // Registers and configuration files are all `*.yaml`/`*.yml`.
        path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            || name == super::IGNORE_FILE
            || name == ".gitignore"
    }

    /// What it is a snapshot of: `the git index`, or the revision.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The work tree's top folder.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// What the snapshot holds at `path`.
    pub fn entry(&self, path: &Path) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Whether `path` is a folder holding files.
    pub fn is_dir(&self, path: &Path) -> bool {
        self.folders.contains(path)
    }

    /// Every file and link under `dir` (absolute), sorted.
    pub fn under<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = (&'a PathBuf, &'a Entry)> {
        self.entries
            .range(dir.to_path_buf()..)
            .take_while(move |(path, _)| path.starts_with(dir))
    }

    /// The bytes of the file at `path`.
    pub fn read(&self, path: &Path) -> std::io::Result<&[u8]> {
        match self.entries.get(path) {
            Some(Entry::File(Some(bytes))) => Ok(bytes),
            Some(Entry::File(None)) => Err(std::io::Error::other(format!(
                "{} was not read from {}",
                path.display(),
                self.label
            ))),
            Some(Entry::Link(_)) => Err(std::io::Error::other("it is a symbolic link")),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("it is not in {}", self.label),
            )),
        }
    }
}

/// Runs `git ARGS` in `dir`, capturing its output.
fn git<I, S>(dir: &Path, args: I) -> Result<std::process::Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError::NotInstalled(e.to_string()))
}

/// The NUL-terminated records of a `-z` listing, as text (git paths are bytes; a path that is
/// not UTF-8 is read lossily, like every other path reglint shows).
fn split_records(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes
        .split(|b| *b == 0)
        .filter(|r| !r.is_empty())
        .map(|r| String::from_utf8_lossy(r).into_owned())
}
