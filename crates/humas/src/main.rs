fn main() -> std::process::ExitCode {
    humas::run()
}
