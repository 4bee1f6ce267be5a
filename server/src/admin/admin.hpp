// SPDX-License-Identifier: Apache-2.0
// jejak-admin: the command table and the entry point that dispatches to it.
#pragma once

#include "jejak/shared/error.hpp"

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// Exit statuses of every jejak-admin command.
inline constexpr int kAdminOk = 0;
inline constexpr int kAdminFailed = 1; ///< understood but refused, or failed (the reason is on stderr)
inline constexpr int kAdminUsage = 2;  ///< bad arguments (a usage line is on stderr)

/// Runs one command. `args` are the arguments after the command's words; `in` is for secrets (passwords
/// are read from it, never from arguments); results go to `out`, reasons and problems to `err`.
using AdminRun = int (*)(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                         std::ostream& err);

/// One row of the command table.
struct AdminCommand {
    std::string_view words; ///< the command as typed: "init-db", "audit verify", "user add"
    std::string_view
        usage; ///< the arguments after the words, for usage lines: "[--data-dir DIR] BUNDLE.json"
    std::string_view summary; ///< one line for --help
    AdminRun run;
};

/// Every command, in --help order. To add one, write its AdminRun in admin/<topic>_commands.cpp and add a
/// row to the table in admin.cpp.
[[nodiscard]] std::span<const AdminCommand> adminCommands() noexcept;

/// The usage line of a command: "usage: jejak-admin <words> <usage>".
[[nodiscard]] std::string usageLine(const AdminCommand& command);

/// Prints "jejak-admin <words>: <reason>" and then the usage line of the command named `words` to `err`;
/// returns kAdminUsage.
int adminUsage(std::ostream& err, std::string_view words, const std::string& reason);

/// Prints "jejak-admin <words>: <error>" to `err`; returns kAdminFailed.
int adminFailed(std::ostream& err, std::string_view words, const shared::Error& error);

/// Dispatches `args` (without the program name) to the command whose words they start with, longest
/// match first. `--help`/`-h` (or `help`) prints every command and returns kAdminOk; no or an unknown
/// command prints the command list to `err` and returns kAdminUsage. Never throws: an exception from a
/// command is reported on `err` as kAdminFailed.
int runAdmin(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
             std::ostream& err) noexcept;

/// runAdmin over the process's argv and standard streams (admin_main.cpp).
int runAdminMain(int argc, char** argv) noexcept;

} // namespace jejak::server
