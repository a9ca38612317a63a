//! The array functions that call a rule's own function on pairs of items: `sort` (and
//! `sort_by`) with a comparer, and `dedup` with one; and `contains` (`x in array`).
//!
//! Rhai's versions ignore an error raised in the comparer (the array is then ordered by
//! item type, and the rule looks clean); these replace them, registered on the engine so
//! they win over the package's, and make any such error the rule's failure. The sort is a
//! merge sort of our own, stable and total whatever the comparer answers, so an inconsistent
//! comparer gives some order, never a panic.
//!
//! Rhai's `contains` calls the `==` operator through the engine once per item, about a
//! thousand instructions each; rules test a word against a list of words in their inner
//! loops. This one compares strings, integers, booleans and `()` directly, where `==` has
//! no other meaning than equality of the two values, and calls `==` for any other pair.

use std::cmp::Ordering;

use rhai::{
    Array, Dynamic, Engine, EvalAltResult, FnPtr, FuncRegistration, ImmutableString,
    NativeCallContext,
};

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
    // Pure: it reads the array, so `x in LIST` works on a constant as the package's does.
    FuncRegistration::new("contains")
        .with_purity(true)
        .register_into_engine(
            engine,
            |ctx: NativeCallContext, array: &mut Array, value: Dynamic| -> Outcome<bool> {
                for item in array.iter_mut() {
                    let equal = match plain_equal(item, &value) {
                        Some(equal) => equal,
                        None => operator_equal(&ctx, item, &value)?,
                    };
                    if equal {
                        return Ok(true);
                    }
                }
                Ok(false)
            },
        );
}

/// `a == b` where both are strings, both integers, both booleans or both `()`: what Rhai's
/// built-in operator answers for such a pair. `None` for any other pair.
fn plain_equal(a: &Dynamic, b: &Dynamic) -> Option<bool> {
    if let (Some(x), Some(y)) = (
        a.read_lock::<ImmutableString>(),
        b.read_lock::<ImmutableString>(),
    ) {
        return Some(x.as_str() == y.as_str());
    }
    if let (Ok(x), Ok(y)) = (a.as_int(), b.as_int()) {
        return Some(x == y);
    }
    if let (Ok(x), Ok(y)) = (a.as_bool(), b.as_bool()) {
        return Some(x == y);
    }
    (a.is_unit() && b.is_unit()).then_some(true)
}

/// `a == b` through the engine, as the package's `contains` asks it: a pair of different
/// types with no `==` is unequal, a pair of one type with no `==` an error.
fn operator_equal(ctx: &NativeCallContext, a: &mut Dynamic, b: &Dynamic) -> Outcome<bool> {
    match ctx.call_native_fn_raw("==", true, &mut [a, &mut b.clone()]) {
        Ok(answer) => Ok(answer.as_bool().unwrap_or(false)),
        Err(error) => match *error {
            EvalAltResult::ErrorFunctionNotFound(ref signature, ..)
                if signature.starts_with("==") && a.type_id() != b.type_id() =>
            {
                Ok(false)
            }
            _ => Err(error),
        },
    }
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
