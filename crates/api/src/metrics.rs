//! Prometheus metrics: requests and their latency by route, method and status;
//! appends and the events they recorded by type; refused tokens by reason;
//! refusals by problem type; the log's head; and the lag of each projection
//! (fed by whoever runs projections, through [`Metrics::set_projection_lag`]).

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use trygglogg_store::WriterStats;

use crate::commit_metrics::CommitHistograms;

/// The content type of `/metrics` (OpenMetrics text, which Prometheus reads).
pub const METRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The route template, e.g. `/api/v1/streams/{stream}`, or `unmatched`, so
    /// that arbitrary paths cannot blow up the number of series.
    route: String,
    method: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EventTypeLabels {
    /// A catalogued event type: only recorded events are counted, and the
    /// recorder refuses unknown types, so the series are few.
    r#type: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ProblemLabels {
    /// The problem's `type`, e.g. `/docs#problem-invalid-parameter`.
    problem: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ProjectionLabels {
    projection: String,
}

/// What an append request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendOutcome {
    Appended,
    /// An idempotent retry: nothing new was written.
    Replayed,
    Refused,
}

/// Why a request's token was not accepted for its route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// No token, on a route that needs one.
    Missing,
    /// Garbled, or not in the token file.
    Unknown,
    Revoked,
    /// A valid token whose role does not allow the route.
    WrongRole,
}

impl TokenRefusal {
    fn label(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Unknown => "unknown",
            Self::Revoked => "revoked",
            Self::WrongRole => "wrong_role",
        }
    }
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    append_requests: Family<OutcomeLabels, Counter>,
    appended_events: Counter,
    recorded_events: Family<EventTypeLabels, Counter>,
    refused_tokens: Family<ReasonLabels, Counter>,
    refusals: Family<ProblemLabels, Counter>,
    head_position: Gauge,
    projection_lag: Family<ProjectionLabels, Gauge>,
    commits: CommitHistograms,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 16 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("trygglogg");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        let append_requests = Family::<OutcomeLabels, Counter>::default();
        let appended_events = Counter::default();
        let recorded_events = Family::<EventTypeLabels, Counter>::default();
        let refused_tokens = Family::<ReasonLabels, Counter>::default();
        let refusals = Family::<ProblemLabels, Counter>::default();
        let head_position = Gauge::default();
        let projection_lag = Family::<ProjectionLabels, Gauge>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request (to the first byte for streams), by route template, method and status",
            latency.clone(),
        );
        registry.register(
            "append_requests",
            "Append requests by outcome: appended, replayed (an idempotent retry) or refused",
            append_requests.clone(),
        );
        registry.register(
            "appended_events",
            "Events appended through the API (retries not counted)",
            appended_events.clone(),
        );
        registry.register(
            "recorded_events",
            "Events recorded through the append and batch routes, by type (retries not counted)",
            recorded_events.clone(),
        );
        registry.register(
            "refused_tokens",
            "Requests refused for their token, by reason: missing, unknown, revoked or wrong_role",
            refused_tokens.clone(),
        );
        registry.register(
            "refusals",
            "Problem responses (4xx and 5xx), by problem type",
            refusals.clone(),
        );
        registry.register(
            "log_head_position",
            "Position of the last durable event in the log",
            head_position.clone(),
        );
        registry.register(
            "projection_lag_events",
            "How many events of the log a projection has not applied yet",
            projection_lag.clone(),
        );
        let commits = CommitHistograms::default();
        registry.register_collector(Box::new(commits.clone()));
        Metrics {
            registry,
            requests,
            latency,
            append_requests,
            appended_events,
            recorded_events,
            refused_tokens,
            refusals,
            head_position,
            projection_lag,
            commits,
        }
    }
}

impl Metrics {
    pub fn observe_request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let labels = RequestLabels {
            route: route.to_owned(),
            method: method.to_owned(),
            status,
        };
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(seconds);
    }

    pub fn observe_append(&self, outcome: AppendOutcome, events: usize) {
        let outcome = match outcome {
            AppendOutcome::Appended => "appended",
            AppendOutcome::Replayed => "replayed",
            AppendOutcome::Refused => "refused",
        };
        self.append_requests
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
        if outcome == "appended" {
            self.appended_events.inc_by(events as u64);
        }
    }

    /// Events newly recorded (never a retry's), one type per event.
    pub fn observe_recorded<'a>(&self, types: impl IntoIterator<Item = &'a str>) {
        for event_type in types {
            self.recorded_events
                .get_or_create(&EventTypeLabels {
                    r#type: event_type.to_owned(),
                })
                .inc();
        }
    }

    pub fn observe_refused_token(&self, reason: TokenRefusal) {
        self.refused_tokens
            .get_or_create(&ReasonLabels {
                reason: reason.label(),
            })
            .inc();
    }

    /// A problem response, by its `type` (see [`crate::problem::ProblemKind::type_uri`]).
    pub fn observe_refusal(&self, problem_type: String) {
        self.refusals
            .get_or_create(&ProblemLabels {
                problem: problem_type,
            })
            .inc();
    }

    /// The hook for projections: how many events behind the log's head the
    /// projection named `projection` is (head position minus its checkpoint).
    pub fn set_projection_lag(&self, projection: &str, lag_events: u64) {
        self.projection_lag
            .get_or_create(&ProjectionLabels {
                projection: projection.to_owned(),
            })
            .set(i64::try_from(lag_events).unwrap_or(i64::MAX));
    }

    /// Every metric in the OpenMetrics text format, with the head and the
    /// writer's commit histograms as of now.
    pub fn render(&self, head_position: u64, writer: &WriterStats) -> String {
        self.commits.update(writer);
        self.head_position
            .set(i64::try_from(head_position).unwrap_or(i64::MAX));
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut text, &self.registry);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_holds_requests_appends_refusals_head_and_projection_lag() {
        let metrics = Metrics::default();
        metrics.observe_request("/healthz", "GET", 200, 0.002);
        metrics.observe_append(AppendOutcome::Appended, 3);
        metrics.observe_append(AppendOutcome::Replayed, 3);
        metrics.set_projection_lag("follow_up", 7);
        metrics.observe_recorded(["activity_completed", "activity_completed"]);
        metrics.observe_refused_token(TokenRefusal::WrongRole);
        metrics.observe_refusal("/docs#problem-forbidden".to_owned());
        let writer = WriterStats::default();
        writer.group_sizes.observe(3.0);
        writer.fsync_seconds.observe(0.002);
        let text = metrics.render(42, &writer);
        for line in [
            r#"trygglogg_http_requests_total{route="/healthz",method="GET",status="200"} 1"#,
            r#"trygglogg_append_requests_total{outcome="replayed"} 1"#,
            "trygglogg_appended_events_total 3",
            "trygglogg_log_head_position 42",
            r#"trygglogg_projection_lag_events{projection="follow_up"} 7"#,
            r#"trygglogg_recorded_events_total{type="activity_completed"} 2"#,
            r#"trygglogg_refused_tokens_total{reason="wrong_role"} 1"#,
            r#"trygglogg_refusals_total{problem="/docs#problem-forbidden"} 1"#,
            r#"trygglogg_append_commit_events_bucket{le="2.0"} 0"#,
            r#"trygglogg_append_commit_events_bucket{le="4.0"} 1"#,
            "trygglogg_append_commit_events_count 1",
            r#"trygglogg_append_commit_fsync_seconds_bucket{le="0.0025"} 1"#,
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing from\n{text}"
            );
        }
        assert!(text.contains("trygglogg_http_request_duration_seconds_bucket"));
    }
}
