//! Counting outcomes and reporting failures on stderr.

/// What a command did.
#[derive(Debug, Default)]
pub struct Report {
    /// Inputs that went through.
    pub ok: usize,
    /// Inputs that failed (each already reported on stderr).
    pub failed: usize,
    /// Inputs that held nothing to clean (an empty directory, a WARC file
    /// without pages), each warned about on stderr.
    pub empty: usize,
    /// Pages skipped as in another language than `--target-language`.
    pub other_language: usize,
    /// The command printed its own summary line already.
    pub summary_printed: bool,
}

impl Report {
    /// Record and print one failure: one line naming the input.
    pub fn fail(&mut self, error: &anyhow::Error) {
        self.failed += 1;
        crate::logbar::say(&format!("thresh: error: {}", one_line(error)));
    }

    /// Record and print an input that held nothing (a failure with
    /// `strict`).
    pub fn nothing_in(&mut self, input: &str, strict: bool) {
        self.empty_result(input, "no pages in it", strict);
    }

    /// Record and print an input that gave an empty result (`what` says
    /// which): a warning counted as empty, or with `strict` a failure.
    pub fn empty_result(&mut self, input: &str, what: &str, strict: bool) {
        if strict {
            self.fail(&anyhow::anyhow!("{input}: {what} (--strict)"));
        } else {
            self.empty += 1;
            crate::logbar::say(&format!("thresh: warning: {input}: {what}"));
        }
    }

    /// Record a page skipped for its language (said at info level only:
    /// the summary counts them).
    pub fn skipped_language(&mut self, why: &str) {
        self.other_language += 1;
        tracing::info!("{why}");
    }

    /// The summary line for stderr.
    pub fn summary(&self) -> String {
        let empty = if self.empty > 0 {
            format!(", {} empty", self.empty)
        } else {
            String::new()
        };
        let other = if self.other_language > 0 {
            format!(", {} skipped (other language)", self.other_language)
        } else {
            String::new()
        };
        format!(
            "thresh: {} ok, {} failed{empty}{other}",
            self.ok, self.failed
        )
    }
}

/// An error and its causes on one line, each cause said once: a cause
/// whose text the message already holds (an I/O error that its wrapper
/// quotes) is not repeated.
pub fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_said_once() {
        let io = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "No such file or directory (os error 2)",
        );
        #[derive(Debug)]
        struct Wrapper(std::io::Error);
        impl std::fmt::Display for Wrapper {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "a.html: {}", self.0)
            }
        }
        impl std::error::Error for Wrapper {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = anyhow::Error::new(Wrapper(io)).context("cannot read input");
        assert_eq!(
            one_line(&e),
            "cannot read input: a.html: No such file or directory (os error 2)"
        );
    }
}
