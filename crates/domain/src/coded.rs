//! [`coded_enum!`](crate::coded_enum): the one shape of every closed set of refusals that a user is shown.
//!
//! Each variant is a code with typed arguments, serialised as `{"code": "<code>", "args": {…}}` (serde's
//! adjacent tagging; a variant without arguments still sends `"args": {}`), and the code names its Fluent
//! message, `error-<code>`, in every locale. The macro writes the enum, its fieldless twin (`ALL` for the
//! locale tests, `as_str`, `message_id`), and `code()` from one list, so a variant cannot be added to one
//! and forgotten in the other.

/// Declares a closed set of coded refusals; see the [module docs](crate::coded).
///
/// ```
/// use serde::Serialize;
///
/// nssf_domain::coded_enum! {
///     /// Why a door stays shut.
///     #[derive(Debug, Serialize)]
///     pub enum Shut, code ShutCode {
///         /// It is locked.
///         Locked = "locked" {},
///         /// Too many people inside.
///         Full = "full" {
///             /// How many fit.
///             max: u32,
///         },
///     }
/// }
///
/// let shut = Shut::Full { max: 3 };
/// assert_eq!(shut.code(), ShutCode::Full);
/// assert_eq!(ShutCode::Full.message_id(), "error-full");
/// assert_eq!(ShutCode::ALL, &[ShutCode::Locked, ShutCode::Full]);
/// assert_eq!(serde_json::to_string(&shut).unwrap(), r#"{"code":"full","args":{"max":3}}"#);
/// assert_eq!(serde_json::to_string(&Shut::Locked {}).unwrap(), r#"{"code":"locked","args":{}}"#);
/// ```
#[macro_export]
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, code $code:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident = $text:literal {
                    $( $(#[$field_meta:meta])* $field:ident : $ty:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[serde(tag = "code", content = "args")]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $text)]
                $variant { $( $(#[$field_meta])* $field: $ty ),* },
            )*
        }

        #[doc = concat!("The code of a [`", stringify!($name), "`] without its arguments.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl $code {
            /// Every code, in declaration order: for the tests that every one has its message.
            pub const ALL: &'static [$code] = &[$($code::$variant,)*];

            /// The kebab-case text: the serialised `code`, and the suffix of the Fluent id.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($code::$variant => $text,)*
                }
            }

            /// The Fluent message that explains this code: `error-<code>`.
            pub fn message_id(self) -> String {
                format!("error-{}", self.as_str())
            }
        }

        impl ::std::fmt::Display for $code {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $name {
            /// The code, without the arguments.
            pub fn code(&self) -> $code {
                match self {
                    $($name::$variant { .. } => $code::$variant,)*
                }
            }
        }
    };
}
