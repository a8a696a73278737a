fn main() -> std::process::ExitCode {
    lvyue::cli::main()
}
