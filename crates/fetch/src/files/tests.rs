//! Tests of [`expand`] and [`read_path`] on temporary directories.

use std::io::Write as _;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;

fn s(path: &Path) -> String {
    path.display().to_string()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn paths(inputs: &[Result<Input, FetchError>]) -> Vec<String> {
    inputs
        .iter()
        .map(|i| match i {
            Ok(Input::Path(p)) => p.file_name().unwrap().to_string_lossy().into_owned(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn missing_path_is_a_not_found_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.html");
    let out = expand(&[s(&missing)]);
    assert_eq!(out.len(), 1);
    match &out[0] {
        Err(FetchError::Io { path, source }) => {
            assert_eq!(path, &missing);
            assert_eq!(source.kind(), io::ErrorKind::NotFound);
        }
        other => panic!("expected Io, got {other:?}"),
    }
    let err = read_path(&missing, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("nope.html"), "{err}");
}

#[test]
fn urls_stdin_and_paths_keep_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.html");
    std::fs::write(&file, "<p>a</p>").unwrap();
    let args = [
        "https://example.com/x?y=1".to_string(),
        "-".to_string(),
        s(&file),
        "HTTP://example.com/".to_string(),
    ];
    let out: Vec<Input> = expand(&args).into_iter().map(Result::unwrap).collect();
    assert_eq!(
        out,
        vec![
            Input::Url("https://example.com/x?y=1".into()),
            Input::Stdin,
            Input::Path(file),
            Input::Url("HTTP://example.com/".into()),
        ]
    );
}

#[test]
fn other_schemes_and_bad_urls_are_invalid_urls_naming_them() {
    let args = [
        "ftp://example.com/a".to_string(),
        "file:///etc/passwd".to_string(),
        "http://exa mple.com/".to_string(),
        "https://".to_string(),
    ];
    for (arg, result) in args.iter().zip(expand(&args)) {
        match result {
            Err(err @ FetchError::InvalidUrl { .. }) => {
                assert!(err.to_string().starts_with(arg.as_str()), "{err}");
            }
            other => panic!("{arg}: expected InvalidUrl, got {other:?}"),
        }
    }
    let err = check_url("ftp://example.com/a").unwrap_err();
    assert!(err.to_string().contains("scheme `ftp`"), "{err}");
}

#[test]
fn directory_walk_is_sorted_recursive_and_skips_hidden_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b/nested")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    for name in [
        "c.html",
        "a.txt",
        ".hidden.html",
        "b/z.html",
        "b/nested/y.htm",
        "b/page.html.gz",
        ".git/config",
        "README.md",
        "photo.png",
        "Makefile",
    ] {
        std::fs::write(root.join(name), name).unwrap();
    }
    let out = expand(&[s(root)]);
    assert_eq!(
        paths(&out),
        ["a.txt", "y.htm", "page.html.gz", "z.html", "c.html"]
    );
    assert_eq!(
        out[1].as_ref().unwrap(),
        &Input::Path(root.join("b/nested/y.htm"))
    );
}

#[test]
fn a_file_named_explicitly_is_taken_whatever_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.data");
    std::fs::write(&path, "x").unwrap();
    assert_eq!(paths(&expand(&[s(&path)])), ["page.data"]);
}

#[test]
fn a_hidden_directory_named_explicitly_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    let hidden = dir.path().join(".pages");
    std::fs::create_dir(&hidden).unwrap();
    std::fs::write(hidden.join("a.html"), "a").unwrap();
    assert_eq!(paths(&expand(&[s(&hidden)])), ["a.html"]);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_an_error_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/a.html"), "a").unwrap();
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    std::fs::write(root.join("z.html"), "z").unwrap();
    let out = expand(&[s(root)]);
    assert_eq!(out.len(), 3, "{out:?}");
    assert_eq!(
        out[0].as_ref().unwrap(),
        &Input::Path(root.join("sub/a.html"))
    );
    let err = out[1].as_ref().unwrap_err();
    assert!(err.to_string().contains("loop"), "{err}");
    assert!(matches!(err, FetchError::Io { path, .. } if path.ends_with("sub/loop")));
    assert_eq!(out[2].as_ref().unwrap(), &Input::Path(root.join("z.html")));
}

#[cfg(unix)]
#[test]
fn unreadable_entries_are_errors_naming_them_and_the_rest_still_come_back() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.html"), "a").unwrap();
    std::fs::write(root.join("b.html"), "b").unwrap();
    std::fs::write(root.join("c.html"), "c").unwrap();
    std::fs::create_dir(root.join("d")).unwrap();
    std::fs::write(root.join("d/inner.html"), "inner").unwrap();
    let locked = std::fs::Permissions::from_mode(0o000);
    std::fs::set_permissions(root.join("b.html"), locked.clone()).unwrap();
    std::fs::set_permissions(root.join("d"), locked).unwrap();
    // Root (CAP_DAC_OVERRIDE) reads through chmod 000: find out.
    let privileged = std::fs::read(root.join("b.html")).is_ok();

    let out = expand(&[s(root)]);
    let limits = Limits::default();
    let read: Vec<Result<Page, FetchError>> = out
        .into_iter()
        .map(|input| match input? {
            Input::Path(p) => read_path(&p, &limits),
            other => panic!("unexpected {other:?}"),
        })
        .collect();

    let ok: Vec<&str> = read
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|p| p.source.as_str()))
        .collect();
    assert!(ok.iter().any(|s| s.ends_with("a.html")), "{read:?}");
    assert!(ok.iter().any(|s| s.ends_with("c.html")), "{read:?}");
    if privileged {
        assert_eq!(read.len(), 4, "{read:?}");
        assert!(read.iter().all(Result::is_ok), "{read:?}");
    } else {
        assert_eq!(
            read.len(),
            4,
            "a, b (unreadable), c, d (unreadable): {read:?}"
        );
        let errors: Vec<String> = read
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("b.html"), "{errors:?}");
        assert!(errors[1].contains(&s(&root.join("d"))), "{errors:?}");
    }

    // Let the temporary directory be removed.
    let open = std::fs::Permissions::from_mode(0o755);
    std::fs::set_permissions(root.join("d"), open.clone()).unwrap();
    std::fs::set_permissions(root.join("b.html"), open).unwrap();
}

#[test]
fn empty_file_reads_as_an_empty_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.html");
    std::fs::write(&path, "").unwrap();
    let page = read_path(&path, &Limits::default()).unwrap();
    assert!(page.body.is_empty());
    assert_eq!(page.source, s(&path));
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
    assert!(page.fetched_at.is_some());
    assert_eq!(page.status, None);
}

#[test]
fn content_type_is_guessed_from_the_extension() {
    for (name, expected) in [
        ("a.html", Some("text/html")),
        ("a.HTM", Some("text/html")),
        ("a.xhtml", Some("text/html")),
        ("a.txt", Some("text/plain")),
        ("a.txt.gz", Some("text/plain")),
        ("a.json", None),
        ("README", None),
        ("a.gz", None),
    ] {
        assert_eq!(content_type_for(Path::new(name)), expected, "{name}");
    }
}

#[test]
fn html_gz_is_decompressed_transparently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html.gz");
    std::fs::write(&path, gzip(b"<p>hello</p>")).unwrap();
    let page = read_path(&path, &Limits::default()).unwrap();
    assert_eq!(page.body, b"<p>hello</p>");
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
    assert_eq!(page.source, s(&path));
}

#[test]
fn gzip_magic_is_decompressed_whatever_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    // Two concatenated members are one stream.
    let mut data = gzip(b"<p>one</p>");
    data.extend(gzip(b"<p>two</p>"));
    std::fs::write(&path, data).unwrap();
    let page = read_path(&path, &Limits::default()).unwrap();
    assert_eq!(page.body, b"<p>one</p><p>two</p>");
}

#[test]
fn corrupt_gz_is_a_gzip_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits::default();

    let not_gzip = dir.path().join("plain.html.gz");
    std::fs::write(&not_gzip, "<p>not gzip at all</p>").unwrap();
    let truncated = dir.path().join("truncated.html.gz");
    let mut data = gzip(&[b'x'; 10_000]);
    data.truncate(data.len() / 2);
    std::fs::write(&truncated, data).unwrap();

    for path in [not_gzip, truncated] {
        match read_path(&path, &limits) {
            Err(err @ FetchError::Gzip { .. }) => {
                assert!(err.to_string().contains(&s(&path)), "{err}");
            }
            other => panic!("{}: expected Gzip, got {other:?}", path.display()),
        }
    }
}

#[test]
fn gzip_bomb_is_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.html.gz");
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..60 {
        enc.write_all(&zeros).unwrap();
    }
    let data = enc.finish().unwrap();
    assert!(data.len() < 1024 * 1024, "the bomb itself is small");
    std::fs::write(&path, data).unwrap();
    let limits = Limits {
        max_bytes: 1024 * 1024,
    };
    match read_path(&path, &limits) {
        Err(FetchError::TooLarge { input, limit }) => {
            assert_eq!(input, s(&path));
            assert_eq!(limit, 1024 * 1024);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn file_over_the_limit_is_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.html");
    // Sparse: 200 MB on paper, nothing on disk.
    File::create(&path)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    match read_path(&path, &Limits::default()) {
        Err(err @ FetchError::TooLarge { .. }) => {
            assert!(err.to_string().contains("huge.html"), "{err}");
            assert!(err.to_string().contains("52428800-byte limit"), "{err}");
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn file_at_the_limit_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exact.txt");
    std::fs::write(&path, [b'x'; 64]).unwrap();
    let page = read_path(&path, &Limits { max_bytes: 64 }).unwrap();
    assert_eq!(page.body.len(), 64);
    assert!(read_path(&path, &Limits { max_bytes: 63 }).is_err());
}

#[test]
fn a_directory_given_to_read_path_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_path(dir.path(), &Limits::default()).unwrap_err();
    assert!(matches!(err, FetchError::Io { .. }), "{err:?}");
}
