//! The array functions that call a rule's own function on pairs of items: `sort` (and
//! `sort_by`) with a comparer, and `dedup` with one.
//!
//! Rhai's versions ignore an error raised in the comparer (the array is then ordered by
//! item type, and the rule looks clean); these replace them, registered on the engine so
//! they win over the package's, and make any such error the rule's failure. The sort is a
//! merge sort of our own, stable and total whatever the comparer answers, so an inconsistent
//! comparer gives some order, never a panic.

use std::cmp::Ordering;

use rhai::{Array, Dynamic, Engine, EvalAltResult, FnPtr, NativeCallContext};

type Outcome<T> = Result<T, Box<EvalAltResult>>;

pub(in crate::script) fn register_array_api(engine: &mut Engine) {
    for name in ["sort", "sort_by"] {
        engine.register_fn(
            name,
            |ctx: NativeCallContext, array: &mut Array, comparer: FnPtr| -> Outcome<()> {
                let items = std::mem::take(array);
                let mut compare = |a: &Dynamic, b: &Dynamic| order(&ctx, &comparer, a, b);
                *array = merge_sort(items, &mut compare)?;
                Ok(())
            },
        );
    }
    engine.register_fn(
        "dedup",
        |ctx: NativeCallContext, array: &mut Array, comparer: FnPtr| -> Outcome<()> {
            let mut kept: Array = Vec::with_capacity(array.len());
            for item in std::mem::take(array) {
                let duplicate = match kept.last() {
                    Some(last) => truth(
                        "dedup",
                        comparer.call_raw(&ctx, None, [last.clone(), item.clone()])?,
                    )?,
                    None => false,
                };
                if !duplicate {
                    kept.push(item);
                }
            }
            *array = kept;
            Ok(())
        },
    );
}

/// What the comparer says of `a` and `b`: a negative, zero or positive integer, or a boolean
/// (`true`: `a` goes first), as Rhai documents.
fn order(ctx: &NativeCallContext, comparer: &FnPtr, a: &Dynamic, b: &Dynamic) -> Outcome<Ordering> {
    let answer = comparer.call_raw(ctx, None, [a.clone(), b.clone()])?;
    if let Ok(n) = answer.as_int() {
        Ok(n.cmp(&0))
    } else if let Ok(first) = answer.as_bool() {
        Ok(if first {
            Ordering::Less
        } else {
            Ordering::Greater
        })
    } else {
        Err(not_expected("sort", "an integer or a boolean", &answer))
    }
}

fn truth(function: &str, answer: Dynamic) -> Outcome<bool> {
    answer
        .as_bool()
        .map_err(|_| not_expected(function, "a boolean", &answer))
}

fn not_expected(function: &str, expected: &str, answer: &Dynamic) -> Box<EvalAltResult> {
    format!(
        "the function given to `{function}` returned {} where {expected} was expected",
        answer.type_name()
    )
    .into()
}

/// A stable merge sort that stops at the comparer's first error.
fn merge_sort(
    mut items: Vec<Dynamic>,
    compare: &mut dyn FnMut(&Dynamic, &Dynamic) -> Outcome<Ordering>,
) -> Outcome<Vec<Dynamic>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, compare)?;
    let right = merge_sort(right, compare)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(a), Some(b)) = (left.peek(), right.peek()) {
        let next = if compare(b, a)? == Ordering::Less {
            right.next()
        } else {
            left.next()
        };
        out.extend(next);
    }
    out.extend(left);
    out.extend(right);
    Ok(out)
}
