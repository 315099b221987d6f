//! Where an activity took place: a district or locality, never an address of a person.

use crate::text::bounded_text;

bounded_text! {
    /// A district or locality, e.g. "Hagfors centrum", "Ekshärad", "yttre områden", or
    /// "Hagfors kommun" for work that concerns the whole municipality.
    PlaceName { max_chars: 100, multiline: false, when_empty: "give the locality, e.g. \"Hagfors centrum\"" }
}
