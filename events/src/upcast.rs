//! Upcasters lift stored data of an old schema version to the next, on JSON values (in
//! the style of cqrs-es), so old events never need migrating in the log. Each schema
//! change adds one upcaster here and tests it on stored examples of the old version
//! (`tests/fixtures/v1/`, `tests/fixtures/v2/`).

use std::borrow::Cow;

use crate::error::DecodeError;
use crate::event::EventType;
use serde_json::Value;

/// Lifts `event_type` data from `from_version` to `from_version + 1`.
#[derive(Clone, Copy)]
pub struct Upcaster {
    pub event_type: EventType,
    pub from_version: u32,
    pub upcast: fn(Value) -> Result<Value, String>,
    /// Whether this step may change what places an activity: `serves`,
    /// `planned`, `occurred`, `started` or `responsible`, in the event or in a
    /// correction's `changes` (the fields [`crate::decode_placing`] reads).
    /// The follow-up index reads an old event's placing in place, without
    /// upcasting, when no step up to the current version changes it; a step
    /// that says `false` wrongly would give wrong rebuilds, which the
    /// projections' mixed-version rebuild test and `placing_in_place` catch.
    pub changes_placing: bool,
}

pub(crate) const UPCASTERS: &[Upcaster] = &[
    Upcaster {
        event_type: EventType::ActivityPlanned,
        from_version: 1,
        upcast: single_place_to_places,
        changes_placing: false,
    },
    Upcaster {
        event_type: EventType::ActivityCompleted,
        from_version: 1,
        upcast: single_place_to_places,
        changes_placing: false,
    },
    Upcaster {
        event_type: EventType::AgreementAdopted,
        from_version: 1,
        upcast: only_new_optional_fields,
        changes_placing: false,
    },
    Upcaster {
        event_type: EventType::CommitmentAdded,
        from_version: 1,
        upcast: only_new_optional_fields,
        changes_placing: false,
    },
    Upcaster {
        event_type: EventType::IndicatorMeasured,
        from_version: 1,
        upcast: free_standing_to_unlinked,
        changes_placing: false,
    },
    Upcaster {
        event_type: EventType::ActivityCompleted,
        from_version: 2,
        upcast: v2_facts_to_v3,
        changes_placing: false,
    },
    Upcaster {
        event_type: EventType::Correction,
        from_version: 1,
        upcast: changes_as_now_named,
        changes_placing: false,
    },
];

/// Lifts `data` from `version` to the current version of `event_type`.
pub fn upcast(event_type: EventType, version: u32, data: Value) -> Result<Value, DecodeError> {
    upcast_with(&upcasters(), event_type, version, data)
}

/// The upcasters every reading uses: [`UPCASTERS`], but for the steps a test
/// replaced on its thread ([`with_upcasters`]).
pub(crate) fn upcasters() -> Cow<'static, [Upcaster]> {
    #[cfg(feature = "test-upcasters")]
    if let Some(replacements) = REPLACED.get() {
        let replaced = |real: &&Upcaster| {
            replacements
                .iter()
                .any(|r| r.event_type == real.event_type && r.from_version == real.from_version)
        };
        let kept = UPCASTERS.iter().filter(|real| !replaced(real));
        return Cow::Owned(replacements.iter().chain(kept).copied().collect());
    }
    Cow::Borrowed(UPCASTERS)
}

#[cfg(feature = "test-upcasters")]
thread_local! {
    static REPLACED: std::cell::Cell<Option<&'static [Upcaster]>> =
        const { std::cell::Cell::new(None) };
}

/// Runs `f` with `upcasters` in place of the steps of [`UPCASTERS`] with the
/// same event type and version (the others stay, so a test replaces only the
/// steps it means to) for every reading of stored events on this thread (and
/// this thread only, so tests running beside it are not touched). The seam through which the projections' tests
/// see that an upcast changing a placing field reaches the follow-up index;
/// only with the `test-upcasters` feature, which only dev-dependencies turn on.
#[cfg(feature = "test-upcasters")]
pub fn with_upcasters<T>(upcasters: &'static [Upcaster], f: impl FnOnce() -> T) -> T {
    struct Restore(Option<&'static [Upcaster]>);
    impl Drop for Restore {
        fn drop(&mut self) {
            REPLACED.set(self.0);
        }
    }
    let _restore = Restore(REPLACED.replace(Some(upcasters)));
    f()
}

/// [`upcast`] with the given upcasters (tests give their own).
pub(crate) fn upcast_with(
    upcasters: &[Upcaster],
    event_type: EventType,
    version: u32,
    data: Value,
) -> Result<Value, DecodeError> {
    steps(upcasters, event_type, version)?.try_fold(data, |data, step| {
        let step = step?;
        (step.upcast)(data).map_err(|reason| DecodeError::Upcast {
            event_type: event_type.as_str(),
            from: step.from_version,
            reason,
        })
    })
}

/// Whether upcasting `event_type` data from `version` to the current version
/// may change its placing (see [`Upcaster::changes_placing`]); refused as
/// [`upcast_with`] would refuse it.
pub(crate) fn upcast_changes_placing(
    upcasters: &[Upcaster],
    event_type: EventType,
    version: u32,
) -> Result<bool, DecodeError> {
    steps(upcasters, event_type, version)?
        .try_fold(false, |changes, step| Ok(changes || step?.changes_placing))
}

/// The steps that lift `event_type` data from `version` to the current
/// version, in order; a version that cannot be lifted is refused.
fn steps(
    upcasters: &[Upcaster],
    event_type: EventType,
    version: u32,
) -> Result<impl Iterator<Item = Result<&Upcaster, DecodeError>>, DecodeError> {
    let current = event_type.current_version();
    if version == 0 {
        return Err(DecodeError::VersionZero {
            event_type: event_type.as_str(),
        });
    }
    if version > current {
        return Err(DecodeError::VersionTooNew {
            event_type: event_type.as_str(),
            found: version,
            supported: current,
        });
    }
    Ok((version..current).map(move |from| {
        upcasters
            .iter()
            .find(|u| u.event_type == event_type && u.from_version == from)
            .ok_or_else(|| DecodeError::Upcast {
                event_type: event_type.as_str(),
                from,
                reason: "no upcaster is registered for this version".into(),
            })
    }))
}

/// v1 → v2 of `activity_planned` and `activity_completed`: v1 had one `place`; an
/// inspection "i Hagfors och Ekshärad" needs several, so v2 has a list `places`.
fn single_place_to_places(mut data: Value) -> Result<Value, String> {
    let object = data
        .as_object_mut()
        .ok_or("v1 data must be a JSON object")?;
    let place = object
        .remove("place")
        .ok_or("v1 data has no \"place\" field")?;
    if object.contains_key("places") {
        return Err("v1 data must not have both \"place\" and \"places\"".into());
    }
    object.insert("places".into(), Value::Array(vec![place]));
    Ok(data)
}

/// v1 → v2 of `agreement_adopted` and `commitment_added`: v2 only adds fields
/// and forms (an agreement's context and `until_year`; targets on a fact's sum
/// or an indicator), so v1 data is v2 data as it stands. Still a version of its
/// own: a v1 reader would refuse v2's new fields.
fn only_new_optional_fields(data: Value) -> Result<Value, String> {
    if data.is_object() {
        Ok(data)
    } else {
        Err("v1 data must be a JSON object".into())
    }
}

/// v1 → v2 of `indicator_measured`: v1 named what it measured in the event
/// itself (`indicator`, `unit`, `source`, `focus_area`); v2 names a defined
/// indicator by key, and keeps v1's own description as `unlinked`, so an old
/// measurement stays readable and shown.
fn free_standing_to_unlinked(mut data: Value) -> Result<Value, String> {
    let object = data
        .as_object_mut()
        .ok_or("v1 data must be a JSON object")?;
    if object.contains_key("unlinked") {
        return Err("v1 data must not have \"unlinked\"".into());
    }
    let mut unlinked = serde_json::Map::new();
    for (v1, v2) in V1_OWN_INDICATOR {
        match object.remove(v1) {
            Some(value) => {
                unlinked.insert(v2.into(), value);
            }
            None if v1 == "focus_area" => {}
            None => return Err(format!("v1 data has no \"{v1}\" field")),
        }
    }
    object.insert("unlinked".into(), Value::Object(unlinked));
    Ok(data)
}

/// The fields with which a v1 `indicator_measured` named what it measured,
/// and their names inside v2's `unlinked`.
const V1_OWN_INDICATOR: [(&str, &str); 4] = [
    ("indicator", "name"),
    ("unit", "unit"),
    ("source", "source"),
    ("focus_area", "focus_area"),
];

/// Facts renamed in v3 of `activity_completed`, with the same meaning: one
/// test purchase attempt per outlet tested, and an inspected premises for a
/// visited one. Each old name belongs to one kind only, so no kind is needed.
/// A traffic control's `reported` stays the total it was: v2 never said by
/// which offence, and no split is invented.
const RENAMED_IN_V3: [(&str, &str); 2] = [
    ("outlets_tested", "attempts"),
    ("premises_visited", "premises_inspected"),
];

fn rename_v2_facts(facts: &mut Value) -> Result<(), String> {
    let Some(facts) = facts.as_object_mut() else {
        return Ok(());
    };
    for (old, new) in RENAMED_IN_V3 {
        if let Some(value) = facts.remove(old) {
            if facts.contains_key(new) {
                return Err(format!("v2 facts must not have both {old:?} and {new:?}"));
            }
            facts.insert(new.into(), value);
        }
    }
    Ok(())
}

/// v2 → v3 of `activity_completed`: the renamed facts (see [`RENAMED_IN_V3`]).
fn v2_facts_to_v3(mut data: Value) -> Result<Value, String> {
    let object = data
        .as_object_mut()
        .ok_or("v2 data must be a JSON object")?;
    if let Some(facts) = object.get_mut("facts") {
        rename_v2_facts(facts)?;
    }
    Ok(data)
}

/// v1 → v2 of `correction`: a v1 correction names the changed fields as its
/// target's version of that time did (every event type then at v1 but
/// `activity_completed`, at v2); read now, it names them as the target's
/// current version does, so that it still applies to its upcast target.
/// - `activity_completed`: the facts renamed in v3 ([`RENAMED_IN_V3`]);
/// - `indicator_measured`: v1's own `indicator`, `unit`, `source` and
///   `focus_area` go into `unlinked`, as only the fields corrected: a
///   correction lays them over the target's (`EventType::merged_fields`);
/// - `agreement_adopted`, `commitment_added`: v2 only added fields, so
///   their changes stand as they are; so do those of every other type.
fn changes_as_now_named(mut data: Value) -> Result<Value, String> {
    let object = data
        .as_object_mut()
        .ok_or("v1 correction data must be a JSON object")?;
    let target_type = object
        .get("target_type")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(changes) = object.get_mut("changes").and_then(Value::as_object_mut) else {
        return Ok(data);
    };
    match target_type.as_deref() {
        Some("activity_completed") => {
            if let Some(facts) = changes.get_mut("facts") {
                rename_v2_facts(facts)?;
            }
        }
        Some("indicator_measured") => {
            if changes.contains_key("unlinked") {
                return Err("v1 changes must not have \"unlinked\"".into());
            }
            let unlinked: serde_json::Map<String, Value> = V1_OWN_INDICATOR
                .iter()
                .filter_map(|(v1, v2)| changes.remove(*v1).map(|value| ((*v2).to_owned(), value)))
                .collect();
            if !unlinked.is_empty() {
                changes.insert("unlinked".into(), Value::Object(unlinked));
            }
        }
        _ => {}
    }
    Ok(data)
}
