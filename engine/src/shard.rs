//! `--shard K/N`: which of the repositories found a job checks, so that N CI jobs in the same
//! checkout split a corpus with no coordination.
//!
//! Every job sees the same repositories with the same sizes, so every job computes the same
//! assignment: repositories are dealt largest first (the bytes of their register files) to
//! the shard with the fewest bytes so far, the lowest-numbered one on a tie, and a stable
//! hash of the repository's path relative to the working directory orders repositories of
//! equal size. The hash is SHA-256, so the split does not change across Rust releases or
//! machines; the path is relative, so checkouts in different folders agree.

use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::discover::{Input, RepoFiles, display_path};

/// Share `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share, 1 to `count`.
    pub index: usize,
    /// Into how many shares the repositories are split.
    pub count: usize,
}

impl Shard {
    /// Reads `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not a shard: write K/N, e.g. 2/3"))?;
        let number = |part: &str, what: &str| {
            part.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{text}`: the {what} `{part}` is not a whole number"))
        };
        let shard = Shard {
            index: number(index, "shard")?,
            count: number(count, "number of shards")?,
        };
        if shard.count == 0 {
            return Err(format!("`{text}`: the number of shards must be 1 or more"));
        }
        if shard.index == 0 || shard.index > shard.count {
            return Err(format!(
                "`{text}`: the shard must be between 1 and {} (shards are numbered from 1)",
                shard.count
            ));
        }
        Ok(shard)
    }

    /// The repositories of this shard, in their order of `repos`.
    pub fn select(&self, repos: Vec<RepoFiles>, cwd: &Path, input: &Input) -> Vec<RepoFiles> {
        let owners = assign(&repos, self.count, cwd, input);
        repos
            .into_iter()
            .zip(owners)
            .filter(|(_, owner)| *owner + 1 == self.index)
            .map(|(repo, _)| repo)
            .collect()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// For each repository, the 0-based shard that checks it.
fn assign(repos: &[RepoFiles], count: usize, cwd: &Path, input: &Input) -> Vec<usize> {
    let mut order: Vec<(u64, [u8; 32], usize)> = repos
        .iter()
        .enumerate()
        .map(|(at, repo)| {
            let size: u64 = repo.files.iter().map(|f| input.size(f)).sum();
            let name = display_path(&repo.root, cwd);
            (size, Sha256::digest(name.as_bytes()).into(), at)
        })
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut load = vec![0u64; count];
    let mut owners = vec![0; repos.len()];
    for (size, _, at) in order {
        let lightest = (0..count).min_by_key(|&s| (load[s], s)).unwrap_or(0);
        load[lightest] += size;
        owners[at] = lightest;
    }
    owners
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn repos(dir: &Path, sizes: &[usize]) -> Vec<RepoFiles> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, size)| {
                let root = dir.join(format!("repo-{i}"));
                std::fs::create_dir_all(&root).unwrap();
                let file = root.join("r.yaml");
                std::fs::write(&file, "x".repeat(*size)).unwrap();
                RepoFiles {
                    root,
                    files: vec![file],
                    only: None,
                    skipped: Vec::new(),
                }
            })
            .collect()
    }

    #[test]
    fn reads_k_of_n_and_refuses_the_rest() {
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        for bad in ["3", "0/3", "4/3", "1/0", "a/2", "1/-2", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert!(Shard::parse("4/3").unwrap_err().contains("between 1 and 3"));
    }

    #[test]
    fn the_shards_partition_the_repositories_and_balance_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let sizes = [900, 10, 500, 400, 20, 30, 450, 5, 5, 5];
        let all = repos(dir.path(), &sizes);
        let cwd = dir.path();
        let mut seen: Vec<PathBuf> = Vec::new();
        let mut loads = Vec::new();
        for index in 1..=3 {
            let shard = Shard { index, count: 3 };
            let mine = shard.select(all.clone(), cwd, &Input::WorkTree);
            assert_eq!(mine, shard.select(all.clone(), cwd, &Input::WorkTree));
            loads.push(
                mine.iter()
                    .map(|r| std::fs::metadata(&r.files[0]).unwrap().len())
                    .sum::<u64>(),
            );
            seen.extend(mine.into_iter().map(|r| r.root));
        }
        seen.sort();
        let mut expected: Vec<PathBuf> = all.iter().map(|r| r.root.clone()).collect();
        expected.sort();
        assert_eq!(seen, expected, "every repository in exactly one shard");
        // Largest first to the lightest: 900 | 500 | 450, then 400 joins 450, and the small
        // ones fill the 500 shard. No shard is over the largest repository or 4/3 of a third.
        assert_eq!(loads, [900, 575, 850]);
    }

    #[test]
    fn more_shards_than_repositories_leaves_some_empty() {
        let dir = tempfile::tempdir().unwrap();
        let all = repos(dir.path(), &[3, 3]);
        let counts: Vec<usize> = (1..=4)
            .map(|index| {
                Shard { index, count: 4 }
                    .select(all.clone(), dir.path(), &Input::WorkTree)
                    .len()
            })
            .collect();
        assert_eq!(counts.iter().sum::<usize>(), 2);
        assert_eq!(counts, [1, 1, 0, 0]);
    }
}
