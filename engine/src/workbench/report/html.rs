//! Laying a [`Review`] out as one self-contained HTML page.
//!
//! The page loads nothing: the style sheet (`report.css`) is inlined, the power/interest
//! grid is inline SVG, there is no script, and a Content-Security-Policy meta forbids any
//! fetch, so a copy attached to a review reads the same offline, years later. Every string
//! from a register (ids, names, messages, source lines, file names) goes through [`text`],
//! which escapes markup and shows control and bidirectional characters as visible escapes,
//! so a register cannot add an element or a script to the page. Anchors are made from
//! positions (`party-3`), never from register ids, so no id can break an `id` or `href`.
//! The same review gives the same bytes: nothing reads the clock or the environment.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::{ClauseFindings, Finding, Party, Review};
use crate::diagnostic::Severity;
use crate::model::EntryClass;
use crate::render::escape;
use crate::workbench::Place;
use crate::workbench::coverage::CLAUSES;

/// The style sheet, inlined in the page's head.
const CSS: &str = include_str!("../report.css");

/// What the page allows itself: no fetch of any kind, inline styles and data images only.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The longest label a party gets on the grid; the full id is in its tooltip and table row.
const GRID_LABEL_CHARS: usize = 22;

/// Register text for HTML text or a quoted attribute value: markup characters as entity
/// references, control and bidirectional characters as visible escapes.
pub fn text(raw: &str) -> String {
    let line = escape::line(raw);
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where each register id of the page has its row: parties and requirements, by position.
struct Anchors {
    by_id: HashMap<String, String>,
}

impl Anchors {
    fn of(review: &Review) -> Anchors {
        let mut by_id = HashMap::new();
        for (i, p) in review.parties.iter().enumerate() {
            by_id.entry(p.id.clone()).or_insert(format!("party-{i}"));
        }
        for (i, r) in review.requirements.iter().enumerate() {
            if !r.id.is_empty() {
                by_id.entry(r.id.clone()).or_insert(format!("req-{i}"));
            }
        }
        Anchors { by_id }
    }

    /// The id, linked to its row when the page has one.
    fn link(&self, id: &str) -> String {
        match self.by_id.get(id) {
            Some(anchor) => format!("<a href=\"#{anchor}\">{}</a>", text(id)),
            None => format!("<span>{}</span>", text(id)),
        }
    }

    fn link_opt(&self, id: Option<&str>) -> String {
        id.map_or_else(
            || "<span class=\"none\">—</span>".to_owned(),
            |id| self.link(id),
        )
    }
}

/// A `file:line`, escaped, free to wrap after each `/` (a long path never widens its column
/// past its longest folder name).
fn place(place: &Place) -> String {
    text(&place.to_string()).replace('/', "/<wbr>")
}

fn opt(value: Option<&str>) -> String {
    value.map_or_else(|| "<span class=\"none\">—</span>".to_owned(), text)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The whole page.
pub fn render_html(review: &Review) -> String {
    let anchors = Anchors::of(review);
    let mut out = String::with_capacity(64 * 1024);
    let title = format!(
        "ISMS register report: {} as of {}",
        text(&review.repository),
        review.today
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"reglint {}\">\n<title>{title}</title>\n\
         <style>\n{CSS}</style>\n</head>\n<body>\n",
        review.version
    );
    let _ = write!(
        out,
        "<header>\n<h1>ISMS register report</h1>\n<p class=\"meta\">Repository \
         <strong class=\"repo\">{}</strong> · reference date <time datetime=\"{today}\">{today}</time> \
         · made by reglint {}</p>\n",
        text(&review.repository),
        review.version,
        today = review.today,
    );
    out.push_str(
        "<nav><a href=\"#summary\">Summary</a> <a href=\"#findings\">Findings</a> \
         <a href=\"#parties\">Interested parties</a> <a href=\"#traceability\">Traceability</a> \
         <a href=\"#weak-links\">Weak links</a> <a href=\"#reviews\">Reviews due</a> \
         <a href=\"#exceptions\">Exceptions</a></nav>\n</header>\n<main>\n",
    );
    summary(&mut out, review);
    findings(&mut out, review, &anchors);
    parties(&mut out, review);
    traceability(&mut out, review, &anchors);
    weak_links(&mut out, review, &anchors);
    reviews(&mut out, review);
    exceptions(&mut out, review, &anchors);
    let _ = write!(
        out,
        "</main>\n<footer>Made by reglint {} from the registers of {} as of {}; the findings \
         are those of <code>reglint check</code> on the same date, with the repository's \
         configuration, exceptions and suppressions applied.</footer>\n</body>\n</html>\n",
        review.version,
        text(&review.repository),
        review.today
    );
    out
}

fn card(out: &mut String, class: &str, number: usize, label: &str, href: &str) {
    let _ = writeln!(
        out,
        "<a class=\"card {class}\" href=\"#{href}\"><span class=\"number\">{number}</span>\
         <span class=\"label\">{label}</span></a>"
    );
}

fn summary(out: &mut String, review: &Review) {
    let [errors, warnings, infos] = review.counts();
    let silenced = review
        .clauses
        .iter()
        .flat_map(|c| &c.findings)
        .filter(|f| f.silenced.is_some())
        .count();
    let addressed = review
        .requirements
        .iter()
        .filter(|r| r.addressed.as_deref() == Some("true"))
        .count();
    let state_count = |state: &str| {
        review
            .exceptions
            .iter()
            .filter(|e| e.state == state)
            .count()
    };
    let review_count = |state: &str| review.reviews.iter().filter(|r| r.state == state).count();
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
    card(out, "error", errors, "errors", "findings");
    card(out, "warning", warnings, "warnings", "findings");
    card(out, "info", infos, "infos", "findings");
    card(out, "muted", silenced, "silenced findings", "findings");
    card(
        out,
        "plain",
        review.parties.len(),
        "interested parties",
        "parties",
    );
    card(
        out,
        "plain",
        review.requirements.len(),
        "requirements",
        "traceability",
    );
    card(out, "plain", addressed, "addressed", "traceability");
    card(
        out,
        if review.weak_links.is_empty() {
            "plain"
        } else {
            "warning"
        },
        review.weak_links.len(),
        "rest on a weak control",
        "weak-links",
    );
    card(
        out,
        "error",
        review_count("overdue") + review_count("no valid review date"),
        "reviews overdue or undated",
        "reviews",
    );
    card(
        out,
        "warning",
        review_count("due soon"),
        "reviews due soon",
        "reviews",
    );
    card(
        out,
        "plain",
        state_count("active"),
        "active exceptions",
        "exceptions",
    );
    card(
        out,
        "error",
        state_count("expired"),
        "expired exceptions",
        "exceptions",
    );
    out.push_str("</div>\n");
    let verdict = if errors > 0 {
        format!(
            "The check finds {} and {}: the registers need work before they evidence the ISMS.",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        )
    } else if warnings > 0 {
        format!(
            "The check finds no error and {}.",
            plural(warnings, "warning", "warnings")
        )
    } else {
        "The check finds no error and no warning.".to_owned()
    };
    let _ = writeln!(out, "<p class=\"verdict\">{verdict}</p>\n</section>");
}

fn clause_title(clause: &str) -> Option<&'static str> {
    CLAUSES.iter().find(|(c, _)| *c == clause).map(|(_, t)| *t)
}

fn findings(out: &mut String, review: &Review, anchors: &Anchors) {
    out.push_str("<section id=\"findings\">\n<h2>Findings by clause and severity</h2>\n");
    if review.clauses.is_empty() {
        out.push_str("<p class=\"empty\">The check found nothing.</p>\n");
    }
    let mut number = 0;
    for (i, group) in review.clauses.iter().enumerate() {
        clause_group(out, i, group, anchors, &mut number);
    }
    out.push_str("</section>\n");
}

fn clause_group(
    out: &mut String,
    index: usize,
    group: &ClauseFindings,
    anchors: &Anchors,
    number: &mut usize,
) {
    let heading = match &group.clause {
        Some(clause) => match clause_title(clause) {
            Some(title) => format!("Clause {} — {title}", text(clause)),
            None => format!("Clause {}", text(clause)),
        },
        None => "Not tied to a clause".to_owned(),
    };
    let _ = writeln!(
        out,
        "<div class=\"clause\" id=\"clause-{index}\">\n<h3>{heading} <span class=\"count\">{}</span></h3>",
        plural(group.findings.len(), "finding", "findings")
    );
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let of: Vec<&Finding> = group
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if of.is_empty() {
            continue;
        }
        let word = severity.as_str();
        let _ = writeln!(
            out,
            "<h4 class=\"sev-{word}\">{} ({})</h4>",
            match severity {
                Severity::Error => "Errors",
                Severity::Warning => "Warnings",
                Severity::Info => "Infos",
            },
            of.len()
        );
        for f in of {
            finding(out, f, anchors, *number);
            *number += 1;
        }
    }
    out.push_str("</div>\n");
}

fn finding(out: &mut String, f: &Finding, anchors: &Anchors, number: usize) {
    let word = f.severity.as_str();
    let silenced = f.silenced.map_or(String::new(), |how| {
        format!(" <span class=\"badge silenced\">silenced: {how}</span>")
    });
    let _ = writeln!(
        out,
        "<article class=\"finding sev-{word}{}\" id=\"finding-{number}\">\n\
         <p class=\"head\"><span class=\"badge sev-{word}\">{word}</span> \
         <code class=\"rule\">{}</code> <span class=\"rule-name\">{}</span>{silenced}</p>\n\
         <p class=\"message\">{}</p>",
        if f.silenced.is_some() {
            " is-silenced"
        } else {
            ""
        },
        text(&f.code),
        text(&f.name),
        text(&f.message),
    );
    let mut facts = Vec::new();
    if let Some(at) = &f.place {
        facts.push(format!("<code class=\"place\">{}</code>", place(at)));
    }
    if let Some(entry) = &f.entry {
        facts.push(format!("entry {}", anchors.link(entry)));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "<p class=\"where\">{}</p>", facts.join(" · "));
    }
    if !f.snippet.is_empty() {
        out.push_str("<pre class=\"snippet\">");
        for line in &f.snippet {
            let _ = writeln!(
                out,
                "<span class=\"line{}\"><span class=\"no\">{:>5}</span> {}</span>",
                if line.marked { " marked" } else { "" },
                line.number,
                text(&line.text)
            );
        }
        out.push_str("</pre>\n");
    }
    if let Some(help) = &f.help {
        let _ = writeln!(out, "<p class=\"help\">help: {}</p>", text(help));
    }
    out.push_str("</article>\n");
}

fn support_class(support: Option<&str>) -> &'static str {
    match support {
        Some("supportive") => "supportive",
        Some("neutral") => "neutral",
        Some("resistant") => "resistant",
        _ => "unstated",
    }
}

fn parties(out: &mut String, review: &Review) {
    out.push_str(
        "<section id=\"parties\">\n<h2>Interested parties: influence and interest</h2>\n\
         <p>Each party sits in the cell of its influence (power) and interest; its colour is \
         its support. Parties without both ratings are listed under the grid.</p>\n",
    );
    grid(out, review);
    out.push_str(
        "<table class=\"parties\">\n<thead><tr><th>Party</th><th>Name</th><th>Category</th>\
         <th>Relevant</th><th>Influence</th><th>Interest</th><th>Support</th>\
         <th>Requirements</th><th>Defined at</th></tr></thead>\n<tbody>\n",
    );
    for (i, p) in review.parties.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr id=\"party-{i}\" data-party=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td><span class=\"dot {}\"></span>{}</td>\
             <td class=\"num\">{}</td><td><code class=\"place\">{}</code></td></tr>",
            text(&p.id),
            text(&p.id),
            opt(p.name.as_deref()),
            opt(p.category.as_deref()),
            opt(p.relevant.as_deref()),
            opt(p.influence.as_deref()),
            opt(p.interest.as_deref()),
            support_class(p.support.as_deref()),
            opt(p.support.as_deref()),
            p.requirements,
            place(&p.place),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The power/interest grid: influence up, interest right, one marker per rated party.
fn grid(out: &mut String, review: &Review) {
    const LEFT: usize = 90;
    const TOP: usize = 10;
    const CELL_W: usize = 380;
    const COLUMNS: usize = 2;
    const LINE_H: usize = 20;
    const HEADER_H: usize = 26;
    let mut cells: [[Vec<(usize, &Party)>; 3]; 3] = Default::default();
    let mut unrated = Vec::new();
    for (i, p) in review.parties.iter().enumerate() {
        match p.grid_cell() {
            Some((influence, interest)) => cells[influence][interest].push((i, p)),
            None => unrated.push((i, p)),
        }
    }
    // Rows top to bottom: high influence first. Each row is as tall as its fullest cell.
    let heights: Vec<usize> = (0..3)
        .rev()
        .map(|influence| {
            let most = cells[influence].iter().map(Vec::len).max().unwrap_or(0);
            HEADER_H + most.div_ceil(COLUMNS).max(2) * LINE_H + 8
        })
        .collect();
    let width = LEFT + 3 * CELL_W + 10;
    let height = TOP + heights.iter().sum::<usize>() + 60;
    let _ = writeln!(
        out,
        "<figure class=\"grid\"><svg role=\"img\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         aria-label=\"Interested parties by influence and interest\">"
    );
    let steps = ["low", "medium", "high"];
    let quadrant = |influence: usize, interest: usize| match (influence, interest) {
        (2, 2) => "manage closely",
        (2, 0) => "keep satisfied",
        (0, 2) => "keep informed",
        (0, 0) => "monitor",
        _ => "",
    };
    let mut y = TOP;
    for (row, influence) in (0..3).rev().enumerate() {
        let h = heights[row];
        let _ = writeln!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LEFT - 10,
            y + h / 2 + 4,
            steps[influence]
        );
        for (interest, cell) in cells[influence].iter().enumerate() {
            let x = LEFT + interest * CELL_W;
            let _ = writeln!(
                out,
                "<rect class=\"cell c{influence}{interest}\" x=\"{x}\" y=\"{y}\" width=\"{CELL_W}\" \
                 height=\"{h}\"/><text class=\"quadrant\" x=\"{}\" y=\"{}\">{}</text>\
                 <text class=\"tally\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                x + 8,
                y + 17,
                quadrant(influence, interest),
                x + CELL_W - 8,
                y + 17,
                cell.len()
            );
            for (k, (i, p)) in cell.iter().enumerate() {
                let mx = x + 14 + (k % COLUMNS) * (CELL_W / COLUMNS);
                let my = y + HEADER_H + (k / COLUMNS) * LINE_H + 10;
                let label: String = if p.id.chars().count() > GRID_LABEL_CHARS {
                    let mut short: String = p.id.chars().take(GRID_LABEL_CHARS - 1).collect();
                    short.push('…');
                    short
                } else {
                    p.id.clone()
                };
                let tip = match &p.name {
                    Some(name) => format!("{} — {name}", p.id),
                    None => p.id.clone(),
                };
                let support = p.support.as_deref().unwrap_or("support not stated");
                let _ = writeln!(
                    out,
                    "<a href=\"#party-{i}\"><g class=\"party {}\" data-party=\"{}\">\
                     <title>{} ({})</title><circle cx=\"{mx}\" cy=\"{my}\" r=\"6\"/>\
                     <text x=\"{}\" y=\"{}\">{}</text></g></a>",
                    support_class(p.support.as_deref()),
                    text(&p.id),
                    text(&tip),
                    text(support),
                    mx + 11,
                    my + 4,
                    text(&label),
                );
            }
        }
        y += h;
    }
    for (interest, step) in steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{step}</text>",
            LEFT + interest * CELL_W + CELL_W / 2,
            y + 20
        );
    }
    let _ = writeln!(
        out,
        "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">interest →</text>\
         <text class=\"axis-title\" x=\"16\" y=\"{}\" text-anchor=\"middle\" \
         transform=\"rotate(-90 16 {})\">influence (power) →</text>",
        LEFT + 3 * CELL_W / 2,
        y + 44,
        TOP + (y - TOP) / 2,
        TOP + (y - TOP) / 2,
    );
    out.push_str("</svg>\n<figcaption class=\"legend\">");
    for class in ["supportive", "neutral", "resistant", "unstated"] {
        let word = if class == "unstated" {
            "support not stated"
        } else {
            class
        };
        let _ = write!(
            out,
            "<span><span class=\"dot {class}\"></span>{word}</span> "
        );
    }
    out.push_str("</figcaption></figure>\n");
    if !unrated.is_empty() {
        let links: Vec<String> = unrated
            .iter()
            .map(|(i, p)| {
                format!(
                    "<a href=\"#party-{i}\" data-party=\"{}\">{}</a>",
                    text(&p.id),
                    text(&p.id)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"unrated\">Not on the grid (influence or interest missing or not \
             high, medium or low): {}</p>",
            links.join(", ")
        );
    }
}

fn traceability(out: &mut String, review: &Review, anchors: &Anchors) {
    let weak: HashSet<(&str, &str)> = review
        .weak_links
        .iter()
        .map(|w| (w.requirement.as_str(), w.control.as_str()))
        .collect();
    out.push_str(
        "<section id=\"traceability\">\n<h2>Traceability: requirements × controls, \
         objectives and risks</h2>\n<p>What each requirement is addressed by, as its \
         <code>addressed_by</code> lists it. <span class=\"ref weak\">Marked</span> controls \
         are not applicable or only planned; <span class=\"ref broken\">struck</span> ids \
         name nothing in the repository.</p>\n<table class=\"matrix\">\n<thead><tr>\
         <th>Requirement</th><th>Party</th><th>Type</th><th>Addressed</th><th>Controls</th>\
         <th>Objectives</th><th>Risks</th><th>Scope and other</th></tr></thead>\n<tbody>\n",
    );
    for (i, r) in review.requirements.iter().enumerate() {
        let mut columns: [Vec<String>; 4] = Default::default();
        for cited in &r.addressed_by {
            let (column, class) = match cited.class {
                Some(EntryClass::Control) => (0, "ctl"),
                Some(EntryClass::Objective) => (1, "obj"),
                Some(EntryClass::Risk) => (2, "risk"),
                Some(_) => (3, "other"),
                None => (3, "broken"),
            };
            let class = if weak.contains(&(r.id.as_str(), cited.id.as_str())) {
                "ctl weak"
            } else {
                class
            };
            columns[column].push(format!(
                "<span class=\"ref {class}\">{}</span>",
                text(&cited.id)
            ));
        }
        let addressed = match r.addressed.as_deref() {
            Some("true") => "<span class=\"yes\">yes</span>".to_owned(),
            Some("false") => "<span class=\"no\">no</span>".to_owned(),
            other => opt(other),
        };
        let title = r
            .description
            .as_deref()
            .map_or(String::new(), |d| format!(" title=\"{}\"", text(d)));
        let _ = write!(
            out,
            "<tr id=\"req-{i}\"><td{title}><code>{}</code></td><td>{}</td><td>{}</td><td>{addressed}</td>",
            text(&r.id),
            anchors.link_opt(r.party.as_deref()),
            opt(r.kind.as_deref()),
        );
        for column in &columns {
            if column.is_empty() {
                out.push_str("<td class=\"none\">—</td>");
            } else {
                let _ = write!(out, "<td>{}</td>", column.join(" "));
            }
        }
        out.push_str("</tr>\n");
    }
    if review.requirements.is_empty() {
        out.push_str("<tr><td colspan=\"8\" class=\"empty\">No requirements.</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn weak_links(out: &mut String, review: &Review, anchors: &Anchors) {
    out.push_str(
        "<section id=\"weak-links\">\n<h2>Addressed requirements resting on a weak control</h2>\n\
         <p>Requirements marked addressed whose <code>addressed_by</code> names a control the \
         statement of applicability excludes or has only planned.</p>\n",
    );
    if review.weak_links.is_empty() {
        out.push_str("<p class=\"empty\">None: every control cited by an addressed requirement is applicable and at least partly implemented.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"weak\">\n<thead><tr><th>Requirement</th><th>Party</th><th>Control</th>\
         <th>Title</th><th>State</th><th>Control defined at</th></tr></thead>\n<tbody>\n",
    );
    for w in &review.weak_links {
        let _ = writeln!(
            out,
            "<tr class=\"weak-link\"><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td>\
             <td><span class=\"badge {}\">{}</span></td><td><code class=\"place\">{}</code></td></tr>",
            anchors.link(&w.requirement),
            anchors.link_opt(w.party.as_deref()),
            text(&w.control),
            opt(w.title.as_deref()),
            if w.state == "planned" {
                "sev-warning"
            } else {
                "sev-error"
            },
            w.state,
            place(&w.place),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn reviews(out: &mut String, review: &Review) {
    let _ = writeln!(
        out,
        "<section id=\"reviews\">\n<h2>Reviews due</h2>\n<p>Each register's next review is \
         due <code>review_interval_months</code> (default 12) after <code>last_reviewed</code>; \
         due soon means within {} days of {}.</p>",
        super::DUE_SOON_DAYS,
        review.today
    );
    out.push_str(
        "<table class=\"reviews\">\n<thead><tr><th>Register</th><th>Owner</th>\
         <th>Last reviewed</th><th>Interval</th><th>Due by</th><th>State</th><th>File</th>\
         </tr></thead>\n<tbody>\n",
    );
    for r in &review.reviews {
        let class = match r.state {
            "overdue" | "no valid review date" => "sev-error",
            "due soon" => "sev-warning",
            _ => "ok",
        };
        let _ = writeln!(
            out,
            "<tr class=\"review\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{} months</td>\
             <td>{}</td><td><span class=\"badge {class}\">{}</span></td>\
             <td><code class=\"place\">{}</code></td></tr>",
            r.kind,
            opt(r.owner.as_deref()),
            opt(r.last_reviewed.as_deref()),
            r.interval,
            r.due.map_or_else(
                || "<span class=\"none\">—</span>".to_owned(),
                |d| d.to_string()
            ),
            r.state,
            place(&r.place),
        );
    }
    if review.reviews.is_empty() {
        out.push_str("<tr><td colspan=\"7\" class=\"empty\">No registers.</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn exceptions(out: &mut String, review: &Review, anchors: &Anchors) {
    out.push_str(
        "<section id=\"exceptions\">\n<h2>Exceptions and suppressions</h2>\n<h3>Exceptions \
         (risk acceptances)</h3>\n",
    );
    if review.exceptions.is_empty() {
        out.push_str("<p class=\"empty\">No exceptions are recorded.</p>\n");
    } else {
        out.push_str(
            "<table class=\"exceptions\">\n<thead><tr><th>Exception</th><th>State</th>\
             <th>Rule</th><th>Covers</th><th>Reason</th><th>Approved</th><th>Expires</th>\
             <th>Written at</th></tr></thead>\n<tbody>\n",
        );
        for (i, e) in review.exceptions.iter().enumerate() {
            let class = match e.state {
                "active" => "ok",
                "unused" => "sev-warning",
                _ => "sev-error",
            };
            let covers: Vec<String> = e.targets.iter().map(|t| anchors.link(t)).collect();
            let approved = match (&e.approved_by, &e.approved_on) {
                (Some(by), Some(on)) => format!("{} on {}", text(by), text(on)),
                (Some(by), None) => text(by),
                (None, Some(on)) => text(on),
                (None, None) => opt(None),
            };
            let _ = writeln!(
                out,
                "<tr class=\"exception state-{}\" id=\"exception-{i}\"><td><code>{}</code></td>\
                 <td><span class=\"badge {class}\">{}</span></td><td><code>{}</code></td><td>{}</td>\
                 <td>{}</td><td>{approved}</td><td>{}</td><td><code class=\"place\">{}</code></td></tr>",
                e.state,
                text(&e.id),
                e.state,
                text(&e.rules.join(", ")),
                covers.join(", "),
                text(&e.reason),
                opt(e.expires.as_deref()),
                place(&e.place),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<h3>Inline suppressions</h3>\n");
    if review.suppressions.is_empty() {
        out.push_str("<p class=\"empty\">No inline suppressions.</p>\n");
    } else {
        out.push_str(
            "<table class=\"suppressions\">\n<thead><tr><th>Written at</th><th>Covers</th>\
             <th>Rules</th><th>Reason</th><th>State</th></tr></thead>\n<tbody>\n",
        );
        for s in &review.suppressions {
            let _ = writeln!(
                out,
                "<tr class=\"suppression\"><td><code class=\"place\">{}</code></td><td>{}</td>\
                 <td><code>{}</code></td><td>{}</td><td><span class=\"badge {}\">{}</span></td></tr>",
                place(&s.place),
                if s.file_wide {
                    "whole file"
                } else {
                    "the line it annotates"
                },
                text(&s.rules.join(", ")),
                text(&s.reason),
                if s.state == "active" {
                    "ok"
                } else {
                    "sev-warning"
                },
                s.state,
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_text_cannot_open_markup() {
        assert_eq!(
            text("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(text("a\u{202e}b\nc"), "a\\u{202e}b\\u{a}c");
    }
}
