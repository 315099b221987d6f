//! `GET /agreements/{id}/follow-up/{year}.csv`: the follow-up's activities,
//! one row each, for a spreadsheet. The same public view as the page, in the
//! same words.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use trygglogg_projections::follow_up::FollowUp;

use super::{placed_activities, words, PageError};

/// The columns, in order.
const HEADER: [&str; 16] = [
    "fokusområde",
    "löfte",
    "aktivitet_id",
    "slag",
    "slag_id",
    "status",
    "från",
    "till",
    "när",
    "platser",
    "ansvariga",
    "beskrivning",
    "fakta",
    "timmar",
    "kostnad_sek",
    "sker_kontinuerligt",
];

/// The CSV text: a header row and one row per activity.
pub(super) fn render(view: &FollowUp) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for placed in placed_activities(view) {
        let activity = placed.activity;
        let mut description = activity
            .summary
            .clone()
            .or_else(|| activity.title.clone())
            .unwrap_or_default();
        if let Some(reason) = &activity.cancel_reason {
            description = format!("{description} Orsak till inställning: {reason}")
                .trim()
                .to_owned();
        }
        writer.write_record([
            placed.focus_area.unwrap_or(""),
            placed.commitment.unwrap_or(""),
            &activity.id.to_string(),
            &words::kind_name(&activity.kind),
            &activity.kind,
            words::activity_status_name(activity.status),
            &activity.dates.from.to_string(),
            &activity.dates.to.to_string(),
            &words::dates(activity.dates),
            &activity.places.join("; "),
            &activity.responsible.join("; "),
            &description,
            &words::facts_phrase(&activity.facts).unwrap_or_default(),
            &activity.hours.map(|h| h.to_string()).unwrap_or_default(),
            &activity.cost_sek.map(|c| c.to_string()).unwrap_or_default(),
            if activity.continues { "ja" } else { "nej" },
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    // Every field was a `&str`, so this is UTF-8 already.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub(super) fn response(view: &FollowUp) -> Result<Response, PageError> {
    let text = render(view).map_err(|e| PageError::fault(format!("the CSV: {e}")))?;
    let file = format!(
        "attachment; filename=\"uppfoljning-{}-{}.csv\"",
        view.year, view.agreement.id
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, file),
        ],
        text,
    )
        .into_response())
}
