#include <cstdio>

#include "cli/command_line.h"
#include "cli/exit_status.h"
#include "util/error.h"
#include "util/log.h"

int main(int argc, char** argv) {
  using namespace berth;
  CLI::App app{"berth: compose stacks straight on the Linux kernel", "berth"};
  app.require_subcommand(1);
  app.fallthrough();

  cli::GlobalOptions options;
  auto verb = cli::chosen_verb(argc, argv);  // before the real flags: it registers its own
  cli::add_global_options(app, options);
  app.parse_complete_callback([&] {
    if (options.log_level)
      log::set_level(*options.log_level);
    else
      log::init_from_environment();
  });
  cli::add_verbs(app, options, verb);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const cli::ExitStatus& status) {
    return status.code;
  } catch (const Error& e) {
    std::fprintf(stderr, "berth: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "berth: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
