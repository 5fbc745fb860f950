//! Background work: one small runner for every job of an app server. A job
//! is a name, a schedule and a run function that does one batch; the runner
//! runs each on a task of its own, reports every batch to `metrics`, logs a
//! failure (a panic included) with the job's name and goes on, and on
//! shutdown lets a running batch finish. Outbox drains take their rows with
//! the leasing in `lease`, shared by search, mail and webhooks.
//!
//! Each server runs every job; what makes work happen once across servers
//! is in the database (leases, rows claimed in the transaction that does the
//! work), never in this process.

pub mod lease;

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, NaiveTime};

use crate::db::{DbConn, DbPool};

/// When a job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// At start, then this long after each batch ends.
    Every(Duration),
    /// Every day at this time (UTC), and once at start so that a day the
    /// server was down at that time is not skipped: a daily job knows from
    /// the database whether the day's work is done.
    DailyAt(NaiveTime),
}

impl Schedule {
    pub fn every_seconds(seconds: u64) -> Schedule {
        Schedule::Every(Duration::from_secs(seconds))
    }
}

type Batch = Pin<Box<dyn Future<Output = anyhow::Result<usize>>>>;

/// One kind of background work. `run` does one batch and says how many
/// items it handled (rows sent, reminders, digests); 0 is an idle round.
pub struct Job {
    pub name: &'static str,
    pub schedule: Schedule,
    /// A batch that handled items is followed by the next one at once (an
    /// outbox drains its backlog before it waits).
    pub again_while_busy: bool,
    /// How long after a failed batch the next one starts.
    pub after_failure: Duration,
    run: Box<dyn Fn() -> Batch>,
}

impl Job {
    pub fn new<F, Fut>(name: &'static str, schedule: Schedule, run: F) -> Job
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = anyhow::Result<usize>> + 'static,
    {
        let after_failure = match schedule {
            Schedule::Every(interval) => interval,
            Schedule::DailyAt(_) => Duration::from_secs(60),
        };
        Job {
            name,
            schedule,
            again_while_busy: false,
            after_failure,
            run: Box::new(move || Box::pin(run())),
        }
    }

    pub fn again_while_busy(mut self) -> Job {
        self.again_while_busy = true;
        self
    }

    pub fn after_failure(mut self, wait: Duration) -> Job {
        self.after_failure = wait;
        self
    }

    /// How long to wait before the next batch, given how the last one ended.
    fn wait_after(&self, outcome: &anyhow::Result<usize>, now: NaiveDateTime) -> Duration {
        match outcome {
            Err(_) => self.after_failure,
            Ok(items) if *items > 0 && self.again_while_busy => Duration::ZERO,
            Ok(_) => match self.schedule {
                Schedule::Every(interval) => interval,
                Schedule::DailyAt(at) => (next_daily(at, now) - now).to_std().unwrap_or_default(),
            },
        }
    }
}

/// The first moment after `now` that is `at` on some day.
pub fn next_daily(at: NaiveTime, now: NaiveDateTime) -> NaiveDateTime {
    let today = now.date().and_time(at);
    if today > now {
        today
    } else {
        today + chrono::Duration::days(1)
    }
}

/// Runs one batch of a job as the runner does: the outcome (a panic is an
/// error) is reported to metrics and a failure logged with the job's name.
pub async fn run_once(job: &Job) -> anyhow::Result<usize> {
    let started = Instant::now();
    // On a task of its own, so that a panic ends the batch, not the runner.
    let outcome = match actix_web::rt::spawn((job.run)()).await {
        Ok(outcome) => outcome,
        Err(e) if e.is_panic() => Err(anyhow::anyhow!("the batch panicked")),
        Err(e) => Err(anyhow::anyhow!("the batch was cancelled: {e}")),
    };
    crate::metrics::job_finished(job.name, outcome.as_ref().ok().copied(), started.elapsed());
    if let Err(e) = &outcome {
        tracing::warn!(
            job = job.name,
            error = format!("{e:#}"),
            "background job failed"
        );
    }
    outcome
}

/// The jobs of a running server; `stop` ends them between batches.
pub struct Runner {
    stop: tokio::sync::watch::Sender<bool>,
    tasks: Vec<actix_web::rt::task::JoinHandle<()>>,
}

impl Runner {
    /// Starts every job on the current (actix) runtime.
    pub fn start(jobs: Vec<Job>) -> Runner {
        let mut names: Vec<&str> = jobs.iter().map(|job| job.name).collect();
        names.sort_unstable();
        names.dedup();
        // Metrics and logs tell jobs apart by name.
        assert_eq!(names.len(), jobs.len(), "two jobs share a name");
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let tasks = jobs
            .into_iter()
            .map(|job| actix_web::rt::spawn(run_job(job, stopped.clone())))
            .collect();
        Runner { stop, tasks }
    }

    /// Asks every job to stop and waits for the batches that are running.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

async fn run_job(job: Job, mut stopped: tokio::sync::watch::Receiver<bool>) {
    let mut wait = Duration::ZERO;
    loop {
        // The stop signal is only looked at here, between batches.
        let stop_now = *stopped.borrow_and_update()
            || actix_web::rt::time::timeout(wait, stopped.changed())
                .await
                .is_ok();
        if stop_now {
            return;
        }
        let outcome = run_once(&job).await;
        wait = job.wait_after(&outcome, chrono::Utc::now().naive_utc());
    }
}

/// One database step of a job, on the blocking pool with a pooled connection.
pub async fn blocking<T, E>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
) -> anyhow::Result<T>
where
    T: Send + 'static,
    E: Into<anyhow::Error> + Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || -> anyhow::Result<T> {
        let mut conn = pool.get()?;
        work(&mut conn).map_err(Into::into)
    })
    .await
    .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?
}

/// A rule's error as a job reports it: with its cause, which the public
/// message (its Display) leaves out.
pub fn app_error(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    use chrono::{NaiveDate, NaiveTime};

    use super::{next_daily, Job, Runner, Schedule};

    #[test]
    fn a_daily_schedule_runs_next_at_its_time_today_or_tomorrow() {
        let at = NaiveTime::from_hms_opt(8, 1, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let before = day.and_hms_opt(7, 59, 30).unwrap();
        assert_eq!(next_daily(at, before), day.and_time(at));
        // At the very moment, and after it: tomorrow (across a year's end).
        let next_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap().and_time(at);
        assert_eq!(next_daily(at, day.and_time(at)), next_year);
        assert_eq!(
            next_daily(at, day.and_hms_opt(23, 0, 0).unwrap()),
            next_year
        );

        let job = Job::new("daily", Schedule::DailyAt(at), || async { Ok(0) });
        assert_eq!(job.wait_after(&Ok(0), before), Duration::from_secs(90));
        assert_eq!(
            job.wait_after(&Err(anyhow::anyhow!("down")), before),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn a_busy_drain_runs_again_at_once_and_waits_when_idle() {
        let job = Job::new("drain", Schedule::every_seconds(1), || async { Ok(0) })
            .again_while_busy()
            .after_failure(Duration::from_secs(5));
        let now = chrono::Utc::now().naive_utc();
        assert_eq!(job.wait_after(&Ok(3), now), Duration::ZERO);
        assert_eq!(job.wait_after(&Ok(0), now), Duration::from_secs(1));
        assert_eq!(
            job.wait_after(&Err(anyhow::anyhow!("down")), now),
            Duration::from_secs(5)
        );
    }

    /// A job that counts its batches.
    fn counting(name: &'static str, runs: &Rc<Cell<u32>>) -> Job {
        let runs = runs.clone();
        Job::new(name, Schedule::Every(Duration::from_millis(5)), move || {
            let runs = runs.clone();
            async move {
                runs.set(runs.get() + 1);
                Ok(1)
            }
        })
    }

    #[actix_web::test]
    async fn a_failing_or_panicking_job_does_not_stop_the_others() {
        let healthy = Rc::new(Cell::new(0));
        let failing_runs = Rc::new(Cell::new(0));
        let failing = {
            let runs = failing_runs.clone();
            Job::new(
                "failing",
                Schedule::Every(Duration::from_millis(5)),
                move || {
                    let runs = runs.clone();
                    async move {
                        runs.set(runs.get() + 1);
                        anyhow::bail!("the database is away")
                    }
                },
            )
        };
        // Panics in its first batch only (a panic's report is slow to print).
        let panicking_runs = Rc::new(Cell::new(0));
        let panicking = {
            let runs = panicking_runs.clone();
            Job::new(
                "panicking",
                Schedule::Every(Duration::from_millis(5)),
                move || {
                    let runs = runs.clone();
                    async move {
                        runs.set(runs.get() + 1);
                        assert!(runs.get() > 1, "a bug in a job");
                        Ok(0)
                    }
                },
            )
        };
        let runner = Runner::start(vec![failing, panicking, counting("healthy", &healthy)]);
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while [&healthy, &failing_runs, &panicking_runs]
            .iter()
            .any(|runs| runs.get() < 5)
            && std::time::Instant::now() < deadline
        {
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        }
        runner.stop().await;
        assert!(
            healthy.get() >= 5,
            "the healthy job ran {} times",
            healthy.get()
        );
        assert!(failing_runs.get() >= 5, "a failing job is tried again");
        assert!(
            panicking_runs.get() >= 5,
            "a job that panicked is run again"
        );
    }

    #[actix_web::test]
    async fn shutdown_lets_a_running_batch_finish_and_starts_no_other() {
        let started = Rc::new(Cell::new(0));
        let finished = Rc::new(Cell::new(0));
        let slow = {
            let (started, finished) = (started.clone(), finished.clone());
            Job::new("slow", Schedule::Every(Duration::ZERO), move || {
                let (started, finished) = (started.clone(), finished.clone());
                async move {
                    started.set(started.get() + 1);
                    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
                    finished.set(finished.get() + 1);
                    Ok(1)
                }
            })
        };
        let runner = Runner::start(vec![slow]);
        while started.get() == 0 {
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(
            (started.get(), finished.get()),
            (1, 0),
            "a batch is running"
        );
        runner.stop().await;
        assert_eq!(
            (started.get(), finished.get()),
            (1, 1),
            "it finished, no other began"
        );
    }
}
