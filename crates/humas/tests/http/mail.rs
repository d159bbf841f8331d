//! Notification e-mail through SMTP, received by a small SMTP sink on loopback
//! written here (it speaks just enough of RFC 5321 to accept messages).

use crate::helpers::TestApp;
use humas::config::SmtpConfig;
use humas_core::{Humas, Role};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Accepts connections on 127.0.0.1 and sends each received message's data on the channel.
async fn smtp_sink() -> (u16, mpsc::UnboundedReceiver<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    let line = line.trim_end_matches('\r').to_string();
                    if let Some(d) = data.as_mut() {
                        if line == "." {
                            let _ = tx.send(std::mem::take(d));
                            data = None;
                            let _ = w.write_all(b"250 queued\r\n").await;
                        } else {
                            d.push_str(&line);
                            d.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    (port, rx)
}

#[tokio::test]
async fn an_approaching_due_time_is_mailed_to_the_agencys_officers() {
    let (port, mut inbox) = smtp_sink().await;
    let engine = std::env::var("HUMAS_TEST_ENGINE").unwrap_or_else(|_| "sqlite".into());
    let app = TestApp::spawn_with(&engine, |c| {
        c.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            from: "humas <humas@example.go.id>".into(),
            username: None,
            password: None,
        });
    })
    .await;
    let sys = Humas::system_actor();
    app.humas
        .create_user(
            &sys,
            humas_core::user::UserInput {
                username: "b.kabid".into(),
                display_name: "Kabid B".into(),
                email: "kabid@dinkes.example.go.id".into(),
                role: Role::Official,
                agency_id: Some(app.agency_b),
                password: crate::helpers::PASSWORD.into(),
            },
        )
        .await
        .expect("official with e-mail");
    // A one-hour first-response target puts a new item inside the two-hour warning window.
    let mut sop = app.humas.sop(app.agency_b).await.expect("sop");
    sop.first_response_hours = 1;
    app.humas.save_sop(&sys, sop).await.expect("sop");
    let id = app.item(app.agency_b, "mail-1", "Kapan posyandu buka?").await;
    assert_eq!(app.humas.sweep_clocks().await.expect("sweep"), 1);
    // The background worker or this loop sends it, whichever comes first.
    while app.humas.run_next_job().await.expect("job") {}
    let data = tokio::time::timeout(std::time::Duration::from_secs(10), inbox.recv())
        .await
        .expect("an e-mail within 10 s")
        .expect("message");
    assert!(data.contains("To: kabid@dinkes.example.go.id"), "{data}");
    assert!(data.contains(&format!("#{id}")), "{data}");
    assert!(data.contains(&format!("/pesan/{id}")), "{data}");
}
