//! Bounded pages: every read takes `limit` (default 100, at most 1000).

use crate::Problem;

pub const DEFAULT_PAGE_LIMIT: usize = 100;
pub const MAX_PAGE_LIMIT: usize = 1000;

/// The page size asked for, or a 400 that says the bounds.
pub fn page_limit(limit: Option<u64>) -> Result<usize, Problem> {
    let expected = format!(
        "give 1 to {MAX_PAGE_LIMIT} (default {DEFAULT_PAGE_LIMIT}) and follow `next` for more"
    );
    match limit {
        None => Ok(DEFAULT_PAGE_LIMIT),
        Some(0) => Err(Problem::invalid_parameter(
            "limit",
            "0 asks for nothing",
            expected,
        )),
        Some(n) if n > MAX_PAGE_LIMIT as u64 => Err(Problem::invalid_parameter(
            "limit",
            format!("{n} is over the maximum of {MAX_PAGE_LIMIT}"),
            expected,
        )),
        Some(n) => Ok(n as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_and_are_bounded() {
        assert_eq!(page_limit(None).unwrap(), DEFAULT_PAGE_LIMIT);
        assert_eq!(page_limit(Some(1)).unwrap(), 1);
        assert_eq!(page_limit(Some(1000)).unwrap(), 1000);
        let over = page_limit(Some(1001)).unwrap_err();
        assert_eq!(over.status().as_u16(), 400);
        assert!(
            over.detail().contains("maximum of 1000"),
            "{}",
            over.detail()
        );
        assert!(page_limit(Some(0)).is_err());
    }
}
