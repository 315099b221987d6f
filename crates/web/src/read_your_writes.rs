//! `?min_position=N` on the pages that read the live view (the follow-ups
//! and their downloads, an agreement's page, the list): the API's rule
//! (`trygglogg_api::read_your_writes`), refused in Swedish. After a form is
//! recorded, its link to the follow-up carries the position, so that the
//! page shows what was just recorded.

use std::time::Duration;

use trygglogg_api::read_your_writes::{view_includes, NotYet};
use trygglogg_api::{canonical, AppState};
use trygglogg_recorder::Recorded;

use crate::PageError;

/// The query parameter, as the API spells it.
const MIN_POSITION: &str = "min_position";

/// Waits for the view to include the query's `min_position`, if it names
/// one; other parameters are left to the page.
pub(crate) async fn wait_for_view(state: &AppState, query: Option<&str>) -> Result<(), PageError> {
    let asked = min_position(query)?;
    view_includes(state, asked)
        .await
        .map_err(|not_yet| match not_yet {
            NotYet::BeyondHead { asked, head } => PageError::bad_request(format!(
            "Adressen ber om registrering nummer {asked} i loggen, men loggen har bara {head}. \
             Öppna sidan utan ”{MIN_POSITION}”, eller från startsidan."
        )),
            NotYet::Behind { reached, .. } => PageError::unavailable(
                format!(
                    "Sammanställningen har inte hunnit ta med det senast registrerade än \
                 (den har kommit till registrering nummer {reached}). Ladda om sidan om en stund."
                ),
                Duration::from_secs(1),
            ),
        })
}

/// `min_position` of a page's query, empty or absent is none.
fn min_position(query: Option<&str>) -> Result<Option<u64>, PageError> {
    let raw = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(name, _)| name == MIN_POSITION)
        .map(|(_, value)| value.into_owned());
    match raw.as_deref() {
        None | Some("") => Ok(None),
        Some(raw) => canonical::position(raw).map(Some).ok_or_else(|| {
            PageError::bad_request(format!(
                "”{raw}” är inget nummer i loggen. ”{MIN_POSITION}” tar ett heltal från 1, \
                 som det en registrering fick; eller öppna sidan utan det."
            ))
        }),
    }
}

/// `path` (a page that reads the view) with the last position `recorded`
/// got, so that the page waits (up to 2 s) until it shows it.
pub(crate) fn showing(path: &str, recorded: &Recorded) -> String {
    match recorded.positions.iter().max() {
        Some(last) => format!("{path}?{MIN_POSITION}={last}"),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_position_is_read_in_its_one_spelling() {
        assert_eq!(min_position(None).unwrap(), None);
        assert_eq!(min_position(Some("as_of=2018-05-01")).unwrap(), None);
        assert_eq!(min_position(Some("min_position=")).unwrap(), None);
        assert_eq!(min_position(Some("min_position=17")).unwrap(), Some(17));
        for refused in ["min_position=0", "min_position=017", "min_position=%2B17"] {
            let error = min_position(Some(refused)).unwrap_err();
            assert_eq!(
                error.status,
                axum::http::StatusCode::BAD_REQUEST,
                "{refused}"
            );
        }
    }
}
