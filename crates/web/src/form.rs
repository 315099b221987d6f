//! A posted form (`application/x-www-form-urlencoded`), read as name–value
//! pairs in the order sent; a name may come more than once (checkboxes).
//! Read by hand rather than into a struct, so that a missing or odd field
//! is answered in Swedish next to that field, never by the extractor.

/// The hidden field with the session's CSRF token, in every form.
pub(crate) const CSRF_FIELD: &str = "csrf";

#[derive(Debug, Default, Clone)]
pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs)
    }

    /// Adds `value` as (another) value of `name`.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        self.0.push((name.to_owned(), value.to_owned()));
    }

    pub(crate) fn parse(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, trimmed; `None` if absent or blank.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// Every non-blank value of `name`, in order.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    pub(crate) fn csrf(&self) -> Option<&str> {
        self.get(CSRF_FIELD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_decoded_trimmed_and_repeatable() {
        let fields = Fields::parse(b"csrf=abc&plats=Centrum&plats=+Torget+&tom=+&namn=%C3%85sa");
        assert_eq!(fields.csrf(), Some("abc"));
        assert_eq!(
            fields.all("plats").collect::<Vec<_>>(),
            ["Centrum", "Torget"]
        );
        assert_eq!(fields.get("tom"), None);
        assert_eq!(fields.get("saknas"), None);
        assert_eq!(fields.get("namn"), Some("Åsa"));
    }
}
