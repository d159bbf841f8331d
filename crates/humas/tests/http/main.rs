//! Black-box HTTP tests: the real server on port 0, a fresh database per test.
//! `HUMAS_TEST_ENGINE=postgres` (with `HUMAS_TEST_DATABASE_URL`) runs them on PostgreSQL.

mod authz;
mod bad_input;
mod channels;
mod desk;
mod helpers;
mod mail;
mod pages;
mod public;
mod publishing;
mod reports;
