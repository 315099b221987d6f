//! Closed sets of words in the wire format, e.g. a traffic control's focus.

/// Defines an enum written as one of a fixed set of snake_case words, with `parse`,
/// `as_str`, serde, a JSON Schema `enum`, and reading that lists the accepted words.
macro_rules! word_enum {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $word:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant ),+
        }

        impl $name {
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            pub fn parse(raw: &str) -> Result<Self, $crate::error::Invalid> {
                match raw {
                    $( $word => Ok(Self::$variant), )+
                    _ => Err($crate::error::Invalid::new(
                        format!(
                            "{} is not one of the accepted words",
                            $crate::privacy::quoted(raw)
                        ),
                        format!("give one of: {}", Self::WORDS.join(", ")),
                    )),
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $word, )+
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": Self::WORDS })
            }
        }

        impl $crate::fields::FromJson for $name {
            fn expected() -> String {
                format!("one of: {}", Self::WORDS.join(", "))
            }

            fn from_json(
                value: &serde_json::Value,
                at: &mut $crate::fields::Cursor,
            ) -> Option<Self> {
                let raw = $crate::fields::string(value, at, &Self::expected())?;
                at.check(Self::parse(raw))
            }
        }
    };
}
pub(crate) use word_enum;
