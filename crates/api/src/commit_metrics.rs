//! The append-commit histograms (events per group commit, seconds to make it
//! durable), kept by the store's writer and read into `/metrics` at scrape
//! time: a custom collector, since the store knows nothing of Prometheus.

use std::sync::{Arc, Mutex};

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use trygglogg_store::{Snapshot, WriterStats};

/// The writer's histograms as of the last scrape.
#[derive(Debug, Clone, Default)]
pub(crate) struct CommitHistograms(Arc<Mutex<[Snapshot; 2]>>);

impl CommitHistograms {
    /// Takes the writer's counts now, for the encoding that follows.
    pub(crate) fn update(&self, stats: &WriterStats) {
        let now = [stats.group_sizes.snapshot(), stats.fsync_seconds.snapshot()];
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

impl Collector for CommitHistograms {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let [sizes, fsync] = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let described = [
            (
                "append_commit_events",
                "Events per durable group commit of the log.",
                sizes,
            ),
            (
                "append_commit_fsync_seconds",
                "Time to make a group commit durable (sled's flush and the fsync).",
                fsync,
            ),
        ];
        for (name, help, snapshot) in described {
            let mut metric = encoder.encode_descriptor(name, help, None, MetricType::Histogram)?;
            metric.encode_histogram::<NoLabelSet>(
                snapshot.sum,
                snapshot.count,
                &snapshot.buckets,
                None,
            )?;
        }
        Ok(())
    }
}
