//! "Today" for validation is the Swedish calendar date, not the UTC one: an
//! activity completed at 00:30 on 1 June in Hagfors happened on 1 June.

use chrono::{NaiveDate, Utc};

pub fn today_in_sweden() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}
