//! Prometheus metrics: requests and their latency by route, method and status;
//! appends; the log's head; and the lag of each projection (fed by whoever runs
//! projections, through [`Metrics::set_projection_lag`]).

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

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

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    append_requests: Family<OutcomeLabels, Counter>,
    appended_events: Counter,
    head_position: Gauge,
    projection_lag: Family<ProjectionLabels, Gauge>,
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
            "log_head_position",
            "Position of the last durable event in the log",
            head_position.clone(),
        );
        registry.register(
            "projection_lag_events",
            "How many events of the log a projection has not applied yet",
            projection_lag.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            append_requests,
            appended_events,
            head_position,
            projection_lag,
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

    /// The hook for projections: how many events behind the log's head the
    /// projection named `projection` is (head position minus its checkpoint).
    pub fn set_projection_lag(&self, projection: &str, lag_events: u64) {
        self.projection_lag
            .get_or_create(&ProjectionLabels {
                projection: projection.to_owned(),
            })
            .set(i64::try_from(lag_events).unwrap_or(i64::MAX));
    }

    /// Every metric in the OpenMetrics text format, with the head as of now.
    pub fn render(&self, head_position: u64) -> String {
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
    fn the_text_holds_requests_appends_head_and_projection_lag() {
        let metrics = Metrics::default();
        metrics.observe_request("/healthz", "GET", 200, 0.002);
        metrics.observe_append(AppendOutcome::Appended, 3);
        metrics.observe_append(AppendOutcome::Replayed, 3);
        metrics.set_projection_lag("follow_up", 7);
        let text = metrics.render(42);
        for line in [
            r#"trygglogg_http_requests_total{route="/healthz",method="GET",status="200"} 1"#,
            r#"trygglogg_append_requests_total{outcome="replayed"} 1"#,
            "trygglogg_appended_events_total 3",
            "trygglogg_log_head_position 42",
            r#"trygglogg_projection_lag_events{projection="follow_up"} 7"#,
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing from\n{text}"
            );
        }
        assert!(text.contains("trygglogg_http_request_duration_seconds_bucket"));
    }
}
