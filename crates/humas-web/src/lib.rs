//! The web interface (server-rendered pages, Indonesian first) and the JSON
//! API under `/api/v1` with its OpenAPI document. Handlers translate HTTP to
//! calls on [`humas_core::Humas`], which decides who may do what.

mod api;
mod assets;
mod error;
mod fmt;
mod i18n;
mod import;
mod pages;
mod session;
mod upload;

use axum::Router;
use humas_core::Humas;
use std::net::SocketAddr;
use tokio::net::TcpListener;

pub use api::openapi_json;

#[derive(Clone)]
pub struct AppState {
    pub humas: Humas,
    /// Mark cookies `Secure`; on when served behind HTTPS.
    pub secure_cookies: bool,
}

/// The whole application: pages, API, static assets, health check.
pub fn app(state: AppState) -> Router {
    use axum::http::{HeaderValue, header};
    use tower_http::set_header::SetResponseHeaderLayer;

    let max_body = state.humas.settings.max_upload_bytes + 64 * 1024;
    Router::new()
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .merge(assets::router())
        .route("/healthz", axum::routing::get(healthz))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    match state.humas.store.audit_head().await {
        Ok(_) => (axum::http::StatusCode::OK, axum::Json(serde_json::json!({"status": "ok"}))).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "database unavailable"})),
            )
                .into_response()
        }
    }
}

/// Serves on a listener the caller bound (tests bind port 0 and read the port back).
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
