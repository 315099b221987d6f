//! Where people reach the site: `trygglogg serve --public-url` (default
//! [`PublicUrl::DEFAULT`]). It says whether the site is served over HTTPS
//! (then the session cookie is `Secure`: a TLS-terminating proxy in front
//! is what makes it HTTPS, and the server cannot see that for itself), and
//! it is the base of the one-time sign-in links `token create --login`
//! prints.

use std::fmt;
use std::str::FromStr;

/// An `http://` or `https://` address without a path, e.g.
/// `https://trygglogg.hagfors.se`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    pub const DEFAULT: &'static str = "http://127.0.0.1:8080";

    /// Whether the site is served over HTTPS.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// The one-time sign-in link for `code`.
    pub fn sign_in_link(&self, code: &str) -> String {
        format!("{}/logga-in?kod={code}", self.0)
    }
}

impl Default for PublicUrl {
    fn default() -> Self {
        PublicUrl::DEFAULT.parse().expect("the default is valid")
    }
}

impl FromStr for PublicUrl {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim().trim_end_matches('/');
        let host = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"));
        let valid = host.is_some_and(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        });
        if valid {
            Ok(PublicUrl(trimmed.to_owned()))
        } else {
            Err(format!(
                "{raw:?} is not a public address; give http:// or https:// and a host, \
                 with a port if needed and no path, e.g. https://trygglogg.hagfors.se"
            ))
        }
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_say_whether_they_are_https() {
        let cases = [
            (
                "https://trygglogg.hagfors.se/",
                Some(("https://trygglogg.hagfors.se", true)),
            ),
            (
                "http://127.0.0.1:8080",
                Some(("http://127.0.0.1:8080", false)),
            ),
            ("http://[::1]:8080", Some(("http://[::1]:8080", false))),
            ("trygglogg.hagfors.se", None),
            ("https://", None),
            ("https://x.se/sökväg", None),
            ("ftp://x.se", None),
        ];
        for (raw, expected) in cases {
            let parsed = raw.parse::<PublicUrl>();
            match expected {
                Some((text, https)) => {
                    let url = parsed.unwrap();
                    assert_eq!(
                        (url.to_string().as_str(), url.is_https()),
                        (text, https),
                        "{raw}"
                    );
                }
                None => assert!(parsed.unwrap_err().contains("https://"), "{raw}"),
            }
        }
        assert_eq!(
            PublicUrl::default().sign_in_link("ab12"),
            "http://127.0.0.1:8080/logga-in?kod=ab12"
        );
    }
}
