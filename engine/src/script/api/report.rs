//! The report API: `report`, `error`, `warning` and `info`, and the `.label()`, `.help()`
//! and `.note()` of the finding they return.
//!
//! Findings go to the running job's record (see [`crate::script`]); this file only turns what
//! a rule says into [`Diagnostic`]s, pointing at the node it names, and counts each finding
//! and each text added to one against the job's limits (`max_findings`, `max_output_bytes`,
//! `max_message_bytes`), so a rule cannot make the host hold more than its sandbox allows.

use rhai::{Engine, EvalAltResult};

use crate::diagnostic::{Diagnostic, Label};
use crate::model::NodeRef;
use crate::script::{
    FINDINGS_LIMIT, ITEM_OVERHEAD, Job, RepoHandle, check_deadline, stop, with_job,
};

/// A finding being built: `.label()`, `.help()`, `.note()` add to it.
#[derive(Debug, Clone, Copy)]
pub struct Finding(usize);

fn new_finding(
    node: Option<&NodeRef>,
    key: Option<&str>,
    message: &str,
    severity: Option<crate::diagnostic::Severity>,
) -> Result<Finding, Box<EvalAltResult>> {
    // Placing a finding reads its line and its entry: linear in a long line or a wide mapping.
    check_deadline()?;
    with_job(|job| {
        if job.findings.len() >= job.limits.max_findings {
            return Err(stop(FINDINGS_LIMIT));
        }
        let meta = &job.rule.meta;
        let mut d = Diagnostic::new(
            &meta.code,
            &meta.name,
            severity.unwrap_or(meta.severity),
            message,
        );
        if let Some(node) = node {
            let target = key
                .and_then(|k| node.get(k))
                .unwrap_or_else(|| node.clone());
            d = d
                .at(
                    target.doc.file,
                    target.doc.doc.label_span(target.id, &target.doc.text),
                    "",
                )
                .with_path(Some(target.path()))
                .with_entry(crate::model::entry_of(&target.doc.doc, target.id));
        }
        let overhead = d.path.as_ref().map_or(0, String::len)
            + d.entry.as_ref().map_or(0, String::len)
            + std::mem::size_of::<Diagnostic>();
        charge(job, message.len(), overhead)?;
        job.findings.push(d);
        Ok(Finding(job.findings.len() - 1))
    })?
}

/// Counts a text and its bookkeeping against the job's budget, as the error that stops the
/// script if a limit breaks.
fn charge(job: &mut Job, text: usize, overhead: usize) -> Result<(), Box<EvalAltResult>> {
    job.charge(text, overhead).map_err(stop)
}

/// Changes a finding, after counting the `added` text against the job's budget.
fn edit(
    finding: Finding,
    added: &str,
    f: impl FnOnce(&mut Diagnostic),
) -> Result<Finding, Box<EvalAltResult>> {
    with_job(|job| {
        charge(job, added.len(), ITEM_OVERHEAD)?;
        if let Some(d) = job.findings.get_mut(finding.0) {
            f(d);
        }
        Ok(finding)
    })?
}

pub(in crate::script) fn register_report_api(engine: &mut Engine) {
    use crate::diagnostic::Severity;
    engine.register_type_with_name::<Finding>("Finding");
    for (name, severity) in [
        ("report", None),
        ("error", Some(Severity::Error)),
        ("warning", Some(Severity::Warning)),
        ("info", Some(Severity::Info)),
    ] {
        engine.register_fn(name, move |node: NodeRef, message: &str| {
            new_finding(Some(&node), None, message, severity)
        });
        engine.register_fn(name, move |node: NodeRef, key: &str, message: &str| {
            new_finding(Some(&node), Some(key), message, severity)
        });
        engine.register_fn(name, move |_: RepoHandle, message: &str| {
            new_finding(None, None, message, severity)
        });
    }
    engine.register_fn("label", |finding: Finding, message: &str| {
        edit(finding, message, |d| {
            if let Some(primary) = d.primary.as_mut() {
                primary.message = message.to_owned();
            }
        })
    });
    engine.register_fn("label", |finding: Finding, node: NodeRef, message: &str| {
        edit(finding, message, |d| {
            d.secondary.push(Label {
                file: node.doc.file,
                span: node.doc.doc.label_span(node.id, &node.doc.text),
                message: message.to_owned(),
            });
        })
    });
    engine.register_fn("help", |finding: Finding, message: &str| {
        edit(finding, message, |d| d.help = Some(message.to_owned()))
    });
    engine.register_fn("note", |finding: Finding, message: &str| {
        edit(finding, message, |d| d.notes.push(message.to_owned()))
    });
}
