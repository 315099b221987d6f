//! Counts of a measurement in fixed buckets, as Prometheus reads a histogram,
//! without any metrics library: the writer records group-commit sizes and
//! fsync times, and whoever serves metrics reads them at scrape time.

use std::sync::Mutex;

/// A histogram over fixed upper bounds (the last bucket, `f64::MAX`, is `+Inf`).
#[derive(Debug)]
pub struct Buckets {
    bounds: &'static [f64],
    state: Mutex<Snapshot>,
}

/// What a [`Buckets`] holds: each bucket's own count (not cumulative), the
/// sum and the count of the observations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub buckets: Vec<(f64, u64)>,
    pub sum: f64,
    pub count: u64,
}

impl Buckets {
    pub fn new(bounds: &'static [f64]) -> Self {
        let mut buckets: Vec<(f64, u64)> = bounds.iter().map(|b| (*b, 0)).collect();
        // `f64::MAX` is what prometheus-client writes as `+Inf`.
        buckets.push((f64::MAX, 0));
        Buckets {
            bounds,
            state: Mutex::new(Snapshot {
                buckets,
                sum: 0.0,
                count: 0,
            }),
        }
    }

    pub fn observe(&self, value: f64) {
        let index = self
            .bounds
            .iter()
            .position(|bound| value <= *bound)
            .unwrap_or(self.bounds.len());
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.buckets[index].1 += 1;
        state.sum += value;
        state.count += 1;
    }

    pub fn snapshot(&self) -> Snapshot {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_lands_in_the_first_bucket_that_holds_it() {
        let buckets = Buckets::new(&[1.0, 10.0]);
        for value in [0.5, 1.0, 3.0, 100.0] {
            buckets.observe(value);
        }
        let snapshot = buckets.snapshot();
        assert_eq!(snapshot.buckets, [(1.0, 2), (10.0, 1), (f64::MAX, 1)]);
        assert_eq!(snapshot.count, 4);
        assert_eq!(snapshot.sum, 104.5);
    }
}
