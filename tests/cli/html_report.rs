//! `reglint report --html`: the management-review page, opened in headless Chromium (Debian's
//! `chromium`) to read the DOM it builds, catch console errors, take a screenshot and print
//! it to PDF; and, without a browser, its bytes: escaping, determinism, the policy that
//! forbids any fetch, and the errors for bad input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::tools;
use super::{TODAY, reglint, reglint_in, stderr, workspace, write};

/// The flags every run of the browser gets: no sandbox (CI runs as root), nothing fetched
/// in the background, a profile of its own.
fn chromium(profile: &Path, extra: &[&str], page: &Path) -> (String, String) {
    let output = Command::new(tools::chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "chromium failed: {output:?}");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The page's console messages (errors, CSP violations, anything a script logged): the
/// report has no script, so any is a fault.
fn console_messages(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

/// The DOM after load, as Chromium serialises it, and the console messages of that load.
fn dom_of(page: &Path) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let (dom, log) = chromium(profile.path(), &["--dump-dom"], page);
    let console = console_messages(&log)
        .into_iter()
        .map(str::to_owned)
        .collect();
    (dom, console)
}

/// Writes the report of `repo` (relative to `dir`) to `dir/out/report.html`.
fn report_in(dir: &Path, repo: &str) -> PathBuf {
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let html = out.join("report.html");
    let html_arg = html.display().to_string();
    let output = reglint_in(dir, &["report", "--html", &html_arg, repo]);
    assert!(output.status.success(), "{}", stderr(&output));
    html
}

/// Every value of an attribute in the DOM, in order.
fn attribute_values<'a>(dom: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    dom.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &dom[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// (id, support) of each party of the acme fixture, read from its register's lines (the
/// fixture holds a deliberate duplicate key, which a YAML library refuses).
fn acme_parties() -> Vec<(String, Option<String>)> {
    let text = std::fs::read_to_string(
        workspace().join("fixtures/acme/registers/interested-parties.yaml"),
    )
    .unwrap();
    let mut parties: Vec<(String, Option<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("  - id: ") {
            parties.push((id.trim().to_owned(), None));
        } else if let Some(support) = line.strip_prefix("    support: ") {
            parties.last_mut().unwrap().1 = Some(support.trim().to_owned());
        }
    }
    parties
}

fn acme_party_ids() -> BTreeSet<String> {
    acme_parties().into_iter().map(|(id, _)| id).collect()
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "skipped: chromium is not installed (.ci/tools.sh installs it)"
)]
fn acme_report_has_every_section_party_and_finding_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    super::copy_fixture("fixtures/acme", &dir.path().join("acme"));
    let html = report_in(dir.path(), "acme");
    let (dom, console) = dom_of(&html);
    assert!(console.is_empty(), "console messages: {console:#?}");

    // As many findings as `check` reports, each severity as many times.
    let check = reglint_in(dir.path(), &["check", "--format", "jsonl", "acme"]);
    let findings: Vec<serde_json::Value> = super::jsonl(&check);
    assert!(!findings.is_empty());
    assert_eq!(
        dom.matches("<article class=\"finding ").count(),
        findings.len()
    );
    for severity in ["error", "warning", "info"] {
        let expected = findings
            .iter()
            .filter(|f| f["severity"] == severity)
            .count();
        let shown = dom
            .matches(&format!("<article class=\"finding sev-{severity}"))
            .count();
        assert_eq!(shown, expected, "{severity} findings");
    }
    assert!(
        dom.contains("<time datetime=\"2026-11-22\">2026-11-22</time>"),
        "the reference date of acme's configuration heads the page"
    );

    // Every party on the grid (or listed beside it) and in the table, once each.
    let parties = acme_party_ids();
    assert_eq!(parties.len(), 20);
    let on_grid: Vec<&str> = dom
        .split("<g class=\"party ")
        .skip(1)
        .chain(dom.split("<p class=\"unrated\">").skip(1))
        .flat_map(|chunk| attribute_values(chunk, "data-party").into_iter().take(1))
        .collect();
    let rows: Vec<&str> = dom
        .split("<tr id=\"party-")
        .skip(1)
        .flat_map(|chunk| attribute_values(chunk, "data-party").into_iter().take(1))
        .collect();
    for id in &parties {
        assert!(on_grid.contains(&id.as_str()), "{id} is not on the grid");
        assert_eq!(rows.iter().filter(|r| **r == id).count(), 1, "{id} rows");
    }
    // Each rated party is drawn in the colour of its support.
    for (id, support) in acme_parties()
        .into_iter()
        .filter_map(|(id, s)| Some((id, s?)))
    {
        assert!(
            dom.contains(&format!(
                "<g class=\"party {support}\" data-party=\"{id}\">"
            )),
            "{id} is not drawn as {support}"
        );
    }

    // Every in-page link lands on an element, and the sections link to each other.
    let ids: BTreeSet<&str> = attribute_values(&dom, "id").into_iter().collect();
    let links: Vec<&str> = attribute_values(&dom, "href");
    assert!(links.len() > 50, "{} links", links.len());
    for link in &links {
        let target = link.strip_prefix('#').unwrap_or_else(|| {
            panic!("link `{link}` leaves the page");
        });
        assert!(ids.contains(target), "link `{link}` lands nowhere");
    }
    for section in [
        "summary",
        "findings",
        "parties",
        "traceability",
        "weak-links",
        "reviews",
        "exceptions",
    ] {
        assert!(ids.contains(section), "no section `{section}`");
    }
    assert!(links.iter().any(|l| l.starts_with("#req-")));
    assert!(links.iter().any(|l| l.starts_with("#party-")));

    // The one requirement acme addresses with an excluded control.
    let weak = dom.split("id=\"weak-links\"").nth(1).unwrap();
    let weak = weak.split("</section>").next().unwrap();
    assert_eq!(weak.matches("<tr class=\"weak-link\">").count(), 1);
    assert!(weak.contains("REQ-FIN-05") && weak.contains("A.8.30"));
    assert!(weak.contains("not applicable"));

    // Every requirement has its row in the matrix.
    let matrix = dom.split("id=\"traceability\"").nth(1).unwrap();
    let matrix = matrix.split("</section>").next().unwrap();
    assert_eq!(matrix.matches("<tr id=\"req-").count(), 44);

    // The screenshot a reviewer would see: a real PNG of the whole window.
    let profile = tempfile::tempdir().unwrap();
    let png = dir.path().join("out/report.png");
    chromium(
        profile.path(),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1400,3000",
        ],
        &html,
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(bytes.len() > 50_000, "screenshot of {} bytes", bytes.len());
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "skipped: chromium is not installed (.ci/tools.sh installs it)"
)]
fn the_console_check_catches_a_failing_script() {
    // The check above would pass on a page that logs nothing; this shows it fails on one
    // whose script throws.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head>\
         <body><p>x</p><script>notDefinedAnywhere();</script></body></html>",
    )
    .unwrap();
    let (_, console) = dom_of(&page);
    assert_eq!(console.len(), 1, "{console:#?}");
    assert!(console[0].contains("Uncaught ReferenceError"));
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "skipped: chromium is not installed (.ci/tools.sh installs it)"
)]
fn acme_report_prints_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    super::copy_fixture("fixtures/acme", &dir.path().join("acme"));
    let html = report_in(dir.path(), "acme");
    let pdf = dir.path().join("out/report.pdf");
    let profile = tempfile::tempdir().unwrap();
    let (_, log) = chromium(
        profile.path(),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
        &html,
    );
    assert!(console_messages(&log).is_empty(), "{log}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() > 50_000, "a PDF of {} bytes", bytes.len());
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(64)..]).into_owned();
    assert!(tail.contains("%%EOF"), "the PDF is complete");
}

/// A repository whose register text tries to add markup, with exceptions in force and
/// lapsed, a review overdue and a requirement resting on a planned control.
fn hostile_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "reglint.yaml",
        b"version: 1\ntoday: 2026-11-22\n",
    );
    write(
        dir.path(),
        "registers/parties.yaml",
        br#"kind: interested-parties
owner: CISO
last_reviewed: 2025-01-10
parties:
  - id: 'IP-<script>alert("x")</script>'
    name: 'Bob''s "quoted" <b>bold</b> & co'
    category: external
    relationship: customer
    relevant: true
    rationale: r
    influence: high
    interest: low
    support: resistant
    requirements:
      - id: 'REQ-"><img src=x>'
        type: contractual
        description: d
        source: s
        addressed: true
        addressed_by: [A.5.24]
  - id: IP-QUIET
    name: Quiet
    category: external
    relationship: public
    relevant: true
    rationale: r
  - id: IP-LAPSED
    name: Lapsed
    category: external
    relationship: public
    relevant: true
    rationale: r
    influence: medium
"#,
    );
    write(
        dir.path(),
        "registers/soa.yaml",
        b"kind: statement-of-applicability\nowner: CISO\nlast_reviewed: 2026-10-01\ncontrols:\n  - id: A.5.24\n    title: Incident planning\n    applicable: true\n    status: planned\n",
    );
    write(
        dir.path(),
        "registers/scope.yaml",
        b"kind: scope\nowner: CISO\nlast_reviewed: 2025-12-15\nitems:\n  - id: SCOPE-1\n    title: Payroll platform\n",
    );
    write(
        dir.path(),
        "registers/exceptions.yaml",
        br#"kind: exceptions
owner: CISO
exceptions:
  - id: EXC-1
    rule: party-no-requirements
    target: IP-QUIET
    reason: '</td></tr></table><script>alert(1)</script>'
    approved_by: CISO
    approved_on: 2026-10-01
    expires: 2027-03-31
  - id: EXC-2
    rule: party-no-requirements
    target: IP-LAPSED
    reason: Reviewed last year.
    approved_by: CISO
    approved_on: 2025-06-01
    expires: 2026-01-31
"#,
    );
    dir
}

#[test]
fn register_text_shows_as_text_never_as_markup() {
    let dir = hostile_repository();
    let html = std::fs::read_to_string(report_in(dir.path(), ".")).unwrap();
    // The page's own markup has no script, no image and no link to fetch.
    for forbidden in ["<script", "<img", "<link", "<iframe", "http://", "https://"] {
        assert!(!html.contains(forbidden), "the page holds `{forbidden}`");
    }
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">"
    ));
    assert!(html.contains("IP-&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("Bob&#39;s &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; &amp; co"));
    assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(1)"));
    assert!(html.contains("REQ-&quot;&gt;&lt;img src=x&gt;"));
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "skipped: chromium is not installed (.ci/tools.sh installs it)"
)]
fn hostile_register_text_adds_no_element_in_chromium() {
    let dir = hostile_repository();
    let html = report_in(dir.path(), ".");
    let (dom, console) = dom_of(&html);
    assert!(console.is_empty(), "console messages: {console:#?}");
    // Chromium escapes text (and `<` in attributes) when it serialises the DOM: a `<script`,
    // `<img` or `<b>` would be an element a register made.
    for element in ["<script", "<img", "<b>"] {
        assert!(!dom.contains(element), "the DOM holds `{element}`");
    }
    assert!(dom.contains("IP-&lt;script&gt;alert(\"x\")&lt;/script&gt;"));
    assert!(dom.contains("Bob's \"quoted\" &lt;b&gt;bold&lt;/b&gt; &amp; co"));
    // The hostile party is on the grid, in the row of high influence.
    assert_eq!(dom.matches("<g class=\"party resistant\"").count(), 1);
}

/// The rows of one section of the page.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn exceptions_reviews_and_planned_controls_are_reported() {
    let dir = hostile_repository();
    let html = std::fs::read_to_string(report_in(dir.path(), ".")).unwrap();
    let exceptions = section(&html, "exceptions");
    assert_eq!(
        exceptions
            .matches("class=\"exception state-active\"")
            .count(),
        1
    );
    assert_eq!(
        exceptions
            .matches("class=\"exception state-expired\"")
            .count(),
        1
    );
    assert!(exceptions.contains("<code>EXC-2</code>"));
    // The exception's target links to the party's row.
    assert!(exceptions.contains("<a href=\"#party-1\">IP-QUIET</a>"));

    let reviews = section(&html, "reviews");
    let overdue = reviews
        .split("<tr class=\"review\">")
        .find(|row| row.contains("interested-parties"))
        .unwrap();
    assert!(overdue.contains("2025-01-10") && overdue.contains("2026-01-10"));
    assert!(overdue.contains(">overdue<"));
    let current = reviews
        .split("<tr class=\"review\">")
        .find(|row| row.contains("statement-of-applicability"))
        .unwrap();
    assert!(current.contains(">current<"), "{current}");
    let soon = reviews
        .split("<tr class=\"review\">")
        .find(|row| row.contains("<td>scope</td>"))
        .unwrap();
    assert!(
        soon.contains("2026-12-15") && soon.contains(">due soon<"),
        "{soon}"
    );
    // Most urgent first: the overdue register heads the table.
    assert!(reviews.find("interested-parties") < reviews.find("<td>scope</td>"));

    let weak = section(&html, "weak-links");
    assert_eq!(weak.matches("<tr class=\"weak-link\">").count(), 1);
    assert!(weak.contains(">planned<"));

    // The expired exception silences nothing: its finding counts, and so does the error
    // for the lapsed exception itself; the active one's finding is shown silenced.
    let findings = section(&html, "findings");
    assert!(findings.contains("expired-exception"));
    assert_eq!(findings.matches("silenced: exception").count(), 1);
    // A party with one rating is listed beside the grid, not on it.
    let parties = section(&html, "parties");
    assert!(parties.contains("<p class=\"unrated\">"));
    assert!(parties.contains("data-party=\"IP-LAPSED\">IP-LAPSED</a>"));
}

#[test]
fn the_same_registers_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    super::copy_fixture("fixtures/acme", &dir.path().join("acme"));
    let first = std::fs::read(report_in(dir.path(), "acme")).unwrap();
    let second = std::fs::read(report_in(dir.path(), "acme")).unwrap();
    assert!(first == second, "two runs differ");
    // Nor at another thread count.
    let single = dir.path().join("out/single.html");
    let output = Command::new(env!("CARGO_BIN_EXE_reglint"))
        .args(["report", "--html"])
        .arg(&single)
        .arg("acme")
        .current_dir(dir.path())
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::read(&single).unwrap() == first,
        "one thread gives other bytes"
    );
    // The reference date comes from `--today` when given, never from the clock.
    let out = dir.path().join("out/dated.html");
    let out_arg = out.display().to_string();
    let output = reglint_in(
        dir.path(),
        &["report", "--today", TODAY, "--html", &out_arg, "acme"],
    );
    assert!(output.status.success());
    let dated = std::fs::read_to_string(&out).unwrap();
    assert!(dated.contains(&format!("reference date <time datetime=\"{TODAY}\">")));
    // No temporary file is left beside the report.
    let left: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn report_errors_are_clear() {
    // A folder the report cannot be written to.
    let output = reglint(&[
        "report",
        "--html",
        "/nonexistent-folder/report.html",
        "fixtures/acme",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with("error: cannot write the report to `/nonexistent-folder/report.html`"),
        "{err}"
    );
    // A folder of several repositories: a report is about one.
    let dir = tempfile::tempdir().unwrap();
    super::copy_fixture("fixtures/acme", &dir.path().join("a"));
    super::copy_fixture("fixtures/acme", &dir.path().join("b"));
    let output = reglint_in(dir.path(), &["report", "--html", "r.html", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("register repositories"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("r.html").exists());
    // `--html` is required.
    let output = reglint(&["report", "fixtures/acme"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--html"));
}

/// The repository of a folder of repositories whose YAML files weigh the most.
fn largest_repository(corpus: &Path) -> PathBuf {
    fn weight(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    weight(&e.path())
                } else {
                    e.metadata().unwrap().len()
                }
            })
            .sum()
    }
    let mut repos: Vec<(u64, PathBuf)> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (weight(&p), p))
        .collect();
    repos.sort();
    repos.pop().expect("the corpus has repositories").1
}

#[test]
#[cfg_attr(
    not(all(has_chromium, has_bench)),
    ignore = "skipped: chromium, python3 or ../shared/bench is missing (.ci/tools.sh installs chromium)"
)]
fn the_largest_repository_of_a_medium_corpus_reports_cleanly_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let status = Command::new("python3")
        .arg(Path::new(env!("REGLINT_SHARED")).join("bench/gen_corpus.py"))
        .args(["--preset", "medium", "--force", "--out"])
        .arg(&corpus)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed");
    let repo = largest_repository(&corpus);
    let repo_arg = repo.display().to_string();
    let html = dir.path().join("report.html");
    let html_arg = html.display().to_string();
    let output = reglint_in(
        dir.path(),
        &["report", "--today", TODAY, "--html", &html_arg, &repo_arg],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let check = reglint_in(
        dir.path(),
        &["check", "--today", TODAY, "--format", "jsonl", &repo_arg],
    );
    let findings = super::jsonl(&check);

    let (dom, console) = dom_of(&html);
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert_eq!(
        dom.matches("<article class=\"finding ").count(),
        findings.len()
    );
    let ids: BTreeSet<&str> = attribute_values(&dom, "id").into_iter().collect();
    for link in attribute_values(&dom, "href") {
        let target = link.strip_prefix('#').expect("links stay on the page");
        assert!(ids.contains(target), "link `{link}` lands nowhere");
    }
    // Every party row is either on the grid or listed beside it.
    let rows = dom.matches("<tr id=\"party-").count();
    let drawn = dom.matches("<g class=\"party ").count();
    let unrated = dom.split("<p class=\"unrated\">").nth(1).map_or(0, |p| {
        p.split("</p>").next().unwrap().matches("<a ").count()
    });
    assert!(rows > 20, "{rows} parties");
    assert_eq!(drawn + unrated, rows);
}
