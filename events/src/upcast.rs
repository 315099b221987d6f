//! Upcasters lift stored data of an old schema version to the next, on JSON values (in
//! the style of cqrs-es), so old events never need migrating in the log. Each schema
//! change adds one upcaster here and tests it on stored examples of the old version
//! (`tests/fixtures/v1/`).

use crate::error::DecodeError;
use crate::event::EventType;
use serde_json::Value;

/// Lifts `event_type` data from `from_version` to `from_version + 1`.
pub struct Upcaster {
    pub event_type: EventType,
    pub from_version: u32,
    pub upcast: fn(Value) -> Result<Value, String>,
}

pub(crate) const UPCASTERS: &[Upcaster] = &[
    Upcaster {
        event_type: EventType::ActivityPlanned,
        from_version: 1,
        upcast: single_place_to_places,
    },
    Upcaster {
        event_type: EventType::ActivityCompleted,
        from_version: 1,
        upcast: single_place_to_places,
    },
];

/// Lifts `data` from `version` to the current version of `event_type`.
pub fn upcast(event_type: EventType, version: u32, data: Value) -> Result<Value, DecodeError> {
    upcast_with(upcasters(), event_type, version, data)
}

/// The upcasters every reading uses: [`UPCASTERS`], but for a test that
/// replaced them on its thread ([`with_upcasters`]).
pub(crate) fn upcasters() -> &'static [Upcaster] {
    #[cfg(feature = "test-upcasters")]
    if let Some(replaced) = REPLACED.get() {
        return replaced;
    }
    UPCASTERS
}

#[cfg(feature = "test-upcasters")]
thread_local! {
    static REPLACED: std::cell::Cell<Option<&'static [Upcaster]>> =
        const { std::cell::Cell::new(None) };
}

/// Runs `f` with `upcasters` in place of [`UPCASTERS`] for every reading of
/// stored events on this thread (and this thread only, so tests running
/// beside it are not touched). The seam through which the projections' tests
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
    (version..current).try_fold(data, |data, from| {
        let upcaster = upcasters
            .iter()
            .find(|u| u.event_type == event_type && u.from_version == from)
            .ok_or_else(|| DecodeError::Upcast {
                event_type: event_type.as_str(),
                from,
                reason: "no upcaster is registered for this version".into(),
            })?;
        (upcaster.upcast)(data).map_err(|reason| DecodeError::Upcast {
            event_type: event_type.as_str(),
            from,
            reason,
        })
    })
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
