//! The integration tests of trygglogg-events, in one binary.

mod agreement_stream_rules;
mod common;
mod correction_paths;
mod dates_and_periods;
mod events;
mod fixture;
mod hostile;
mod outcomes;
mod personal_data;
mod personnummer;
mod results;
mod roundtrip;
mod schemas;
mod stream_rules;
mod upcast;
mod values;
mod wire;
