//! An ordered parallel map: steps go to a pool of threads and come back in
//! the order they were taken, so that output is the same bytes on one
//! thread or many. Memory is bounded: at most a few steps per thread are
//! in flight.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc;

/// Steps in flight per thread, at most.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// Run `f` over `work` on `threads` threads and give each result to
/// `done`, in the order of `work`. `done` returns true to stop (the rest
/// of `work` is not taken); so does this function then. With one thread,
/// everything runs on the caller's.
pub(crate) fn map<W, D>(
    threads: usize,
    work: impl Iterator<Item = W>,
    f: impl Fn(W) -> D + Sync,
    mut done: impl FnMut(D) -> anyhow::Result<bool>,
) -> anyhow::Result<bool>
where
    W: Send,
    D: Send,
{
    if threads <= 1 {
        for w in work {
            if done(f(w))? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let (job_tx, job_rx) = mpsc::sync_channel::<(u64, W)>(threads * 2);
    let job_rx = Mutex::new(job_rx);
    // A step whose `f` panicked comes back as `None`: the run stops with
    // an error instead of waiting for it forever.
    let (out_tx, out_rx) = mpsc::channel::<(u64, Option<D>)>();
    std::thread::scope(|scope| {
        // The workers end when `job_tx` goes (at the end of this scope's
        // closure, on every return).
        let job_tx = job_tx;
        for n in 0..threads {
            let (job_rx, out_tx, f) = (&job_rx, out_tx.clone(), &f);
            std::thread::Builder::new()
                .name(format!("clean-{n}"))
                .spawn_scoped(scope, move || {
                    loop {
                        // One thread waits for the next step; the others
                        // wait for it to take it.
                        let job = match job_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok((seq, w)) = job else { break };
                        let done =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(w))).ok();
                        if out_tx.send((seq, done)).is_err() {
                            break;
                        }
                    }
                })?;
        }
        drop(out_tx);
        let limit = (threads * IN_FLIGHT_PER_THREAD) as u64;
        let mut work = work.fuse();
        let mut taken = 0u64;
        let mut next = 0u64;
        let mut ready = BTreeMap::new();
        loop {
            while taken - next < limit {
                let Some(w) = work.next() else { break };
                if job_tx.send((taken, w)).is_err() {
                    anyhow::bail!("the cleaning threads stopped");
                }
                taken += 1;
            }
            if next == taken {
                return Ok(false);
            }
            let Ok((seq, d)) = out_rx.recv() else {
                anyhow::bail!("the cleaning threads stopped");
            };
            ready.insert(seq, d);
            while let Some(d) = ready.remove(&next) {
                next += 1;
                let Some(d) = d else {
                    anyhow::bail!("a cleaning thread failed (a bug in thresh: please report it)");
                };
                if done(d)? {
                    return Ok(true);
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_on_any_number_of_threads() {
        for threads in [1, 2, 7] {
            let mut seen = Vec::new();
            // Later steps finish first.
            let stopped = map(
                threads,
                0..100u64,
                |i| {
                    std::thread::sleep(std::time::Duration::from_micros((100 - i) * 20));
                    i * 2
                },
                |d| {
                    seen.push(d);
                    Ok(false)
                },
            )
            .unwrap();
            assert!(!stopped);
            assert_eq!(
                seen,
                (0..100).map(|i| i * 2).collect::<Vec<_>>(),
                "{threads}"
            );
        }
    }

    #[test]
    fn a_step_that_panics_stops_the_run_with_an_error_not_a_hang() {
        let result = map(
            2,
            0..50u32,
            |i| {
                assert!(i != 7, "a bug");
                i
            },
            |_| Ok(false),
        );
        assert!(result.is_err());
    }

    #[test]
    fn a_stop_takes_no_more_work() {
        let taken = std::sync::atomic::AtomicUsize::new(0);
        let work = (0..10_000).inspect(|_| {
            taken.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        let stopped = map(2, work, |i| i, |d| Ok(d == 10)).unwrap();
        assert!(stopped);
        // What was in flight when the stop came, no more.
        assert!(taken.load(std::sync::atomic::Ordering::SeqCst) <= 11 + 2 * IN_FLIGHT_PER_THREAD);
    }
}
