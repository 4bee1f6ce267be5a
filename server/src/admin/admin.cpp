// SPDX-License-Identifier: Apache-2.0
// The jejak-admin command table and dispatch.
#include "admin/admin.hpp"

#include "admin/report_commands.hpp"
#include "admin/storage_commands.hpp"
#include "admin/user_commands.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <iostream>
#include <sstream>

namespace jejak::server {

namespace {

constexpr std::array kCommands{
    AdminCommand{"init-db", "[--data-dir DIR]",
                 "create DIR/jejak.db if missing and bring its schema up to date (idempotent)", &runInitDb},
    AdminCommand{
        "import", "[--data-dir DIR] [--actor NIP] [--clock-start RFC3339] BUNDLE.json",
        "replace the reference data with a bundle in one transaction; lists every problem and changes "
        "nothing when there is any",
        &runImport},
    AdminCommand{"audit verify", "[--data-dir DIR]",
                 "recompute the audit log's hash chain; names the first bad entry", &runAuditVerify},
    AdminCommand{"report realisation",
                 "--scope employee|team|unit|skpItem --id ID [--data-dir DIR] [--year YYYY] [--from DATE] "
                 "[--to DATE] [--format json|csv]",
                 "print realisation against targets (approved and rated activities) as JSON or CSV",
                 &runReportRealisation},
    AdminCommand{"user add", "--nip NIP [--data-dir DIR] [--password-ops-limit N] [--password-mem-limit-kib KIB]",
                 "create the login account of an imported employee; the password is read from stdin",
                 &runUserAdd},
    AdminCommand{"user passwd",
                 "--nip NIP [--data-dir DIR] [--password-ops-limit N] [--password-mem-limit-kib KIB]",
                 "set an account's password (read from stdin) and revoke all its sessions", &runUserPasswd},
};

/// How many leading arguments spell the command's words, or 0 when they do not.
std::size_t matchWords(const AdminCommand& command, const std::vector<std::string>& args) {
    std::istringstream words{std::string(command.words)};
    std::size_t n = 0;
    for (std::string word; words >> word; ++n) {
        if (n >= args.size() || args[n] != word)
            return 0;
    }
    return n;
}

void listCommands(std::ostream& to) {
    to << "Usage: jejak-admin <command> [options]\n\n"
          "Administration of a Jejak Kinerja data directory (DIR/jejak.db, DIR/blobs/; DIR defaults to "
          "./jejak-data).\nExit status: 0 done, 1 refused or failed (reason on stderr), 2 bad arguments.\n\n"
          "Commands:\n";
    for (const AdminCommand& command : kCommands) {
        to << "  jejak-admin " << command.words << ' ' << command.usage << '\n';
        to << "      " << command.summary << '\n';
    }
}

} // namespace

std::span<const AdminCommand> adminCommands() noexcept {
    return kCommands;
}

std::string usageLine(const AdminCommand& command) {
    return "usage: jejak-admin " + std::string(command.words) + " " + std::string(command.usage);
}

int adminUsage(std::ostream& err, std::string_view words, const std::string& reason) {
    err << "jejak-admin " << words << ": " << reason << '\n';
    const auto commands = adminCommands();
    const auto it = std::find_if(commands.begin(), commands.end(),
                                 [&](const AdminCommand& c) { return c.words == words; });
    if (it != commands.end())
        err << usageLine(*it) << '\n';
    return kAdminUsage;
}

int adminFailed(std::ostream& err, std::string_view words, const shared::Error& error) {
    err << "jejak-admin " << words << ": " << shared::toString(error) << '\n';
    return kAdminFailed;
}

int runAdmin(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
             std::ostream& err) noexcept {
    try {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
            listCommands(out);
            return kAdminOk;
        }
        const AdminCommand* best = nullptr;
        std::size_t bestWords = 0;
        for (const AdminCommand& command : kCommands) {
            if (const std::size_t n = matchWords(command, args); n > bestWords) {
                best = &command;
                bestWords = n;
            }
        }
        if (best == nullptr) {
            err << (args.empty() ? std::string("jejak-admin: no command given")
                                 : "jejak-admin: unknown command '" + args[0] + "'")
                << "\n\n";
            listCommands(err);
            return kAdminUsage;
        }
        const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(bestWords),
                                            args.end());
        return best->run(rest, in, out, err);
    } catch (const std::exception& e) {
        err << "jejak-admin: " << e.what() << '\n';
    } catch (...) {
        err << "jejak-admin: unknown exception\n";
    }
    return kAdminFailed;
}

int runAdminMain(int argc, char** argv) noexcept {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const int status = runAdmin(args, std::cin, std::cout, std::cerr);
        std::cout.flush();
        return status;
    } catch (...) {
        return kAdminFailed;
    }
}

} // namespace jejak::server
